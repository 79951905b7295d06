"""Pending submissions and their confirmation.

A submission that does not carry the company's own link is stored pending (its payload removed by TTL after
PENDING_DAYS) and one mail asks for confirmation: to the company's verified addresses when the RFC has a company
with one, else to the address typed in the submission. The link names the address it went to; confirming from
it applies the submission exactly as an immediate one, and for a new RFC that address becomes the company's
first verified address. GET of the link changes nothing (mail scanners fetch links); a POST confirms.
"""
import base64
import json
from datetime import timedelta

from ..config import link_key
from ..domain import links
from ..i18n import message
from . import common, identity, notices
from .errors import AlreadyConfirmed, Refused  # noqa: F401  (raised here; callers name them from here too)

PURPOSE, PENDING_DAYS = "confirm", 14
VERIFY, VERIFY_DAYS = "verify", 14


def pend(store, queue, kind: str, payload, digest: str, response: dict, now) -> common.Outcome:
    """Keep a submission aside until confirmed and queue its confirmation request: the submitter's own result,
    or the stored answer for a repeated submission_id."""
    from .ports import DuplicateSubmission
    record = common.submission_record(kind, payload.submission_id, digest, response, now)
    record.update(status="pending", rfc=payload.company.rfc, lang=payload.lang,
                  payload=payload.model_dump_json(exclude={"company_token"}))
    try:
        store.save_pending(record, payload.company.rfc, int((now + timedelta(days=PENDING_DAYS)).timestamp()))
    except DuplicateSubmission:
        return common.replay(store.submission(payload.submission_id), kind, digest, payload.lang)
    common.tell(queue, {"kind": "confirm", "submission_id": payload.submission_id}, "the submitter can send again")
    return common.Outcome(response)


def acting_company(company_id: str | None, profile: dict | None, typed: str, confirming: str) -> tuple:
    """(company_id, is_new) for a confirmation from `confirming`. A known company's submission is confirmed only
    by one of its verified addresses; a new RFC's only by the address typed in it.

    A company that ever confirmed anything stays known even with no verified address left (its only one was just
    replaced and the new one has not confirmed itself yet): the address a stranger typed never takes it over. Only
    a company staff recorded from a roster, that never confirmed anything, is still new in that sense."""
    if profile and profile.get("blocked_at"):
        raise Refused()
    if company_id and (identity.verified(profile) or identity.ever_confirmed(profile)):
        if not identity.is_verified(profile, confirming):
            raise Refused()
        return company_id, False
    if confirming.casefold() != typed.casefold():
        raise Refused()
    return (company_id or identity.new_company_id()), company_id is None


# ---- links ----
def _b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _unb64(text: str) -> str:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()


def _token(cfg, kind: str, purpose: str, ident: str, email: str, expires: int) -> str:
    """The link names the address it went to, sealed (a link sits in access logs and browser histories), and is
    signed over both."""
    key, email = link_key(cfg), email.casefold()
    sealed = links.seal(key, purpose, ident, expires, email)
    return f"{kind}~{ident}~{sealed}~{links.sign(key, purpose, f'{ident}|{email}', expires)}"


def token(cfg, submission_id: str, email: str, expires: int) -> str:
    return _token(cfg, "s", PURPOSE, submission_id, email, expires)


def verify_token(cfg, company_id: str, email: str, expires: int) -> str:
    return _token(cfg, "a", VERIFY, company_id, email, expires)


def read(cfg, value: str | None, now) -> tuple:
    """("submission" | "address", id, email, expiry) from a genuine, unexpired link; Refused otherwise. Links
    mailed before addresses were sealed (plain base64) still work until they expire."""
    try:
        kind, ident, carried, signed = (value or "").split("~", 3)
    except ValueError:
        raise Refused() from None
    purpose = {"s": PURPOSE, "a": VERIFY}.get(kind)
    moment = signed.partition(".")[0]
    if not purpose or not 8 <= len(ident) <= 100 or not ident.isascii() or len(carried) > 400 \
            or not (moment.isascii() and moment.isdigit() and len(moment) <= 12):  # ids become storage keys
        raise Refused()
    key = link_key(cfg)
    for email in (links.unseal(key, purpose, ident, int(moment), carried), _legacy(carried)):
        expires = links.signed_moment(key, purpose, f"{ident}|{email}", signed) if email else None
        if expires is not None and int(now.timestamp()) < expires:
            return ("submission" if kind == "s" else "address"), ident, email, expires
    raise Refused()


def _legacy(carried: str) -> str | None:
    try:
        return _unb64(carried)
    except (ValueError, UnicodeDecodeError):
        return None


def url(cfg, value: str, lang: str) -> str:
    return f"{cfg.public_api_url}/confirm?lang={lang}&token={value}"


