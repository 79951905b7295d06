"""Write infra/resources.json: everything Chalice does not create, merged into `chalice package`'s template.

Kept as Python so the IAM statements, names and alarms are built from one list each; run by `make package`.
"""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from chalicelib.adapters.dynamodb import TABLE_SCHEMA  # noqa: E402  (the key schema the code queries)
from infra import observability  # noqa: E402

OUT = Path(__file__).with_name("resources.json")
TABLE_ARN = {"Fn::GetAtt": ["Table", "Arn"]}
INDEX_ARN = {"Fn::Sub": "${Table.Arn}/index/gsi1"}
QUEUE_ARN = {"Fn::GetAtt": ["MailQueue", "Arn"]}
DLQ_ARN = {"Fn::GetAtt": ["MailDeadLetterQueue", "Arn"]}
LOGS = {"Fn::Sub": "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:"
                   "/aws/lambda/${AWS::StackName}-*"}
SES_IDENTITY = {"Fn::Sub": "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/*"}
SES_CONFIG = {"Fn::Sub": "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:"
                         "configuration-set/${MailConfigurationSet}"}

# Least privilege per function: exactly the calls each one's code makes, on exactly our resources.
POLICIES: dict[str, list] = {
    "ApiHandlerRole": [
        (["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
          "dynamodb:DeleteItem", "dynamodb:BatchWriteItem", "dynamodb:Query"], [TABLE_ARN]),
        (["dynamodb:Query"], [INDEX_ARN]),  # the registry (sparse index); staff paths only otherwise
        (["sqs:SendMessage"], [QUEUE_ARN]),
        # staff re-drive of dead letters, and how many wait (the console, /staff/health)
        (["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"], [DLQ_ARN]),
        (["sqs:GetQueueAttributes"], [QUEUE_ARN]),
        # the link key; the Google key for the staff route that syncs the dashboard now; the staff scripts' tokens
        # and the console's Google sign-in client secret
        (["secretsmanager:GetSecretValue"], [{"Ref": "LinkKeySecret"}, {"Ref": "GoogleServiceAccountSecret"},
                                             {"Ref": "StaffTokensSecret"}, {"Ref": "GoogleClientSecret"}]),
    ],
    "MailWorkerRole": [
        (["dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:Query"], [TABLE_ARN]),
        (["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"],
         [QUEUE_ARN]),
        (["ses:SendEmail", "ses:SendRawEmail"], [SES_IDENTITY, SES_CONFIG]),
        (["secretsmanager:GetSecretValue"], [{"Ref": "LinkKeySecret"}]),
    ],
    "ScorecardSweeperRole": [
        (["dynamodb:Query"], [INDEX_ARN]),
        (["sqs:SendMessage"], [QUEUE_ARN]),
    ],
    "DailyCycleRole": [
        (["dynamodb:Query"], [INDEX_ARN, TABLE_ARN]),
        (["dynamodb:BatchGetItem", "dynamodb:BatchWriteItem"], [TABLE_ARN]),  # the purge reads, then deletes
        (["sqs:SendMessage"], [QUEUE_ARN]),
    ],
    "BenchmarkSnapshotRole": [  # its claim, one paged Query of the aggregates, batched writes of what it publishes
        (["dynamodb:Query", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem", "dynamodb:PutItem"], [TABLE_ARN]),
    ],
    "DashboardSyncRole": [
        (["dynamodb:Query", "dynamodb:GetItem", "dynamodb:PutItem"], [TABLE_ARN]),
        (["dynamodb:Query"], [INDEX_ARN]),  # pledges whose first assessment is overdue (a COUNT on gsi1)
        (["secretsmanager:GetSecretValue"], [{"Ref": "GoogleServiceAccountSecret"}]),
    ],
}
FUNCTIONS = {"APIHandler": "ApiHandlerRole", "MailWorker": "MailWorkerRole",
             "ScorecardSweeper": "ScorecardSweeperRole", "DashboardSync": "DashboardSyncRole",
             "DailyCycle": "DailyCycleRole", "BenchmarkSnapshot": "BenchmarkSnapshotRole"}
LOG_RETENTION_DAYS = 90


RATE_PER_5_MINUTES = 600  # per client IP, at CloudFront: a person filling forms sends a few dozen
ORIGIN_HEADER = "X-Integra-Origin"
ORIGIN_VALUE = "{{resolve:secretsmanager:${OriginSecret}}}"
STAFF_RATE, STAFF_BURST = 5, 10


def staff_throttles() -> list:
    """The staff routes' own, lower limits (API Gateway method settings; a path's "/" is written "~1")."""
    from app import app
    return [{"ResourcePath": path.replace("/", "~1"), "HttpMethod": method, "ThrottlingRateLimit": STAFF_RATE,
             "ThrottlingBurstLimit": STAFF_BURST, "MetricsEnabled": True}
            for path, methods in sorted(app.routes.items()) if path == "/staff" or path.startswith("/staff/")
            for method in sorted(methods)]


def role_policy(role: str) -> list:
    statements = [{"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": LOGS},
                  *observability.role_statements()]
    statements += [{"Effect": "Allow",
                    "Action": actions, "Resource": resources} for actions, resources in POLICIES[role]]
    return [{"PolicyName": f"{role}Policy", "PolicyDocument": {"Version": "2012-10-17", "Statement": statements}}]


def environment() -> dict:
    """What the functions read from the stack, overriding the placeholders in .chalice/config.json."""
    return {"Environment": {"Variables": {
        "INTEGRA_TABLE": {"Ref": "Table"}, "MAIL_QUEUE_URL": {"Ref": "MailQueue"},
        "MAIL_DLQ_URL": {"Ref": "MailDeadLetterQueue"},
        "LINK_KEY_SECRET_ID": {"Ref": "LinkKeySecret"}, "GOOGLE_SA_SECRET_ID": {"Ref": "GoogleServiceAccountSecret"},
        "SES_CONFIGURATION_SET": {"Ref": "MailConfigurationSet"},
        # the staff console: Google sign-in for the allowed addresses; scripts' tokens from a secret
        "STAFF_SIGNIN": "google", "STAFF_ALLOWED": {"Ref": "StaffAllowed"},
        "GOOGLE_CLIENT_ID": {"Ref": "GoogleClientId"}, "GOOGLE_CLIENT_SECRET_ID": {"Ref": "GoogleClientSecret"},
        "STAFF_TOKENS_SECRET_ID": {"Ref": "StaffTokensSecret"},
        # resolved at deploy: the API answers only requests that came through CloudFront
        "ORIGIN_HEADER_VALUE": {"Fn::Sub": ORIGIN_VALUE}}}}


def alarm(name: str, queue: str, metric: str, threshold: int, description: str) -> dict:
    return {"Type": "AWS::CloudWatch::Alarm", "Properties": {
        "AlarmName": {"Fn::Sub": f"${{AWS::StackName}}-{name}"}, "AlarmDescription": description,
        "Namespace": "AWS/SQS", "MetricName": metric, "Statistic": "Maximum", "Period": 300,
        "EvaluationPeriods": 1, "Threshold": threshold, "ComparisonOperator": "GreaterThanThreshold",
        "TreatMissingData": "notBreaching", "AlarmActions": [{"Ref": "AlarmTopic"}],
        "Dimensions": [{"Name": "QueueName", "Value": {"Fn::GetAtt": [queue, "QueueName"]}}]}}


def template() -> dict:
    resources = {
        "Table": {"Type": "AWS::DynamoDB::Table", "DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain",
                  "Properties": {
                      "TableName": {"Fn::Sub": "${AWS::StackName}"}, **TABLE_SCHEMA,
                      "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
                      "DeletionProtectionEnabled": True,
                      # saved form drafts carry `ttl` (epoch seconds): DynamoDB deletes them when their link expires
                      "TimeToLiveSpecification": {"AttributeName": "ttl", "Enabled": True},
                      "SSESpecification": {"SSEEnabled": True}}},
        "MailDeadLetterQueue": {"Type": "AWS::SQS::Queue", "Properties": {
            "QueueName": {"Fn::Sub": "${AWS::StackName}-mail-jobs-dlq"}, "MessageRetentionPeriod": 1209600,
            "SqsManagedSseEnabled": True}},
        "MailQueue": {"Type": "AWS::SQS::Queue", "Properties": {
            "QueueName": {"Fn::Sub": "${AWS::StackName}-mail-jobs"}, "VisibilityTimeout": 360,
            "SqsManagedSseEnabled": True,
            "RedrivePolicy": {"deadLetterTargetArn": {"Fn::GetAtt": ["MailDeadLetterQueue", "Arn"]},
                              "maxReceiveCount": 5}}},
        # A customer-managed key: CloudWatch cannot publish to a topic under the AWS-managed alias/aws/sns
        "AlarmTopicKey": {"Type": "AWS::KMS::Key", "Properties": {
            "Description": "Encrypts the alarm topic; CloudWatch alarms may use it to publish",
            "EnableKeyRotation": True, "KeyPolicy": {"Version": "2012-10-17", "Statement": [
                {"Sid": "Account", "Effect": "Allow", "Action": "kms:*", "Resource": "*",
                 "Principal": {"AWS": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}}},
                {"Sid": "CloudWatchAlarms", "Effect": "Allow", "Principal": {"Service": "cloudwatch.amazonaws.com"},
                 "Action": ["kms:Decrypt", "kms:GenerateDataKey*"], "Resource": "*"}]}}},
        "AlarmTopic": {"Type": "AWS::SNS::Topic", "Properties": {"KmsMasterKeyId": {"Ref": "AlarmTopicKey"}}},
        "OriginSecret": {"Type": "AWS::SecretsManager::Secret", "Properties": {
            "Description": "The header CloudFront adds to every request: the API answers nothing without it",
            "GenerateSecretString": {"PasswordLength": 48, "ExcludePunctuation": True}}},
        # Per-client rate limit in front of everything (a CLOUDFRONT web ACL exists in us-east-1 only)
        "FormsWebAcl": {"Type": "AWS::WAFv2::WebACL", "Condition": "InUsEast1", "Properties": {
            "Scope": "CLOUDFRONT", "DefaultAction": {"Allow": {}},
            "VisibilityConfig": {"SampledRequestsEnabled": True, "CloudWatchMetricsEnabled": True,
                                 "MetricName": {"Fn::Sub": "${AWS::StackName}-waf"}},
            "Rules": [{"Name": "per-client-rate", "Priority": 0, "Action": {"Block": {}},
                       "Statement": {"RateBasedStatement": {"Limit": RATE_PER_5_MINUTES, "AggregateKeyType": "IP"}},
                       "VisibilityConfig": {"SampledRequestsEnabled": True, "CloudWatchMetricsEnabled": True,
                                            "MetricName": "per-client-rate"}}]}},
        "FormsHeaders": {"Type": "AWS::CloudFront::ResponseHeadersPolicy", "Properties": {
            "ResponseHeadersPolicyConfig": {"Name": {"Fn::Sub": "${AWS::StackName}-headers"}, "SecurityHeadersConfig": {
                "StrictTransportSecurity": {"AccessControlMaxAgeSec": 63072000, "IncludeSubdomains": True,
                                            "Override": True},
                "ContentTypeOptions": {"Override": True},
                "ReferrerPolicy": {"ReferrerPolicy": "no-referrer", "Override": False}}}}},
        "DeadLettersAlarm": alarm("mail-dead-letters", "MailDeadLetterQueue",
                                  "ApproximateNumberOfMessagesVisible", 0,
                                  "Scorecard jobs failed 5 times: fix the cause, then re-drive them"),
        "MailBacklogAlarm": alarm("mail-backlog", "MailQueue", "ApproximateAgeOfOldestMessage", 600,
                                       "Scorecard e-mails are more than 10 minutes late"),
        "MailDepthAlarm": alarm("mail-depth", "MailQueue", "ApproximateNumberOfMessagesVisible", 200,
                                     "More than 200 scorecard jobs are waiting: is the worker failing?"),
        "MailConfigurationSet": {"Type": "AWS::SES::ConfigurationSet", "Properties": {
            "Name": {"Fn::Sub": "${AWS::StackName}-mail"},
            "ReputationOptions": {"ReputationMetricsEnabled": True},
            "SendingOptions": {"SendingEnabled": True}}},
        "LinkKeySecret": {"Type": "AWS::SecretsManager::Secret", "Properties": {
            "Description": "HMAC key for the signed links in e-mails (rotate: see README)",
            "GenerateSecretString": {"PasswordLength": 64, "ExcludePunctuation": True}}},
        "GoogleServiceAccountSecret": {"Type": "AWS::SecretsManager::Secret", "Properties": {
            "Description": "Google service-account JSON key for the dashboard Sheet; put the key here after deploy",
            "GenerateSecretString": {"SecretStringTemplate": "{\"type\": \"service_account\"}",
                                     "GenerateStringKey": "placeholder", "PasswordLength": 16}}},
        "PublicUsagePlan": {"Type": "AWS::ApiGateway::UsagePlan", "DependsOn": ["RestAPIapiStage"], "Properties": {
            "UsagePlanName": {"Fn::Sub": "${AWS::StackName}-public"},
            "ApiStages": [{"ApiId": {"Ref": "RestAPI"}, "Stage": "api"}],
            "Throttle": {"RateLimit": 20, "BurstLimit": 50}}},
        "StaffTokensSecret": {"Type": "AWS::SecretsManager::Secret", "Properties": {
            "Description": "Staff scripts' tokens, {\"name\": \"token\"}: send one as Authorization: Bearer",
            "GenerateSecretString": {"SecretStringTemplate": "{}", "GenerateStringKey": "scripts",
                                     "PasswordLength": 48, "ExcludePunctuation": True}}},
        "GoogleClientSecret": {"Type": "AWS::SecretsManager::Secret", "Properties": {
            "Description": "The client secret of the console's Google OAuth client; put it here after deploy",
            "GenerateSecretString": {"PasswordLength": 16, "ExcludePunctuation": True}}},
        # the stage's access logs need the account's API Gateway logging role set first
        "RestAPI": {"DependsOn": ["ApiGatewayAccount"], "Properties": {**observability.api_settings(),
                                                                       "MethodSettings": [
            {"ResourcePath": "/*", "HttpMethod": "*", "ThrottlingRateLimit": 20, "ThrottlingBurstLimit": 50,
             "MetricsEnabled": True}] + staff_throttles()}},
        # The forms are pages of the API (server-rendered, so they carry a signed start time and reopen drafts).
        # CloudFront gives them one stable HTTPS address, compresses them and forwards the posts.
        "FormsDistribution": {"Type": "AWS::CloudFront::Distribution", "Properties": {"DistributionConfig": {
            "Enabled": True, "HttpVersion": "http2and3", "Comment": {"Fn::Sub": "${AWS::StackName} forms"},
            "Logging": observability.edge_logging(),
            "Origins": [{"Id": "api", "OriginPath": "/api",
                         "DomainName": {"Fn::Sub": "${RestAPI}.execute-api.${AWS::Region}.${AWS::URLSuffix}"},
                         "OriginCustomHeaders": [{"HeaderName": ORIGIN_HEADER,
                                                                  "HeaderValue": {"Fn::Sub": ORIGIN_VALUE}}],
                         "CustomOriginConfig": {"OriginProtocolPolicy": "https-only",
                                                "OriginSSLProtocols": ["TLSv1.2"]}}],
            "WebACLId": {"Fn::If": ["InUsEast1", {"Fn::GetAtt": ["FormsWebAcl", "Arn"]}, {"Ref": "AWS::NoValue"}]},
            "Aliases": {"Fn::If": ["HasCertificate", [{"Ref": "FormsDomain"}], {"Ref": "AWS::NoValue"}]},
            "ViewerCertificate": {"Fn::If": ["HasCertificate",
                                             {"AcmCertificateArn": {"Ref": "FormsCertificateArn"},
                                              "SslSupportMethod": "sni-only",
                                              "MinimumProtocolVersion": "TLSv1.2_2021"},
                                             {"CloudFrontDefaultCertificate": True}]},
            "DefaultCacheBehavior": {
                "ResponseHeadersPolicyId": {"Ref": "FormsHeaders"},
                "TargetOriginId": "api", "ViewerProtocolPolicy": "redirect-to-https", "Compress": True,
                "AllowedMethods": ["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"],
                "CachedMethods": ["GET", "HEAD"],
                "CachePolicyId": "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",  # managed CachingDisabled
                "OriginRequestPolicyId": "b689b0a8-53d0-40ab-baf2-68738e2966ac"}}}},  # AllViewerExceptHostHeader
    }
    for role in POLICIES:
        resources[role] = {"Properties": {"Policies": role_policy(role)}}
    resources.update(observability.resources())
    for function in FUNCTIONS:
        resources[function] = {"Properties": {**environment(), **observability.function_settings(function)}}
        resources[f"{function}LogGroup"] = {"Type": "AWS::Logs::LogGroup", "Properties": {
            "LogGroupName": {"Fn::Sub": f"/aws/lambda/${{{function}}}"}, "RetentionInDays": LOG_RETENTION_DAYS}}
    return {"Parameters": {
        "FormsDomain": {"Type": "String", "Default": "", "Description": "The forms' own domain (optional)"},
        "AlarmEmail": {"Type": "String", "Default": "",
                       "Description": "Where the alarms go (the staff's address; it confirms the subscription)"},
        "StaffAllowed": {"Type": "String", "Default": "",
                         "Description": "Who may sign in to the staff console: addresses and/or @domain (a Google "
                                        "Workspace domain), comma-separated"},
        "GoogleClientId": {"Type": "String", "Default": "",
                           "Description": "The OAuth client id (Web application) of the console's Google sign-in"},
        "FormsCertificateArn": {"Type": "String", "Default": "",
                                "Description": "ACM certificate (us-east-1) for FormsDomain; with it, TLS 1.2 "
                                               "minimum"}},
        "Conditions": {"HasCertificate": {"Fn::Not": [{"Fn::Equals": [{"Ref": "FormsCertificateArn"}, ""]}]},
                       "HasAlarmEmail": {"Fn::Not": [{"Fn::Equals": [{"Ref": "AlarmEmail"}, ""]}]},
                       "InUsEast1": {"Fn::Equals": [{"Ref": "AWS::Region"}, "us-east-1"]}},
        "Resources": resources, "Outputs": {
        "TableName": {"Value": {"Ref": "Table"}},
        "MailQueueUrl": {"Value": {"Ref": "MailQueue"}},
        "MailDeadLetterQueueUrl": {"Value": {"Ref": "MailDeadLetterQueue"}},
        "FormsUrl": {"Value": {"Fn::Sub": "https://${FormsDistribution.DomainName}"}},
        "StaffTokensSecretArn": {"Value": {"Ref": "StaffTokensSecret"}},
        "GoogleClientSecretArn": {"Value": {"Ref": "GoogleClientSecret"}},
        "StaffConsoleUrl": {"Value": {"Fn::Sub": "https://${FormsDistribution.DomainName}/staff/"}},
        "AlarmTopicArn": {"Value": {"Ref": "AlarmTopic"}},
        "LinkKeySecretArn": {"Value": {"Ref": "LinkKeySecret"}},
        "GoogleServiceAccountSecretArn": {"Value": {"Ref": "GoogleServiceAccountSecret"}},
        "MailConfigurationSetName": {"Value": {"Ref": "MailConfigurationSet"}},
        "DashboardUrl": {"Value": {"Fn::Sub": "https://${AWS::Region}.console.aws.amazon.com/cloudwatch/home?"
                                              "region=${AWS::Region}#dashboards:name=${AWS::StackName}"}},
        "FunctionFailuresQueueUrl": {"Value": {"Ref": "FunctionFailures"}}}}


if __name__ == "__main__":
    OUT.write_text(json.dumps(template(), indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")
