"""Every HTML response, with the headers that keep a page from being framed, sniffed, cached or scripted by
anyone else.

The pages' only scripts are inline; the Content-Security-Policy allows exactly those, by their SHA-256 hash
(no 'unsafe-inline' for scripts). Pages meant to be embedded (the forms, their result, the registry) may be
framed by the forms' origins (FORM_ORIGINS); every other page by nobody.
"""
import base64
import hashlib
import re

HTML = "text/html; charset=utf-8"
# Executable inline scripts only: a <script type="application/json"> data block is never run.
_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
BASE = {"Content-Type": HTML, "Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-store"}  # tokens ride in page URLs, and pages show personal data


def _hashes(body: str) -> str:
    return " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'"
                    for s in dict.fromkeys(_SCRIPT.findall(body)))


def policy(body: str, ancestors: tuple = ()) -> str:
    framers = " ".join(ancestors) if ancestors else "'none'"
    return ("default-src 'none'; " + f"script-src {_hashes(body) or chr(39) + 'none' + chr(39)}; "
            "style-src 'unsafe-inline'; img-src data:; connect-src 'self'; form-action 'self'; frame-src 'self'; "
            f"base-uri 'none'; frame-ancestors {framers}")


def headers(body: str, embeddable: bool = False, **extra) -> dict:
    ancestors = ()
    if embeddable:
        from .. import bootstrap
        ancestors = ("'self'",) + tuple(bootstrap.wiring().config.form_origins)
    out = {**BASE, "Content-Security-Policy": policy(body, ancestors), **extra}
    if not embeddable:
        out["X-Frame-Options"] = "DENY"  # for browsers that predate frame-ancestors
    return out


def response(body: str, status: int = 200, embeddable: bool = False, **extra):
    from chalice import Response
    return Response(body=body, status_code=status, headers=headers(body, embeddable, **extra))