# ---- the worker's mails ----
def _changes(kind: str, data: dict, profile: dict | None, lang: str, year: int) -> str:
    """What the submission would change, told to the company's verified addresses (never to another)."""
    t = lambda key, **p: message(key, lang, **p)  # noqa: E731
    person = data.get("signatory" if kind == "pledge" else "contact") or {}
    lines = []
    if str(person.get("email", "")).casefold() not in identity.addresses(profile):
        lines.append(t("change_person", name=person.get("name", ""), email=person.get("email", "")))
    if data["company"]["name"] != (profile or {}).get("name"):
        lines.append(t("change_name", name=data["company"]["name"]))
    details = ("state", "sector", "employees", "annual_sales_mxn", "annual_sales_band")
    if any(str(data["company"].get(k)) != str((profile or {}).get(k)) for k in details if k in data["company"]):
        lines.append(t("change_details"))
    if kind == "pledge" and bool(data.get("public_listing")) != bool((profile or {}).get("public_listing")):
        lines.append(t("change_listing_on" if data.get("public_listing") else "change_listing_off"))
    if kind == "assessment":
        replaces = (profile or {}).get("last_assessment_year") == year
        lines.append(t("change_replaces" if replaces else "change_assessment"))
    return " ".join(lines).rstrip(";") + "." if lines else t("change_none")


def send_request(job: dict, store, mailer, cfg, now) -> str:
    """Mail the confirmation link once. A blocked company's submission is never mailed nor applied."""
    sid = str(job.get("submission_id", ""))
    stored = store.submission(sid)
    if not stored or stored.get("status") != "pending" or not stored.get("payload"):
        return "nothing to confirm"
    if stored.get("mailed_at"):
        return "already sent"
    data, kind, lang = json.loads(stored["payload"]), stored["kind"], stored.get("lang", "es")
    company = store.company_for_rfc(stored["rfc"])
    profile = store.profile(company) if company else None
    if profile and profile.get("blocked_at"):
        return "not sent: company blocked"
    known = identity.verified(profile)
    typed = (data.get("signatory" if kind == "pledge" else "contact") or {}).get("email", "")
    to = known or [typed]
    if not notices.allowed(store, now, to, company or stored["rfc"], "confirm"):
        return "capped"
    if not store.claim_confirmation_mail(sid, to, common.iso(now)):
        return "already sent"
    expires = int(stored.get("ttl") or (now + timedelta(days=PENDING_DAYS)).timestamp())
    try:
        for address in to:
            link = url(cfg, token(cfg, sid, address, expires), lang)
            name, rfc = data["company"]["name"], data["company"]["rfc"]
            what = message(f"confirm_what_{kind}", lang)
            if known:  # a verified address of the company: told who asked what
                year = common.mexico_year(common.from_iso(stored["created_at"]))
                paragraphs = [message("confirm_known", lang, what=what, company=name, rfc=rfc,
                                      changes=_changes(kind, data, profile, lang, year))]
            else:  # an address nobody verified yet: no text the submitter typed but the company's name and RFC
                paragraphs = [message("confirm_new", lang, what=what, company=name, rfc=rfc)]
            paragraphs += [message("confirm_action", lang, days=PENDING_DAYS), link, message("confirm_ignore", lang)]
            notices.send(mailer, cfg, notices.compose(cfg, address, lang, message("confirm_subject", lang, what=what),
                                                      paragraphs, link, f"confirm.{sid}.{_b64(address)}"))
    except Exception:
        store.release_confirmation_mail(sid)
        raise
    return "sent"


def send_verify(job: dict, store, mailer, cfg, now) -> str:
    """Ask a new contact or signatory address to confirm itself (it gets no company data until it does)."""
    company, email, lang = str(job.get("company_id")), str(job.get("email", "")), job.get("lang", "es")
    profile = store.profile(company)
    if not profile or profile.get("blocked_at") or identity.is_verified(profile, email) or \
            email.casefold() not in identity.addresses(profile):
        return "nothing to verify"
    if not notices.allowed(store, now, [email], company, "verify"):
        return "capped"
    link = url(cfg, verify_token(cfg, company, email, int((now + timedelta(days=VERIFY_DAYS)).timestamp())), lang)
    paragraphs = [message("verify_body", lang, company=profile.get("name", ""), rfc=profile.get("rfc", "")),
                  link, message("confirm_ignore", lang)]
    notices.send(mailer, cfg, notices.compose(cfg, email, lang, message("verify_subject", lang), paragraphs, link,
                                              f"verify.{company}.{_b64(email)}.{common.iso(now)}"))
    return "sent"


def send_notice(job: dict, store, mailer, cfg, now) -> str:
    """Tell the previous verified addresses that the company's contact or signatory changed."""
    company, lang = str(job.get("company_id")), job.get("lang", "es")
    profile = store.profile(company) or {}
    if profile.get("blocked_at"):
        return "not sent: company blocked"
    contact, signatory = profile.get("contact") or {}, profile.get("signatory") or {}
    body = message("notice_body", lang, company=profile.get("name", ""), contact=contact.get("email", "—"),
                   signatory=signatory.get("email", "—"), contact_address=cfg.mail_reply_to)
    for address in job.get("to") or []:
        notices.send(mailer, cfg, notices.compose(cfg, str(address), lang, message("notice_subject", lang),
                                                  [body], "", f"notice.{company}.{common.iso(now)}.{_b64(address)}"))
    return "sent"


def verify_address(store, company_id: str, email: str) -> bool:
    """A click from a verification link: True when the address is (now) verified for the company."""
    profile = store.profile(company_id)
    if not profile or profile.get("blocked_at") or email.casefold() not in identity.addresses(profile):
        raise Refused()
    store.add_verified(company_id, email.casefold())
    return True
