"""Google sign-in for the staff console: OpenID Connect, authorization-code flow.

The browser goes to Google with a `state` (checked against the sign-in cookie) and a `nonce`; Google sends it back
with a code; the service trades the code for an ID token at Google's token endpoint and verifies the token with
google-auth (Google's signature, audience = our client id, expiry), then its issuer, nonce and verified address.
The endpoints are configuration, so the tests run it against a loopback stand-in.
"""
import json
import urllib.parse
import urllib.request

ISSUERS = ("accounts.google.com", "https://accounts.google.com")


class SigninFailed(Exception):
    """Google did not vouch for anyone: a bad code, a token that does not verify, a replayed nonce."""


def authorization_url(cfg, redirect_uri: str, state: str, nonce: str) -> str:
    query = {"client_id": cfg.google_client_id or "", "redirect_uri": redirect_uri, "response_type": "code",
             "scope": "openid email", "state": state, "nonce": nonce, "prompt": "select_account"}
    domains = [a[1:] for a in cfg.staff_allowed if a.startswith("@")]
    if len(domains) == 1 and not any(not a.startswith("@") for a in cfg.staff_allowed):
        query["hd"] = domains[0]  # Google offers only that Workspace's accounts (the check below still decides)
    return f"{cfg.google_auth_uri}?{urllib.parse.urlencode(query)}"


def verified_claims(cfg, client_secret: str, code: str, redirect_uri: str, nonce: str) -> dict:
    """The ID token's claims, once Google's signature, audience, expiry, issuer, nonce and address hold."""
    from google.auth import exceptions
    from google.auth.transport import requests as google_requests
    from google.oauth2 import id_token
    body = urllib.parse.urlencode({"code": code, "client_id": cfg.google_client_id, "client_secret": client_secret,
                                   "redirect_uri": redirect_uri, "grant_type": "authorization_code"}).encode()
    request = urllib.request.Request(cfg.google_token_uri, data=body, method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310 (https in configuration)
            token = json.loads(answer.read()).get("id_token")
        claims = id_token.verify_token(token, google_requests.Request(), audience=cfg.google_client_id,
                                       certs_url=cfg.google_certs_url, clock_skew_in_seconds=30)
    except (OSError, ValueError, exceptions.GoogleAuthError) as exc:
        raise SigninFailed(type(exc).__name__) from None
    if claims.get("iss") not in ISSUERS or claims.get("nonce") != nonce:
        raise SigninFailed("issuer or nonce")
    if not claims.get("email") or claims.get("email_verified") is not True:
        raise SigninFailed("no verified address")
    return dict(claims)
