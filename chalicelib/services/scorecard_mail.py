"""The scorecard e-mail: plain text and HTML alternatives plus the .xlsx, as one raw MIME message (stdlib)."""
import html
from email.message import EmailMessage
from email.utils import formatdate, parseaddr

from ..i18n import message
from ..scorecard.workbook import XLSX_MIME


def compose(record: dict, result: dict, xlsx: bytes, cfg, link: str, expires_on: str) -> EmailMessage:
    lang, company = record["lang"], record["company"]["name"]
    t = lambda key, **p: message(key, lang, **p)  # noqa: E731
    score = result["score"]
    overall = "—" if score["overall"] is None else f"{score['overall']:.0f}"
    paragraphs = [
        t("mail_greeting", name=record["contact"]["name"]),
        t("mail_intro", company=company.rstrip(".")),
        t("mail_score", score=overall, band=score["band"], met=result["art25"]["met"], of=result["art25"]["of"]),
        t("mail_link", expires=expires_on),
        link,
        t("mail_next"),
    ]
    footer = t("mail_footer", privacy=cfg.privacy_notice_url)
    msg = EmailMessage()
    msg["Subject"] = t("mail_subject", year=record["year"], company=company)
    msg["From"] = cfg.mail_from
    msg["To"] = record["contact"]["email"]
    msg["Reply-To"] = cfg.mail_reply_to
    msg["Date"] = formatdate(localtime=False)
    # One stable id per scorecard: mail clients fold a rare duplicate delivery into one message.
    msg["Message-ID"] = f"<scorecard.{record['assessment_id']}@{address(cfg.mail_from).rpartition('@')[2]}>"
    msg["Content-Language"] = lang
    # quoted-printable keeps every line under SMTP's limit, whatever the paragraph length
    msg.set_content("\n\n".join(paragraphs + ["--", footer]) + "\n", cte="quoted-printable")
    body = "\n".join(f"<p>{html.escape(p)}</p>" if p != link else f'<p><a href="{html.escape(link)}">{html.escape(link)}</a></p>'
                   for p in paragraphs)
    msg.add_alternative(f'<!doctype html><html lang="{lang}"><body style="font-family:Arial,sans-serif;'
                        f'font-size:15px;line-height:1.5;color:#1b1b1b">{body}<hr>'
                        f'<p style="font-size:12px;color:#555">{html.escape(footer)}</p></body></html>\n',
                        subtype="html", cte="quoted-printable")
    maintype, subtype = XLSX_MIME.split("/")
    msg.add_attachment(xlsx, maintype=maintype, subtype=subtype, filename=t("mail_attachment", year=record["year"]))
    return msg


def address(value: str) -> str:
    return parseaddr(value)[1]
