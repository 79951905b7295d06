"""Use case: "save and continue later". A server-side draft of a form and an e-mailed, signed, expiring link.

The API stores the draft and queues a mail job; the worker sends the link through the same mail port and
queue as the scorecard. Drafts expire (DynamoDB TTL) after the link's lifetime.
"""
import html
import json
import uuid
from datetime import timedelta
from email import policy
from email.message import EmailMessage
from email.utils import formatdate

from ..config import link_key
from ..domain import links
from ..i18n import message
from . import common
from .scorecard_mail import address

PURPOSE = "draft"


def create(store, queue, kind: str, lang: str, email: str, values: dict, now, cfg) -> dict:
    expires = now + timedelta(days=cfg.link_ttl_days)
    draft = {"draft_id": str(uuid.uuid4()), "kind": kind, "lang": lang, "email": email,
             "values": json.dumps(values, ensure_ascii=False), "created_at": common.iso(now),
             "expires": int(expires.timestamp()), "ttl": int(expires.timestamp())}
    store.save_draft(draft)
    job = {"kind": "draft", "draft_id": draft["draft_id"]}
    if queue is None:  # no queue configured (a bare test wiring): the caller sends inline
        return draft
    queue.send(job)
    return draft


def link(cfg, draft: dict) -> str:
    token = links.sign(link_key(cfg), PURPOSE, draft["draft_id"], int(draft["expires"]))
    return f"{cfg.public_api_url}/forms/{draft['kind']}?lang={draft['lang']}&draft={draft['draft_id']}&token={token}"


def load(store, cfg, draft_id: str | None, token: str | None, now) -> dict | None:
    """The draft's form values, only with a valid, unexpired link for exactly this draft."""
    if not draft_id or not links.verify(link_key(cfg), PURPOSE, draft_id, token, int(now.timestamp())):
        return None
    draft = store.draft(draft_id)
    return json.loads(draft["values"]) if draft else None


def compose(draft: dict, cfg) -> EmailMessage:
    lang = draft["lang"]
    url = link(cfg, draft)
    expires = common.iso(common.from_timestamp(int(draft["expires"])))[:10]
    lines = [message("draft_mail_body", lang, expires=expires), url, message("draft_mail_ignore", lang)]
    footer = message("mail_footer", lang, privacy=cfg.privacy_notice_url)
    msg = EmailMessage()
    msg["Subject"] = message("draft_mail_subject", lang)
    msg["From"], msg["To"], msg["Reply-To"] = cfg.mail_from, draft["email"], cfg.mail_reply_to
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = f"<draft.{draft['draft_id']}@{address(cfg.mail_from).rpartition('@')[2]}>"
    msg["Content-Language"] = lang
    msg.set_content("\n\n".join(lines + ["--", footer]) + "\n", cte="quoted-printable")
    body = "".join(f'<p><a href="{html.escape(x)}">{html.escape(x)}</a></p>' if x == url else f"<p>{html.escape(x)}</p>"
                   for x in lines)
    msg.add_alternative(f'<!doctype html><html lang="{lang}"><body style="font-family:Arial,sans-serif">{body}'
                        f'<hr><p style="font-size:12px;color:#555">{html.escape(footer)}</p></body></html>\n',
                        subtype="html", cte="quoted-printable")
    return msg


def process(job: dict, store, mailer, cfg, now) -> str:
    """Send a draft's link once: the claim is taken before sending and given back if the send fails."""
    draft = store.draft(job.get("draft_id", "")) if isinstance(job.get("draft_id"), str) else None
    if draft is None:
        return "no such draft"  # expired or never stored: nothing to retry
    if not store.claim_draft_mail(draft["draft_id"], common.iso(now)):
        return "already sent"
    try:
        raw = compose(draft, cfg).as_bytes(policy=policy.SMTP)
        mailer.send(raw, address(cfg.mail_from), [draft["email"]])
    except Exception:
        store.release_draft_mail(draft["draft_id"])
        raise
    return "sent"
