"""The deployable template: packaged offline with `chalice package`, cfn-lint clean, safe settings asserted."""
import json
from pathlib import Path

import pytest

from chalicelib.adapters.dynamodb import TABLE_SCHEMA

pytestmark = pytest.mark.xdist_group("infra")  # its fixture is built once (session scope), on one worker

ROOT = Path(__file__).resolve().parents[1]
DATA_SERVICES = ("dynamodb", "sqs", "s3", "secretsmanager", "ses", "sns")


@pytest.fixture(scope="session")
def template(tmp_path_factory):
    from infra.package import lint, package
    sam = package("dev", tmp_path_factory.mktemp("build") / "dev")
    lint(sam)  # raises on any cfn-lint error or warning
    return json.loads(sam.read_text())


def resources(template, kind):
    return {k: v for k, v in template["Resources"].items() if v["Type"] == kind}


def test_table_is_safe_and_matches_the_code(template):
    table = template["Resources"]["Table"]
    props = table["Properties"]
    assert table["DeletionPolicy"] == "Retain"
    assert props["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
    assert props["DeletionProtectionEnabled"] is True and props["SSESpecification"]["SSEEnabled"] is True
    assert props["BillingMode"] == "PAY_PER_REQUEST"
    assert props["TimeToLiveSpecification"] == {"AttributeName": "ttl", "Enabled": True}
    assert props["KeySchema"] == TABLE_SCHEMA["KeySchema"]
    assert props["GlobalSecondaryIndexes"] == TABLE_SCHEMA["GlobalSecondaryIndexes"]


def test_queue_has_a_dead_letter_queue_and_alarms(template):
    queue = template["Resources"]["MailQueue"]["Properties"]
    assert queue["RedrivePolicy"]["deadLetterTargetArn"] == {"Fn::GetAtt": ["MailDeadLetterQueue", "Arn"]}
    assert 1 < queue["RedrivePolicy"]["maxReceiveCount"] <= 10
    watched = {(a["Properties"]["Dimensions"][0]["Value"]["Fn::GetAtt"][0], a["Properties"]["MetricName"])
               for a in resources(template, "AWS::CloudWatch::Alarm").values()
               if a["Properties"].get("Namespace") == "AWS/SQS"}
    assert {("MailQueue", "ApproximateNumberOfMessagesVisible"),
            ("MailDeadLetterQueue", "ApproximateNumberOfMessagesVisible")} <= watched
    worker = template["Resources"]["MailWorker"]["Properties"]["Events"]["MailWorkerSqsEventSource"]
    assert worker["Properties"]["Queue"] == {"Fn::GetAtt": ["MailQueue", "Arn"]}
    assert int(queue["VisibilityTimeout"]) >= 6 * template["Resources"]["MailWorker"]["Properties"]["Timeout"]


def test_no_wildcard_actions_or_data_resources(template):
    roles = {k: v for k, v in resources(template, "AWS::IAM::Role").items() if k != "ApiGatewayLogsRole"}
    assert set(roles) == {"ApiHandlerRole", "MailWorkerRole", "ScorecardSweeperRole",
                          "DashboardSyncRole", "DailyCycleRole", "BenchmarkSnapshotRole"}  # one per function
    # and API Gateway's own, to write access logs: AWS's managed policy for exactly that
    logs_role = template["Resources"]["ApiGatewayLogsRole"]["Properties"]
    assert logs_role["ManagedPolicyArns"][0]["Fn::Sub"].endswith("AmazonAPIGatewayPushToCloudWatchLogs")
    for name, role in roles.items():
        for policy in role["Properties"]["Policies"]:
            for statement in policy["PolicyDocument"]["Statement"]:
                actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
                assert not any("*" in a for a in actions), (name, actions)
                if any(a.split(":")[0] in DATA_SERVICES for a in actions):
                    res = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
                    assert "*" not in res, (name, actions)
    functions = resources(template, "AWS::Serverless::Function")
    assert {f["Properties"]["Role"]["Fn::GetAtt"][0] for f in functions.values()} == set(roles)


def test_throttling_usage_plans_and_staff_credentials(template):
    settings = template["Resources"]["RestAPI"]["Properties"]["MethodSettings"][0]
    assert settings["ThrottlingRateLimit"] > 0 and settings["ThrottlingBurstLimit"] > 0
    plans = resources(template, "AWS::ApiGateway::UsagePlan")
    assert "PublicUsagePlan" in plans and all(p["Properties"]["Throttle"]["RateLimit"] > 0 for p in plans.values())
    # the console signs people in with Google; scripts use tokens from a secret the API may read
    env = template["Resources"]["APIHandler"]["Properties"]["Environment"]["Variables"]
    assert env["STAFF_SIGNIN"] == "google" and env["STAFF_ALLOWED"] == {"Ref": "StaffAllowed"}
    assert env["STAFF_TOKENS_SECRET_ID"] == {"Ref": "StaffTokensSecret"}
    assert env["GOOGLE_CLIENT_ID"] == {"Ref": "GoogleClientId"}
    readable = [s["Resource"] for s in template["Resources"]["ApiHandlerRole"]["Properties"]["Policies"][0][
        "PolicyDocument"]["Statement"] if "secretsmanager:GetSecretValue" in s["Action"]][0]
    assert {"Ref": "StaffTokensSecret"} in readable and {"Ref": "GoogleClientSecret"} in readable


def test_logs_secrets_mail_and_forms_hosting(template):
    groups = resources(template, "AWS::Logs::LogGroup")
    assert len(groups) == 7 and all(g["Properties"]["RetentionInDays"] <= 400 for g in groups.values())
    secrets = resources(template, "AWS::SecretsManager::Secret")
    assert set(secrets) == {"LinkKeySecret", "GoogleServiceAccountSecret", "OriginSecret", "StaffTokensSecret",
                            "GoogleClientSecret"}
    assert all("SecretString" not in s["Properties"] for s in secrets.values())  # generated, never committed
    assert resources(template, "AWS::SES::ConfigurationSet")
    cdn = template["Resources"]["FormsDistribution"]["Properties"]["DistributionConfig"]
    assert cdn["Origins"][0]["OriginPath"] == "/api" and "POST" in cdn["DefaultCacheBehavior"]["AllowedMethods"]
    assert cdn["DefaultCacheBehavior"]["ViewerProtocolPolicy"] == "redirect-to-https"
    env = template["Resources"]["APIHandler"]["Properties"]["Environment"]["Variables"]
    assert env["INTEGRA_TABLE"] == {"Ref": "Table"} and env["MAIL_QUEUE_URL"] == {"Ref": "MailQueue"}
    assert env["LINK_KEY_SECRET_ID"] == {"Ref": "LinkKeySecret"}


def test_stages_are_configured_without_secrets():
    config = json.loads((ROOT / ".chalice" / "config.json").read_text())
    for stage in ("dev", "prod"):
        env = config["stages"][stage]["environment_variables"]
        assert {"MAIL_FROM", "PUBLIC_API_URL", "FORM_ORIGINS", "REMINDER_FIRST_ASSESSMENT_DAYS"} <= set(env)
        assert not any("SECRET" in k and v for k, v in env.items()) and "LINK_SIGNING_KEY" not in env


def test_hardened_edge_alarms_that_can_publish_and_staff_throttled_apart(template):
    r = template["Resources"]
    cdn = r["FormsDistribution"]["Properties"]["DistributionConfig"]
    # only through CloudFront: it adds a secret header the API requires (the same secret, resolved at deploy)
    header = cdn["Origins"][0]["OriginCustomHeaders"][0]
    env = r["APIHandler"]["Properties"]["Environment"]["Variables"]
    assert header["HeaderName"] == "X-Integra-Origin" and header["HeaderValue"] == env["ORIGIN_HEADER_VALUE"]
    # a per-client rate limit (WAF on CloudFront), HSTS and nosniff, TLS 1.2 minimum with a certificate
    rule = r["FormsWebAcl"]["Properties"]["Rules"][0]["Statement"]["RateBasedStatement"]
    assert rule["AggregateKeyType"] == "IP" and rule["Limit"] <= 1000
    assert cdn["WebACLId"]["Fn::If"][1] == {"Fn::GetAtt": ["FormsWebAcl", "Arn"]}
    security = r["FormsHeaders"]["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
    assert security["StrictTransportSecurity"]["AccessControlMaxAgeSec"] >= 31536000 and security["ContentTypeOptions"]
    assert cdn["ViewerCertificate"]["Fn::If"][1]["MinimumProtocolVersion"] == "TLSv1.2_2021"
    # the alarm topic's key lets CloudWatch publish (the AWS-managed SNS key does not)
    topic = r["AlarmTopic"]["Properties"]
    assert topic["KmsMasterKeyId"] == {"Ref": "AlarmTopicKey"}
    grants = r["AlarmTopicKey"]["Properties"]["KeyPolicy"]["Statement"]
    assert any(g["Principal"] == {"Service": "cloudwatch.amazonaws.com"} and "kms:Decrypt" in g["Action"]
               for g in grants)
    # staff routes have their own, lower limits; public ones the stage's
    settings = r["RestAPI"]["Properties"]["MethodSettings"]
    from app import app
    staff = [s for s in settings if s["ResourcePath"].startswith("~1staff")]
    routes = [m for p, ms in app.routes.items() if p.startswith("/staff") for m in ms]
    assert len(staff) == len(routes) > 20
    assert all(s["ThrottlingRateLimit"] < settings[0]["ThrottlingRateLimit"] for s in staff)


def test_dashboard_sync_runs_one_at_a_time(template):
    sync = template["Resources"]["DashboardSync"]["Properties"]
    assert sync["ReservedConcurrentExecutions"] == 1
    assert sync["Environment"]["Variables"]["GOOGLE_SA_SECRET_ID"] == {"Ref": "GoogleServiceAccountSecret"}


def test_staff_routes_check_credentials_in_the_function_not_at_the_gateway(template):
    """A browser's session cookie cannot carry an API Gateway key: every staff handler checks who calls (a session
    or a script's token; tests/integration/test_console.py), so no route requires a gateway key."""
    paths = template["Resources"]["RestAPI"]["Properties"]["DefinitionBody"]["paths"]
    staff = [(p, m, op) for p, ops in paths.items() if p.startswith("/staff") for m, op in ops.items()]
    assert len(staff) > 20 and not any(op.get("security") for _, _, op in staff)
    assert not resources(template, "AWS::ApiGateway::ApiKey")


# ---- when something fails in AWS, staff find out and can see why ----
def test_every_alarm_watches_something_and_reaches_the_staff(template):
    r = template["Resources"]
    alarms = resources(template, "AWS::CloudWatch::Alarm")
    wanted = {"Api5xxAlarm", "ApiLatencyAlarm", "DeadLettersAlarm", "MailBacklogAlarm", "DashboardSyncAlarm",
              "SnapshotStaleAlarm", "MailFailuresAlarm", "ScorecardsFailedAlarm", "FunctionFailuresAlarm",
              *(f"{f}ErrorsAlarm" for f in ("ScorecardSweeper", "DashboardSync", "DailyCycle", "BenchmarkSnapshot"))}
    assert wanted <= set(alarms)
    assert all({"Ref": "AlarmTopic"} in a["Properties"]["AlarmActions"] for a in alarms.values())
    api = r["Api5xxAlarm"]["Properties"]
    assert api["Namespace"] == "AWS/ApiGateway" and api["Statistic"] == "Average" and api["Threshold"] <= 0.05
    assert {"Name": "ApiName", "Value": r["RestAPI"]["Properties"]["Name"]} in api["Dimensions"]
    assert r["ApiLatencyAlarm"]["Properties"]["ExtendedStatistic"] == "p95"
    sync = r["DashboardSyncAlarm"]["Properties"]  # twice in a row
    assert (sync["MetricName"], sync["EvaluationPeriods"], sync["DatapointsToAlarm"]) == ("DashboardSyncs", 2, 2)
    assert {"Name": "outcome", "Value": "failed"} in sync["Dimensions"]
    stale = r["SnapshotStaleAlarm"]["Properties"]  # not run in 26 hours: missing data counts against it
    assert stale["Period"] * stale["EvaluationPeriods"] == 26 * 3600 and stale["TreatMissingData"] == "breaching"
    assert r["DailyCycleErrorsAlarm"]["Properties"]["Dimensions"][0]["Value"] == {"Ref": "DailyCycle"}
    subscription = r["AlarmSubscription"]
    assert subscription["Condition"] == "HasAlarmEmail" and subscription["Properties"]["Endpoint"] == {
        "Ref": "AlarmEmail"} and "AlarmEmail" in template["Parameters"]
    # the alarms on our own metrics name what the code emits (namespace and dimension)
    from chalicelib import observability
    ours = [a["Properties"] for a in alarms.values() if a["Properties"].get("Namespace") == observability.NAMESPACE]
    assert len(ours) == 4 and all({"Name": "service", "Value": observability.SERVICE} in a["Dimensions"]
                                  for a in ours)
    assert "Submissions" in r["Dashboard"]["Properties"]["DashboardBody"]["Fn::Sub"]


def test_tracing_access_logs_failure_destinations_and_the_api_concurrency(template):
    r = template["Resources"]
    functions = resources(template, "AWS::Serverless::Function")
    assert all(f["Properties"]["Tracing"] == "Active" for f in functions.values())
    failures = {"Fn::GetAtt": ["FunctionFailures", "Arn"]}
    assert all(f["Properties"]["DeadLetterQueue"]["TargetArn"] == failures for f in functions.values())
    for name in ("ScorecardSweeper", "DashboardSync", "DailyCycle", "BenchmarkSnapshot"):
        assert functions[name]["Properties"]["EventInvokeConfig"]["MaximumRetryAttempts"] == 2
    for role in resources(template, "AWS::IAM::Role").values():
        if "Policies" in role["Properties"]:
            granted = role["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
            assert any(s["Resource"] == failures and "sqs:SendMessage" in s["Action"] for s in granted)
            assert any("xray:PutTraceSegments" in s["Action"] for s in granted)
    assert 0 < functions["APIHandler"]["Properties"]["ReservedConcurrentExecutions"] <= 100
    api = r["RestAPI"]["Properties"]
    assert api["TracingEnabled"] is True
    access = api["AccessLogSetting"]
    fields = json.loads(access["Format"].replace("$context.error.messageString", '"x"'))
    assert access["DestinationArn"] == {"Fn::GetAtt": ["ApiAccessLogs", "Arn"]}
    assert fields["route"] == "$context.resourcePath" and fields["requestId"] == "$context.requestId"
    assert not any(v in access["Format"] for v in ("$context.path", "querystring", "$context.identity.sourceIp"))
    assert r["ApiAccessLogs"]["Properties"]["RetentionInDays"] <= 400 and "ApiGatewayAccount" in r["RestAPI"][
        "DependsOn"]
    edge = r["FormsDistribution"]["Properties"]["DistributionConfig"]["Logging"]
    assert edge["IncludeCookies"] is False  # the console's session rides in a cookie
    bucket = r["EdgeLogsBucket"]["Properties"]
    assert bucket["PublicAccessBlockConfiguration"]["RestrictPublicBuckets"]
    assert bucket["LifecycleConfiguration"]["Rules"][0]["ExpirationInDays"] <= 90
