"""Use case: a first-time company's listing in the public registry, approved (or declined) by a staff member.

A confirmed pledge that opts in puts the company under review; only an approval makes it public. Later pledges of
an approved company list it at once (followups.on_pledge)."""
from . import common
from .errors import NotUnderReview, UnknownCompany


def to_review(store) -> list:
    """The companies waiting, with what staff need to decide: name, RFC, state, sector, size, when they signed."""
    ids = store.listings_to_review()
    found = store.profiles(ids)
    return [common.plain(found[c]) for c in ids if c in found]


def decide(store, company_id: str, approve: bool, who: str, now) -> dict:
    if store.profile(company_id) is None:
        raise UnknownCompany()
    at = common.iso(now)
    fields = {"listing_approved_at": at, "listing_approved_by": who} if approve else \
        {"public_listing": False, "listing_declined_at": at, "listing_declined_by": who}
    if not store.decide_listing(company_id, approve, fields):
        raise NotUnderReview()
    return {"company_id": company_id, "listed": approve}
