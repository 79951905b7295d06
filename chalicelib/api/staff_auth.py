"""Who a staff request comes from: a console session (a signed cookie) or a script's API token.

- Scripts send `Authorization: Bearer <token>` (or `x-api-key`): a token from STAFF_TOKENS (AWS: a secret). A
  wrong one is 403.
- People sign in (Google, or the local run's stand-in page) and get a session cookie: HttpOnly, SameSite=Lax,
  Secure wherever the service is served over HTTPS (with the `__Host-` prefix there), 8 hours. The cookie is
  "<session id>.<expiry>.<signature>": no cookie or an ended session is 401; a cookie the service did not sign is
  403. A session's every change (a form, or JSON with `X-CSRF-Token`) carries its CSRF token, or gets 403.
"""
import hmac
import re
import urllib.parse
from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie

from .. import bootstrap, config
from ..domain import links
from ..errors import ApiError
from ..services import staff_access
from . import http

PURPOSE = "staff-session"
SIGNIN = "integra_signin"  # the sign-in's own nonce (login CSRF; Google's "state")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


@dataclass
class Staff:
    who: str                     # the person's address, or the script token's name
    session: dict | None = None  # None for a script
    session_id: str | None = None


def secure(cfg) -> bool:
    return cfg.public_api_url.startswith("https://")


def cookie_name(cfg, name: str = "integra_staff") -> str:
    return f"__Host-{name}" if secure(cfg) else name


def set_cookie(cfg, name: str, value: str, max_age: int) -> str:
    flags = "; Secure" if secure(cfg) else ""
    return f"{cookie_name(cfg, name)}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{flags}"


def cookies(request) -> dict:
    try:
        jar = SimpleCookie((request.headers or {}).get("cookie", ""))
    except CookieError:
        return {}
    return {k: v.value for k, v in jar.items()}


def session_cookie(cfg, session_id: str, expires: int) -> str:
    """The session's cookie: its id, signed with its expiry, for as long as the session lasts."""
    token = links.sign(config.link_key(cfg), PURPOSE, session_id, expires)
    max_age = expires - int(bootstrap.wiring().clock().timestamp())
    return set_cookie(cfg, "integra_staff", f"{session_id}.{token}", max_age)


def identify(request, lang: str) -> Staff:
    """The caller, or 401 (nothing, or an ended session) / 403 (a wrong token, a forged cookie)."""
    w = bootstrap.wiring()
    cfg = w.config
    if local_signin(cfg) and not loopback_host(request):  # the stand-in has no password: loopback names only
        raise ApiError(403, "staff_forbidden", lang)
    token = http.bearer(request)
    if token:
        for name, expected in config.staff_tokens(cfg):
            if hmac.compare_digest(token.encode(), expected.encode()):
                return Staff(name)
        raise ApiError(403, "staff_forbidden", lang)
    raw = cookies(request).get(cookie_name(cfg))
    if not raw:
        raise ApiError(401, "unauthorized", lang)
    session_id, _, signed = raw.partition(".")
    expires = links.signed_moment(config.link_key(cfg), PURPOSE, session_id, signed)
    if expires is None:
        raise ApiError(403, "staff_session_forged", lang)
    now = w.clock()
    session = staff_access.current(w.store, session_id, now, cfg.staff_allowed) if expires > now.timestamp() else None
    if session is None:
        raise ApiError(401, "staff_session_expired", lang)
    return Staff(session["email"], session, session_id)


def form(request) -> dict:
    """A form post's fields {name: value}; a file field is (filename, bytes). Read once per request."""
    cached = getattr(request, "_integra_form", None)
    if cached is not None:
        return cached
    content_type = (request.headers or {}).get("content-type", "").lower()
    raw = request.raw_body or b""
    fields: dict = {}
    if content_type.startswith("application/x-www-form-urlencoded"):
        try:
            parsed = urllib.parse.parse_qs(raw.decode("utf-8"), keep_blank_values=True, max_num_fields=100)
        except (UnicodeDecodeError, ValueError):
            parsed = {}
        fields = {k: v[0] for k, v in parsed.items()}
        fields["_all"] = parsed
    elif content_type.startswith("multipart/form-data"):
        from email.parser import BytesParser
        from email.policy import HTTP
        original = (request.headers or {}).get("content-type", "")  # the boundary keeps its case
        message = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + original.encode("latin-1") + b"\r\n\r\n"
                                                      + raw)
        if message.is_multipart():
            for part in message.iter_parts():
                name = part.get_param("name", header="content-disposition")
                data = part.get_payload(decode=True)
                data = data if isinstance(data, bytes) else b""
                filename = part.get_filename()
                if isinstance(name, str):
                    fields[name] = (filename or "", data) if filename is not None else data.decode("utf-8", "replace")
    request._integra_form = fields
    return fields


def check_csrf(request, staff: Staff, lang: str) -> None:
    """A session's change must carry its CSRF token (a script's token is no cookie: nothing to forge)."""
    if staff.session is None:
        return
    content_type = (request.headers or {}).get("content-type", "").lower()
    given = (request.headers or {}).get("x-csrf-token") or ""
    if not given and content_type.startswith(FORM_TYPES):
        given = form(request).get("csrf") or ""
    if not given and request.method in ("GET", "HEAD"):  # a download link of the console carries it
        given = (request.query_params or {}).get("csrf") or ""
    if not (isinstance(given, str) and given and hmac.compare_digest(given.encode(), staff.session["csrf"].encode())):
        raise ApiError(403, "csrf_refused", lang)


def loopback_host(request) -> bool:
    """The request was addressed to this machine by name (a DNS-rebinding page sends its own host name; a browser
    always sends one, an in-process test client none)."""
    host = (request.headers or {}).get("host", "").rsplit(":", 1)[0].strip("[]").lower()
    return host in ("", "127.0.0.1", "localhost", "::1")


def local_signin(cfg) -> bool:
    """The stand-in sign-in page (pick an allowed address, no password) exists only in a local run on loopback."""
    host = urllib.parse.urlsplit(cfg.public_api_url).hostname or ""
    return cfg.staff_signin == "local" and host in ("127.0.0.1", "localhost", "::1")


def safe_next(value: str | None) -> str:
    """Where to go after signing in: a console page of this service (printable ASCII, no "//" or backslash), never
    another site."""
    value = value or ""
    if re.fullmatch(r"/staff/[\x21-\x7e]*", value) and "//" not in value and "\\" not in value:
        return value
    return "/staff/"
