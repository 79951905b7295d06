"""Use case: what the public registry shows, decided by staff.

A confirmed pledge that opts in puts a first-time company under review; only an approval makes it public, under
the name staff saw (`listing_name`). Later pledges of an approved company keep it listed at once, but under the
approved name: a new name waits for a staff member's approval too (`renamed`). Staff may also take a listed
company off the registry.
"""
from . import common
from .errors import ListingNameChanged, NotUnderReview, UnknownCompany


def to_review(store) -> list:
    """First listings waiting, with what staff need to decide: name, RFC, state, sector, size, when they signed."""
    ids = store.listings_to_review()
    found = store.profiles(ids)
    return [common.plain(found[c]) for c in ids if c in found]


def renamed(store) -> list:
    """Listed companies whose name changed since it was approved (the registry still shows the approved one)."""
    return [common.plain(p) for p in store.registry_profiles()
            if p.get("listing_name") and p.get("name") and p["name"] != p["listing_name"]]


def _profile(store, company_id: str, expected_name: str | None) -> dict:
    profile = store.profile(company_id)
    if profile is None:
        raise UnknownCompany()
    if expected_name is not None and expected_name != profile.get("name"):
        raise ListingNameChanged()  # what staff looked at is not what would be published
    return profile


def decide(store, company_id: str, approve: bool, who: str, now, expected_name: str | None = None) -> dict:
    profile = _profile(store, company_id, expected_name)
    at = common.iso(now)
    fields = {"listing_approved_at": at, "listing_approved_by": who, "listing_name": profile.get("name")} \
        if approve else {"public_listing": False, "listing_declined_at": at, "listing_declined_by": who}
    if not store.decide_listing(company_id, approve, fields):
        raise NotUnderReview()
    return {"company_id": company_id, "listed": approve}


def approve_name(store, company_id: str, who: str, now, expected_name: str | None = None) -> dict:
    """A listed company's new name, approved: the registry shows it from now on."""
    profile = _profile(store, company_id, expected_name)
    if not (profile.get("public_listing") and profile.get("listing_approved_at")) or profile.get("blocked_at"):
        raise NotUnderReview()
    store.update_profile(company_id, {"listing_name": profile.get("name"), "listing_named_by": who,
                                      "listing_named_at": common.iso(now)})
    return {"company_id": company_id, "listed": True, "name": profile.get("name")}


def withdraw(store, company_id: str, who: str, now) -> dict:
    """Off the public registry (a mistake, a company that no longer qualifies). Its next opt-in is reviewed again."""
    _profile(store, company_id, None)
    if not store.unlist(company_id, {"public_listing": False, "listing_withdrawn_at": common.iso(now),
                                     "listing_withdrawn_by": who, "listing_approved_at": None}):
        raise NotUnderReview()
    return {"company_id": company_id, "listed": False}


def approve_listed(store, who: str, now) -> int:
    """Companies listed before approvals existed count as approved, under the name they are listed with."""
    stamped = 0
    for profile in store.registry_profiles():
        if not profile.get("listing_approved_at"):
            store.update_profile(profile["company_id"], {"listing_approved_at": common.iso(now),
                                                         "listing_approved_by": who,
                                                         "listing_name": profile.get("name")})
            stamped += 1
    return stamped
