"""`chalice local`, answering what it cannot route as API Gateway refuses it: any method a route does not have
(TRACE, CONNECT, or a made-up one) gets 405 JSON with `Allow`, not http.server's 501 HTML page.

Usage (local/run.py starts it): python -m local.api local --host 127.0.0.1 --port N --stage local --no-autoreload
"""
import json
import sys

from chalice import local as chalice_local


def _allowed(handler) -> str:
    """The methods of the route the path matches (none if no route does)."""
    app = handler.local_gateway._app_object
    try:
        route = chalice_local.RouteMatcher(list(app.routes)).match_route(handler.path.split("?", 1)[0]).route
    except ValueError:
        return ""
    return ", ".join(sorted(set(app.routes[route]) | {"OPTIONS"}))


def _refusal() -> bytes:
    from chalicelib.i18n import message
    return json.dumps({"error": {"code": "method_not_allowed", "message": message("method_not_allowed", "es"),
                                 "fields": []}}, ensure_ascii=False).encode()


def _send_http_response(self, code, headers, body):
    """Chalice's own 405 (a known path, another method) in the service's error shape, with `Allow`."""
    if code == 405:
        headers = {**headers, "Content-Type": "application/json; charset=utf-8", "Allow": _allowed(self)}
        body = _refusal() if self.command != "HEAD" else None
    return _original_send(self, code, headers, body)


def _send_error(self, code, message=None, explain=None):
    if code != 501:  # http.server's "unsupported method"; everything else as it was
        return _original_send_error(self, code, message, explain)
    allowed = _allowed(self)
    if allowed:
        _answer(self, 405, _refusal(), Allow=allowed)
    else:  # no such path at all: what API Gateway answers for one
        _answer(self, 403, b'{"message": "Missing Authentication Token"}')


def _answer(self, status: int, body: bytes, **headers) -> None:
    """A JSON answer written straight to the socket (http.server found no method to route it to)."""
    self.send_response(status)
    for name, value in {"Content-Type": "application/json; charset=utf-8", **headers,
                        "Content-Length": str(len(body)), "Connection": "close"}.items():
        self.send_header(name, value)
    self.end_headers()
    self.wfile.write(body)
    self.close_connection = True


def _log_request(self, code="-", size="-"):
    """The access line as API Gateway's: method, path without its query (links carry tokens), status. A path's own
    RFC or address is hashed as the service's logs hash it."""
    from chalicelib.observability import scrub
    path = scrub(self.path.split("?", 1)[0])
    self.log_message('"%s %s" %s %s', self.command, path, str(code), str(size))


_original_send_error = chalice_local.ChaliceRequestHandler.send_error
chalice_local.ChaliceRequestHandler.log_request = _log_request
_original_send = chalice_local.ChaliceRequestHandler._send_http_response
chalice_local.ChaliceRequestHandler.send_error = _send_error
chalice_local.ChaliceRequestHandler._send_http_response = _send_http_response  # type: ignore[method-assign]

if __name__ == "__main__":
    from chalice.cli import main
    sys.argv[0] = "chalice"
    sys.exit(main())
