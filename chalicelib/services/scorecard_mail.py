"""The scorecard e-mail: the service e-mail (text and HTML) with the .xlsx attached."""
from email.message import EmailMessage

from ..domain.scoring import shown
from ..i18n import message
from ..scorecard.workbook import XLSX_MIME
from .notices import address
from .notices import compose as compose_notice

__all__ = ["address", "compose"]


def compose(record: dict, result: dict, xlsx: bytes, cfg, link: str, expires_on: str, to: list) -> EmailMessage:
    """To the company's verified addresses (`to`): the contact's own if verified, else the confirming one."""
    lang, company = record["lang"], record["company"]["name"]
    t = lambda key, **p: message(key, lang, **p)  # noqa: E731
    score = result["score"]
    overall = "—" if score["overall"] is None else str(shown(score["overall"]))
    to_contact = [a.casefold() for a in to] == [str(record["contact"]["email"]).casefold()]
    paragraphs = [
        t("mail_greeting", name=record["contact"]["name"]) if to_contact else t("mail_greeting_plain"),
        t("mail_intro", company=company.rstrip(".")),
        t("mail_score", score=overall, band=score["band"], of=result["art25"]["of"],
          met=result["art25"].get("implemented", result["art25"]["met"])),  # the count the page and Excel show
        t("mail_link", expires=expires_on),
        link,
        t("mail_next"),
    ]
    # One stable id per scorecard: mail clients fold a rare duplicate delivery into one message.
    msg = compose_notice(cfg, ", ".join(to), lang, t("mail_subject", year=record["year"], company=company),
                         paragraphs, link, f"scorecard.{record['assessment_id']}")
    maintype, subtype = XLSX_MIME.split("/")
    msg.add_attachment(xlsx, maintype=maintype, subtype=subtype, filename=t("mail_attachment", year=record["year"]))
    return msg
