"""Service e-mails (scorecard, draft links, reminders, self-service access): plain text and HTML alternatives
of the same paragraphs, one of which is a link, as one stdlib MIME message."""
from email.message import EmailMessage
from email.utils import formatdate, parseaddr

from ..i18n import message


def address(value: str) -> str:
    return parseaddr(value)[1]


def header_text(value: str) -> str:
    """One line of printable text: a header with CR/LF (a name typed before validation refused them) would be
    refused by the mail library, and the mail would never go."""
    import unicodedata
    return " ".join("".join(c if unicodedata.category(c)[0] != "C" else " " for c in value).split())


def compose(cfg, to: str, lang: str, subject: str, paragraphs: list, link: str, message_id: str) -> EmailMessage:
    """paragraphs: in order, the link among them. message_id: stable, so a repeated send folds into one."""
    # every mail says where a company gets back to its page, so nobody needs to keep an old link
    footer = message("mail_link_offer", lang, url=f"{cfg.public_api_url}/forms/link?lang={lang}") + "\n" + \
        message("mail_footer", lang, privacy=cfg.privacy_notice_url)
    msg = EmailMessage()
    msg["Subject"] = header_text(subject)
    msg["From"], msg["To"], msg["Reply-To"] = cfg.mail_from, to, cfg.mail_reply_to
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = f"<{message_id}@{address(cfg.mail_from).rpartition('@')[2]}>"
    # quoted-printable keeps every line under SMTP's limit, whatever the paragraph length
    msg.set_content("\n\n".join(paragraphs + ["--", footer]) + "\n", cte="quoted-printable")
    msg.add_alternative(html_body(lang, paragraphs, link, footer), subtype="html", cte="quoted-printable")
    msg["Content-Language"] = lang  # after the content: setting it clears the Content-* headers
    return msg


def html_body(lang: str, paragraphs: list, link: str, footer: str) -> str:
    """The HTML alternative: every paragraph is text (a name, an RFC, a link), escaped going into the markup."""
    from markupsafe import Markup
    body = Markup("\n").join(Markup('<p><a href="{0}">{0}</a></p>').format(p) if p == link else
                              Markup("<p>{}</p>").format(p) for p in paragraphs)
    return Markup('<!doctype html><html lang="{}"><body style="font-family:Arial,sans-serif;font-size:15px;'
                  'line-height:1.5;color:#1b1b1b">{}<hr><p style="font-size:12px;color:#555">{}</p></body></html>\n'
                  ).format(lang, body, footer)


def send(mailer, cfg, msg: EmailMessage) -> str:
    from email import policy
    return mailer.send(msg.as_bytes(policy=policy.SMTP), address(cfg.mail_from),
                       [a.strip() for a in str(msg["To"]).split(",") if a.strip()])


# Mail that anyone can trigger without a confirmed click (confirmation requests, link requests, drafts, address
# checks) is capped per day and per kind: a stranger cannot make the service flood an address or a company, and
# spending one kind's allowance (say, with confirmation requests) never blocks the company's own link requests.
PER_ADDRESS, PER_COMPANY = 5, 10


def mailbox(address: str) -> str:
    """One mailbox however it is written: case folded, and without a "+tag" (user+1@, user+2@ … are one)."""
    local, _, domain = address.casefold().rpartition("@")
    return f"{local.split('+', 1)[0]}@{domain}"


def allowed(store, now, to: list, company: str | None, kind: str) -> bool:
    """Count one mail of this kind to each address (and about the company); False, and nothing counted, when a
    cap is spent."""
    import logging

    from . import common
    day = now.astimezone(common.MEXICO_CITY).date().isoformat()
    limits = {f"{kind}#to#{mailbox(a)}": PER_ADDRESS for a in to}
    if company:
        limits[f"{kind}#co#{company}"] = PER_COMPANY
    if store.take_mail_allowance(day, limits, int(now.timestamp()) + 2 * 86400):
        return True
    logging.getLogger("integra").warning("mail cap reached (%s, %s): not sent", kind, day)
    return False
