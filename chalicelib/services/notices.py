"""Short service e-mails with one link (draft links, reminders, self-service access): text and HTML, stdlib MIME."""
import html
from email.message import EmailMessage
from email.utils import formatdate

from ..i18n import message
from .scorecard_mail import address


def compose(cfg, to: str, lang: str, subject: str, lines: list, link: str, message_id: str) -> EmailMessage:
    """lines: paragraphs; the link goes after the first one. message_id: stable, so a re-send folds into one."""
    paragraphs = lines[:1] + [link] + lines[1:]
    footer = message("mail_footer", lang, privacy=cfg.privacy_notice_url)
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"], msg["To"], msg["Reply-To"] = cfg.mail_from, to, cfg.mail_reply_to
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = f"<{message_id}@{address(cfg.mail_from).rpartition('@')[2]}>"
    msg["Content-Language"] = lang
    msg.set_content("\n\n".join(paragraphs + ["--", footer]) + "\n", cte="quoted-printable")
    body = "".join(f'<p><a href="{html.escape(p)}">{html.escape(p)}</a></p>' if p == link else f"<p>{html.escape(p)}</p>"
                   for p in paragraphs)
    msg.add_alternative(f'<!doctype html><html lang="{lang}"><body style="font-family:Arial,sans-serif">{body}'
                        f'<hr><p style="font-size:12px;color:#555">{html.escape(footer)}</p></body></html>\n',
                        subtype="html", cte="quoted-printable")
    return msg


def send(mailer, cfg, msg: EmailMessage) -> str:
    from email import policy
    return mailer.send(msg.as_bytes(policy=policy.SMTP), address(cfg.mail_from), [msg["To"]])
