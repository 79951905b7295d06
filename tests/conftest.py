"""Settings every tier shares: no test reaches AWS or uses a built-in key. The moto fixtures are in
tests/integration/conftest.py; the unit tier runs on tests/fakes.py; helpers shared by all are in
tests/helpers.py."""
import os

# Never reach AWS: fake credentials, a fixed region, moto for every client.
os.environ.update({
    "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1", "AWS_REGION": "us-east-1", "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
    "INTEGRA_TABLE": "integra-test",
    "LINK_SIGNING_KEY": __import__("secrets").token_urlsafe(32),  # this session's own; the code has no default
    "INTEGRA_STRICT_MESSAGES": "1",  # a message code with no text fails the test that meets it
    "POWERTOOLS_TRACE_DISABLED": "true",  # no X-Ray daemon here; metrics stay EMF lines the tests can read
})
os.environ.pop("AWS_ENDPOINT_URL", None)
