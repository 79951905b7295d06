"""What lets staff know when something fails in AWS, and see why: alarms, a CloudWatch dashboard, access logs,
tracing and failure destinations. Merged into the stack by infra/build_template.py.

The metrics named here are the ones the code emits (chalicelib/observability.py: namespace "Integra", dimension
"service"); tests/test_infra.py checks every alarm is in the packaged template and tests/integration/
test_observability.py that the code emits what they watch.
"""
import json

NAMESPACE, SERVICE = "Integra", "integra"
SCHEDULED = ("ScorecardSweeper", "DashboardSync", "DailyCycle", "BenchmarkSnapshot")  # invoked asynchronously
API_NAME = {"Fn::Sub": "${AWS::StackName}-api"}
FAILURES_ARN = {"Fn::GetAtt": ["FunctionFailures", "Arn"]}
LOG_DAYS = 90
API_RESERVED_CONCURRENCY = 50  # see README, "Operating it": DynamoDB and the account's other functions
# the API's access log: the route template (never a path with an RFC or an id), no query string (links carry
# tokens), no client address
ACCESS_LOG_FORMAT = json.dumps({
    "requestId": "$context.requestId", "time": "$context.requestTime", "method": "$context.httpMethod",
    "route": "$context.resourcePath", "status": "$context.status", "latencyMs": "$context.responseLatency",
    "integrationMs": "$context.integrationLatency", "bytes": "$context.responseLength",
    "xrayTraceId": "$context.xrayTraceId"}, separators=(",", ":"))[:-1] + ',"error":$context.error.messageString}'
# (messageString comes quoted and escaped: a quote in an error message cannot break the line's JSON)


def _alarm(name: str, description: str, metric: dict, threshold: float, comparison: str = "GreaterThanThreshold",
           periods: int = 1, missing: str = "notBreaching") -> dict:
    return {"Type": "AWS::CloudWatch::Alarm", "Properties": {
        "AlarmName": {"Fn::Sub": f"${{AWS::StackName}}-{name}"}, "AlarmDescription": description,
        **metric, "EvaluationPeriods": periods, "DatapointsToAlarm": periods, "Threshold": threshold,
        "ComparisonOperator": comparison, "TreatMissingData": missing,
        "AlarmActions": [{"Ref": "AlarmTopic"}], "OKActions": [{"Ref": "AlarmTopic"}]}}


def _ours(metric: str, period: int, statistic: str = "Sum", **dimensions) -> dict:
    dims = [{"Name": "service", "Value": SERVICE}] + [{"Name": k, "Value": v} for k, v in dimensions.items()]
    return {"Namespace": NAMESPACE, "MetricName": metric, "Dimensions": dims, "Statistic": statistic,
            "Period": period}


def _api(metric: str, period: int = 300, **statistic) -> dict:
    return {"Namespace": "AWS/ApiGateway", "MetricName": metric, "Period": period, **statistic,
            "Dimensions": [{"Name": "ApiName", "Value": API_NAME}, {"Name": "Stage", "Value": "api"}]}


def alarms() -> dict:
    out = {
        "Api5xxAlarm": _alarm("api-5xx", "More than 5 % of API requests failed on our side (5xx) for 10 minutes",
                              _api("5XXError", Statistic="Average"), 0.05, periods=2),
        "ApiLatencyAlarm": _alarm("api-latency", "The API's p95 latency is over 3 s for 15 minutes",
                                  _api("Latency", ExtendedStatistic="p95"), 3000, periods=3),
        "DashboardSyncAlarm": _alarm("dashboard-sync-failing", "The dashboard sync failed twice in a row",
                                     _ours("DashboardSyncs", 900, outcome="failed"), 1,
                                     "GreaterThanOrEqualToThreshold", periods=2),
        "SnapshotStaleAlarm": _alarm("snapshot-stale", "No benchmark snapshot was published in 26 hours",
                                     _ours("SnapshotRuns", 3600, outcome="ok"), 1, "LessThanThreshold",
                                     periods=26, missing="breaching"),
        "MailFailuresAlarm": _alarm("mail-failures", "Mail jobs are failing (5 or more attempts in 15 minutes)",
                                    _ours("MailFailures", 900), 5, "GreaterThanOrEqualToThreshold"),
        "ScorecardsFailedAlarm": _alarm("scorecards-failed", "A scorecard could not be built: see the console's "
                                        "failed mail", _ours("ScorecardsFailed", 300), 1,
                                        "GreaterThanOrEqualToThreshold"),
        "FunctionFailuresAlarm": _alarm("scheduled-failures", "A scheduled function failed after its retries (see "
                                        "the FunctionFailures queue)", {
                                            "Namespace": "AWS/SQS", "MetricName": "ApproximateNumberOfMessagesVisible",
                                            "Statistic": "Maximum", "Period": 300, "Dimensions": [{
                                                "Name": "QueueName",
                                                "Value": {"Fn::GetAtt": ["FunctionFailures", "QueueName"]}}]}, 0),
    }
    for function in SCHEDULED:
        out[f"{function}ErrorsAlarm"] = _alarm(
            f"{function}-errors", f"The scheduled function {function} raised an error", {
                "Namespace": "AWS/Lambda", "MetricName": "Errors", "Statistic": "Sum", "Period": 300,
                "Dimensions": [{"Name": "FunctionName", "Value": {"Ref": function}}]}, 0)
    return out


