"""Who acts for a company. An RFC is public, so it proves nothing: a company's addresses count only once verified
by a click on a link mailed to them, and only verified addresses receive the company's data.

A profile keeps `verified` (casefolded addresses) and `link_version` (bumped to revoke every earlier link).
"""
import uuid


def new_company_id() -> str:
    """Random, so it says nothing about the RFC (the mapping RFC -> id stays in the store)."""
    return str(uuid.uuid4())


def is_company_id(value: str) -> bool:
    """The shape new_company_id makes: anything else in a link is refused before it reaches a storage key."""
    try:
        return len(value) == 36 and str(uuid.UUID(value)) == value
    except ValueError:
        return False


def verified(profile: dict | None) -> list:
    """The verified addresses still on file (contact or signatory): one that was replaced no longer counts."""
    on_file = addresses(profile)
    return [str(e) for e in (profile or {}).get("verified") or [] if str(e) in on_file]


def kept_verified(before: dict | None, after: dict, confirmed_by: str | None = None) -> list:
    """What a profile stores as verified after a change: the verified addresses still on file, and for a new
    company the address that confirmed it."""
    kept = [e for e in ((before or {}).get("verified") or []) if str(e) in addresses(after)]
    if not kept and confirmed_by and confirmed_by.casefold() in addresses(after):
        kept = [confirmed_by.casefold()]
    return kept


def ever_confirmed(profile: dict | None) -> bool:
    """Someone confirmed a submission for this company once: it has a list of verified addresses, even empty."""
    return (profile or {}).get("verified") is not None


def changed(before: dict | None, after: dict) -> bool:
    """A contact or signatory address changed: the company's earlier links must stop working."""
    return bool(before) and addresses(before) != addresses(after)


def is_verified(profile: dict | None, email: str | None) -> bool:
    return bool(email) and str(email).casefold() in verified(profile)


def versioned(subject: str, profile: dict | None) -> str:
    """A link's subject bound to the company's current link version."""
    return f"{subject}#v{int((profile or {}).get('link_version') or 0)}"


def recipients(profile: dict, preferred: str | None) -> list:
    """Where company data may go: the preferred address if verified, else every verified address."""
    if is_verified(profile, preferred):
        return [str(preferred)]
    return verified(profile)


def masked(email: str) -> str:
    """An address shown to someone who may not own it: enough to recognise it, not to write to it."""
    local, _, domain = str(email).partition("@")
    return f"{local[:1]}•••@{domain}"


def addresses(profile: dict | None) -> set:
    p = profile or {}
    return {str(e).casefold() for e in ((p.get("contact") or {}).get("email"), (p.get("signatory") or {}).get("email"))
            if e}


def after_change(queue, company_id: str, before: dict | None, after: dict, lang: str) -> None:
    """A contact or signatory changed: tell the previous verified addresses, and ask each new address to confirm
    itself (until then it receives nothing about the company)."""
    if queue is None:
        return
    added = addresses(after) - addresses(before)
    previous = verified(before)
    if added and previous:
        queue.send({"kind": "notice", "company_id": company_id, "to": previous, "lang": lang})
    for email in sorted(added - set(verified(after))):
        queue.send({"kind": "verify", "company_id": company_id, "email": email, "lang": lang})
