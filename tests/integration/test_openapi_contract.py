"""`/openapi.json` is what the service does: every route documented, and a property-based fuzzer driven by the
document (schemathesis) finds no 5xx, no undocumented status code and no out-of-schema request accepted.

Bounded so that `make test` stays fast: a few examples per operation, on the same in-process app (chalice's
test client against moto) as the other API tests.
"""
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks

from chalicelib.api.openapi import document

schema = schemathesis.openapi.from_dict(document())
CHECKS = [checks.not_a_server_error, checks.status_code_conformance, checks.negative_data_rejection,
          checks.content_type_conformance, checks.response_schema_conformance]


def test_every_route_is_documented_and_every_documented_route_exists():
    from app import app
    routes = {(path, method.lower()) for path, methods in app.routes.items() for method in methods}
    documented = {(path, method) for path, ops in document()["paths"].items() for method in ops}
    assert routes == documented


def test_every_operation_documents_the_errors_any_route_can_answer():
    for path, ops in document()["paths"].items():
        for method, op in ops.items():
            if method != "options":
                assert {"415", "429", "500", "503"} <= set(op["responses"]), (path, method)
            if "requestBody" in op:
                assert {"400", "413", "422"} <= set(op["responses"]), (path, method)


def _call(api, case) -> schemathesis.Response:
    """Send the generated request through the same local gateway as chalice's test client (which cannot hold
    the empty body of a CORS preflight), and hand the answer to the checks."""
    from chalice.local import LocalGatewayException
    prepared = requests.Request(**case.as_transport_kwargs(base_url="http://testserver")).prepare()
    body = prepared.body or b""
    try:
        raw = api.client.http._local_gateway.handle_request(
            method=case.method.upper(), path=prepared.path_url, headers=dict(prepared.headers),
            body=body.encode() if isinstance(body, str) else body)
        status, headers, content = raw["statusCode"], raw["headers"], raw["body"] or b""
    except LocalGatewayException as refused:  # what API Gateway itself answers (no such route)
        status, headers, content = refused.CODE, refused.headers, refused.body or b""
    content = content.encode() if isinstance(content, str) else content
    return schemathesis.Response(status_code=status, headers={k: [v] for k, v in headers.items()},
                                 content=content, request=prepared, elapsed=0.0, verify=True)


@schema.exclude(path_regex="^/staff/").parametrize()  # staff routes: credentials first (tested elsewhere)
@settings(max_examples=int(__import__("os").environ.get("FUZZ_EXAMPLES",
                                                        "8")), deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@pytest.mark.xdist_group("fuzz")
def test_the_document_and_the_service_agree(case, api):
    case.validate_response(_call(api, case), checks=CHECKS)
