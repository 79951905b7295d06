"""Who may use the staff console, and their sessions.

An address is allowed when it is on STAFF_ALLOWED, or its domain is ("@red-pacto.org.mx"; for a Google account the
Workspace domain it belongs to must match too). A session is a random id (kept by the browser in a cookie) whose
hash keys a record with the person, its expiry and its CSRF token; signing out deletes the record, and every
request checks the address is still allowed.
"""
import hashlib
import secrets
from datetime import timedelta


def allowed(email: str, allow: tuple, hosted_domain: str | None = None, google: bool = False) -> bool:
    """Exactly an allowed address, or an address of an allowed domain (for Google, its Workspace domain too: a
    personal Gmail account with that suffix is not enough)."""
    email = (email or "").strip().casefold()
    if "@" not in email or not allow:
        return False
    domain = email.rsplit("@", 1)[1]
    if email in allow:
        return True
    return f"@{domain}" in allow and (not google or (hosted_domain or "").casefold() == domain)


def key(session_id: str) -> str:
    """What the store files a session under: a hash, so a read of the table hands out no cookie."""
    return hashlib.sha256(session_id.encode()).hexdigest()


def open_session(store, email: str, now, hours: int) -> tuple:
    """(session id for the cookie, the session) for a person who just signed in."""
    session_id = secrets.token_urlsafe(32)
    expires = now + timedelta(hours=hours)
    session = {"email": email.casefold(), "csrf": secrets.token_urlsafe(24),
               "started_at": now.isoformat(timespec="seconds"), "expires_at": int(expires.timestamp())}
    store.put_session(key(session_id), session, int(expires.timestamp()))
    return session_id, session


def current(store, session_id: str, now, allow: tuple) -> dict | None:
    """The session, while unexpired and its person still allowed; else None."""
    session = store.session(key(session_id)) if session_id else None
    if not session or int(session["expires_at"]) <= now.timestamp():
        return None
    email = session["email"]
    if email not in allow and f"@{email.rsplit('@', 1)[-1]}" not in allow:
        return None
    return session


def close(store, session_id: str) -> None:
    store.delete_session(key(session_id))
