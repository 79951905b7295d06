"""Signed, expiring links: an HMAC over (purpose, subject, expiry). Pure; the key comes from configuration.

A token for one purpose or subject (say, one assessment's scorecard) is useless for any other.
"""
import base64
import hashlib
import hmac


def _mac(key: bytes, purpose: str, subject: str, expires: int) -> str:
    digest = hmac.new(key, f"{purpose}|{subject}|{expires}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def sign(key: bytes, purpose: str, subject: str, expires: int) -> str:
    return f"{expires}.{_mac(key, purpose, subject, expires)}"


def signed_moment(key: bytes, purpose: str, subject: str, token: str | None) -> int | None:
    """The moment (an expiry, or a stamp's time) a token was genuinely signed with, else None."""
    moment_text, _, mac = (token or "").partition(".")
    if not (moment_text.isascii() and moment_text.isdigit() and len(moment_text) <= 12 and mac):
        return None  # one spelling only: no sign, space, leading zero games or other digits
    moment = int(moment_text)
    if str(moment) != moment_text:
        return None
    return moment if hmac.compare_digest(mac.encode(), _mac(key, purpose, subject, moment).encode()) else None


def verify(key: bytes, purpose: str, subject: str, token: str | None, now: int) -> bool:
    expires = signed_moment(key, purpose, subject, token)
    return expires is not None and now < expires


def stamp(key: bytes, purpose: str, moment: int, nonce: str | None = None) -> str:
    """A signed timestamp (e.g. when a form was served), so a client cannot claim it started earlier. A random
    nonce makes each one unique: two forms served in the same second are two stamps."""
    import secrets
    nonce = nonce or secrets.token_urlsafe(9)
    return f"{nonce}.{sign(key, purpose, f'stamp:{nonce}', moment)}"


def stamped_at(key: bytes, purpose: str, token: str | None) -> int | None:
    """The moment a stamp was signed for, or None if it is not a genuine stamp for this purpose."""
    nonce, _, signed = (token or "").partition(".")
    return signed_moment(key, purpose, f"stamp:{nonce}", signed) if nonce else None
