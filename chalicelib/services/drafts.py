"""Use case: "save and continue later". A server-side draft of a form and an e-mailed, signed, expiring link.

The API stores the draft and queues a mail job; the worker sends the link through the same mail port and
queue as the scorecard. Drafts expire (DynamoDB TTL) after the link's lifetime.
"""
import json
import uuid
from datetime import timedelta

from ..config import link_key
from ..domain import links
from ..i18n import message
from . import common, notices

PURPOSE = "draft"


def create(store, queue, kind: str, lang: str, email: str, values: dict, now, cfg, rfc: str | None = None) -> dict:
    """The draft records the RFC typed in it (if valid), so ARCO export and deletion reach it."""
    expires = now + timedelta(days=cfg.link_ttl_days)
    draft = {"draft_id": str(uuid.uuid4()), "kind": kind, "lang": lang, "email": email, "rfc": rfc,
             "values": json.dumps(values, ensure_ascii=False), "created_at": common.iso(now),
             "expires": int(expires.timestamp()), "ttl": int(expires.timestamp())}
    store.save_draft(draft)
    job = {"kind": "draft", "draft_id": draft["draft_id"]}
    if queue is None:  # no queue configured (a bare test wiring): the caller sends inline
        return draft
    queue.send(job)
    return draft


def token(cfg, draft: dict) -> str:
    """The signature of the draft's own link: it opens the draft, and retires it once the form is sent."""
    return links.sign(link_key(cfg), PURPOSE, draft["draft_id"], int(draft["expires"]))


def link(cfg, draft: dict) -> str:
    return (f"{cfg.public_api_url}/forms/{draft['kind']}?lang={draft['lang']}&draft={draft['draft_id']}"
            f"&token={token(cfg, draft)}")


def load(store, cfg, draft_id: str | None, token: str | None, now) -> dict | None:
    """The draft's form values, only with a valid, unexpired link for exactly this draft."""
    if not draft_id or not links.verify(link_key(cfg), PURPOSE, draft_id, token, int(now.timestamp())):
        return None
    draft = store.draft(draft_id)
    return json.loads(draft["values"]) if draft else None


def retire(store, cfg, draft_id: str | None, token: str | None, now) -> bool:
    """The form reopened from this draft was sent (or saved again): its link stops opening it. Only with the
    draft's own valid link, so nobody retires another's draft."""
    if not draft_id or not links.verify(link_key(cfg), PURPOSE, draft_id, token, int(now.timestamp())):
        return False
    store.delete_draft(draft_id)
    return True


def compose(draft: dict, cfg):
    lang = draft["lang"]
    expires = common.iso(common.from_timestamp(int(draft["expires"])))[:10]
    url = link(cfg, draft)
    return notices.compose(cfg, draft["email"], lang, message("draft_mail_subject", lang),
                           [message("draft_mail_body", lang, expires=expires), url, message("draft_mail_ignore", lang)],
                           url, f"draft.{draft['draft_id']}")


def process(job: dict, store, mailer, cfg, now) -> str:
    """Send a draft's link once: the claim is taken before sending and given back if the send fails."""
    draft = store.draft(job.get("draft_id", "")) if isinstance(job.get("draft_id"), str) else None
    if draft is None:
        return "no such draft"  # expired or never stored: nothing to retry
    if draft.get("mailed_at"):
        return "already sent"
    # capped per mailbox only: a draft's link goes to the address that saved it, never to the company, so a
    # stranger typing the company's RFC must not spend the company's allowance and silence its own saves
    if not notices.allowed(store, now, [draft["email"]], None, "draft"):
        return "capped"
    if not store.claim_draft_mail(draft["draft_id"], common.iso(now)):
        return "already sent"
    try:
        notices.send(mailer, cfg, compose(draft, cfg))
    except Exception:
        store.release_draft_mail(draft["draft_id"])
        raise
    return "sent"
