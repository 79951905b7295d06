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


def _keystream(key: bytes, purpose: str, subject: str, moment: int, size: int) -> bytes:
    """HMAC-SHA256 in counter mode (HKDF-expand's construction): bytes only the key's holder can make."""
    out, block = b"", 0
    while len(out) < size:
        out += hmac.new(key, f"seal|{purpose}|{subject}|{moment}|{block}".encode(), hashlib.sha256).digest()
        block += 1
    return out[:size]


def seal(key: bytes, purpose: str, subject: str, moment: int, text: str) -> str:
    """A short text a link carries but a log reader must not read (an address): XORed with a keystream of the
    link's own purpose, subject and moment. Integrity comes from the link's signature over the text."""
    raw = text.encode()
    sealed = bytes(a ^ b for a, b in zip(raw, _keystream(key, purpose, subject, moment, len(raw)), strict=True))
    return base64.urlsafe_b64encode(sealed).decode().rstrip("=")


def unseal(key: bytes, purpose: str, subject: str, moment: int, sealed: str) -> str | None:
    try:
        raw = base64.urlsafe_b64decode(sealed + "=" * (-len(sealed) % 4))
        return bytes(a ^ b for a, b in zip(raw, _keystream(key, purpose, subject, moment, len(raw)),
                                           strict=True)).decode()
    except (ValueError, UnicodeDecodeError):
        return None