def _widget(title: str, metrics: list, x: int, y: int, stat: str = "Sum") -> dict:
    return {"type": "metric", "x": x, "y": y, "width": 12, "height": 6, "properties": {
        "title": title, "region": "${AWS::Region}", "stat": stat, "period": 300, "view": "timeSeries",
        "metrics": metrics}}


def dashboard() -> dict:
    """The same metrics, on one CloudWatch dashboard."""
    ours = [NAMESPACE]
    submissions = [[*ours, "Submissions", "service", SERVICE, "kind", kind, "outcome", outcome]
                   for kind in ("pledge", "assessment") for outcome in ("applied", "pending", "replayed", "refused",
                                                                         "failed")]
    mail = [[*ours, name, "service", SERVICE, "kind", kind] for name in ("MailsSent", "MailCapsHit")
            for kind in ("scorecard", "confirm", "verify", "notice", "pledged", "reminder", "access", "draft")]
    widgets = [
        _widget("Submissions", submissions, 0, 0),
        _widget("Confirmations", [[*ours, "Confirmations", "service", SERVICE, "kind", k, "outcome", "confirmed"]
                                  for k in ("pledge", "assessment", "address")], 12, 0),
        _widget("Mail sent and caps hit", mail, 0, 6),
        _widget("Failures", [[*ours, "MailFailures", "service", SERVICE], [*ours, "ScorecardsFailed", "service",
                                                                          SERVICE],
                             [*ours, "ScorecardsSent", "service", SERVICE]], 12, 6),
        _widget("Dashboard syncs and Sheets requests", [
            [*ours, "DashboardSyncs", "service", SERVICE, "outcome", "ok"],
            [*ours, "DashboardSyncs", "service", SERVICE, "outcome", "failed"],
            [*ours, "SheetsRequests", "service", SERVICE]], 0, 12),
        _widget("Snapshots and the daily cycle", [
            [*ours, "SnapshotRuns", "service", SERVICE, "outcome", "ok"],
            [*ours, "CohortsPublished", "service", SERVICE], [*ours, "RemindersQueued", "service", SERVICE],
            [*ours, "CompaniesPurged", "service", SERVICE]], 12, 12),
        _widget("API: 5xx and p95 latency", [
            ["AWS/ApiGateway", "5XXError", "ApiName", "${AWS::StackName}-api", "Stage", "api", {"stat": "Sum"}],
            ["AWS/ApiGateway", "Latency", "ApiName", "${AWS::StackName}-api", "Stage", "api",
             {"stat": "p95", "yAxis": "right"}]], 0, 18),
        _widget("Mail queue", [
            ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", "${AWS::StackName}-mail-jobs"],
            ["AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", "${AWS::StackName}-mail-jobs",
             {"yAxis": "right"}],
            ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", "${AWS::StackName}-mail-jobs-dlq"]],
            12, 18, stat="Maximum"),
    ]
    return {"Type": "AWS::CloudWatch::Dashboard", "Properties": {
        "DashboardName": {"Fn::Sub": "${AWS::StackName}"},
        "DashboardBody": {"Fn::Sub": json.dumps({"widgets": widgets}, separators=(",", ":"))}}}


def resources() -> dict:
    return {
        **alarms(),
        "Dashboard": dashboard(),
        "AlarmSubscription": {"Type": "AWS::SNS::Subscription", "Condition": "HasAlarmEmail", "Properties": {
            "TopicArn": {"Ref": "AlarmTopic"}, "Protocol": "email", "Endpoint": {"Ref": "AlarmEmail"}}},
        # what a scheduled function could not do after its retries, kept 14 days for staff to look at
        "FunctionFailures": {"Type": "AWS::SQS::Queue", "Properties": {
            "QueueName": {"Fn::Sub": "${AWS::StackName}-function-failures"}, "MessageRetentionPeriod": 1209600,
            "SqsManagedSseEnabled": True}},
        "ApiAccessLogs": {"Type": "AWS::Logs::LogGroup", "Properties": {
            "LogGroupName": {"Fn::Sub": "/aws/apigateway/${AWS::StackName}-access"}, "RetentionInDays": LOG_DAYS}},
        # API Gateway writes access logs with an account-wide role (one per account and region)
        "ApiGatewayLogsRole": {"Type": "AWS::IAM::Role", "Properties": {
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": {"Service": "apigateway.amazonaws.com"},
                "Action": "sts:AssumeRole"}]},
            "ManagedPolicyArns": [{"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/service-role/"
                                              "AmazonAPIGatewayPushToCloudWatchLogs"}]}},
        "ApiGatewayAccount": {"Type": "AWS::ApiGateway::Account", "Properties": {
            "CloudWatchRoleArn": {"Fn::GetAtt": ["ApiGatewayLogsRole", "Arn"]}}},
        # CloudFront's access logs (no cookies: the console's session is one); private, encrypted, 30 days, when
        # the signed links in them have expired too
        "EdgeLogsBucket": {"Type": "AWS::S3::Bucket", "DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain",
                           "Properties": {
            "OwnershipControls": {"Rules": [{"ObjectOwnership": "BucketOwnerPreferred"}]},
            "PublicAccessBlockConfiguration": {"BlockPublicAcls": True, "BlockPublicPolicy": True,
                                               "IgnorePublicAcls": True, "RestrictPublicBuckets": True},
            "BucketEncryption": {"ServerSideEncryptionConfiguration": [{
                "ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]},
            "VersioningConfiguration": {"Status": "Enabled"},
            "LifecycleConfiguration": {"Rules": [{"Id": "expire", "Status": "Enabled", "ExpirationInDays": 30,
                                                  "NoncurrentVersionExpiration": {"NoncurrentDays": 1}}]}}},
    }


def api_settings() -> dict:
    """The API's stage: its name (the alarms' dimension), X-Ray, access logs in JSON."""
    return {"Name": API_NAME, "TracingEnabled": True,
            "AccessLogSetting": {"DestinationArn": {"Fn::GetAtt": ["ApiAccessLogs", "Arn"]},
                                 "Format": ACCESS_LOG_FORMAT}}


def function_settings(function: str) -> dict:
    """Every function: X-Ray on; a dead-letter target for asynchronous invocations (the schedules retry twice,
    then their event lands there)."""
    settings: dict = {"Tracing": "Active", "DeadLetterQueue": {"Type": "SQS", "TargetArn": FAILURES_ARN}}
    if function in SCHEDULED:  # two retries, then the dead-letter target (one place, not a destination as well)
        settings["EventInvokeConfig"] = {"MaximumRetryAttempts": 2}
    if function == "APIHandler":
        settings["ReservedConcurrentExecutions"] = API_RESERVED_CONCURRENCY
    return settings


def role_statements() -> list:
    """What every function's role needs for the above: X-Ray segments, and sending its failures."""
    return [{"Effect": "Allow", "Action": ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], "Resource": "*"},
            {"Effect": "Allow", "Action": ["sqs:SendMessage"], "Resource": FAILURES_ARN}]


def edge_logging() -> dict:
    return {"Bucket": {"Fn::GetAtt": ["EdgeLogsBucket", "DomainName"]}, "IncludeCookies": False,
            "Prefix": "cloudfront/"}
