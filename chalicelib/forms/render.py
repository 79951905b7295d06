"""Server-rendered HTML of the forms, built from the same questionnaire description the API serves.

Markup follows the GOV.UK Design System: one fieldset per question with the question as legend, hints and
errors tied by aria-describedby, an error summary linking to each field. Without JavaScript the whole form is
one page that posts to the server; ``form.js`` enhances it (pages, autosave, retries) when it runs.
Field names are the API's field paths ("company.rfc", "answers.1.1"), so server errors map back to fields.
"""
import json
import re
from functools import cache
from html import escape
from pathlib import Path

from ..i18n import LANGS, MESSAGES, lang_of
from .texts import text

HERE = Path(__file__).resolve().parent
SIMPLE = re.compile(r"^[A-Za-z0-9._:-]+$")
CLIENT_MESSAGES = ("missing", "answer_missing", "email_invalid", "rfc_invalid", "int_type", "float_type",
                   "consent_required", "commitments_incomplete")


@cache
def asset(name: str) -> str:
    return (HERE / name).read_text(encoding="utf-8")


@cache
def script_min() -> str:
    import rjsmin  # whitespace and comments only: the served script stays readable in the repository
    return rjsmin.jsmin(asset("form.js"))


def _attrs(**attrs) -> str:
    out = []
    for key, value in attrs.items():
        if value is None or value is False:
            continue
        key = key.rstrip("_").replace("_", "-")
        if value is True:
            out.append(f" {key}")
            continue
        value = str(value)
        if SIMPLE.match(value):  # unquoted where HTML allows: ~350 radios, every byte counts on a phone
            out.append(f" {key}={value}")
        else:
            out.append(f' {key}="{escape(value)}"')
    return "".join(out)


class Page:
    """One form being rendered: its language, the submitted values, and the errors to show (path -> message)."""

    def __init__(self, lang: str, values: dict | None = None, errors: dict | None = None):
        self.lang = lang_of(lang)
        self.values = values or {}
        self.errors = errors or {}
        self.anchors: dict = {}  # field path -> id of its first control, for the error summary's links
        self.labels: dict = {}   # field path -> its label, so the summary names each field

    def t(self, key, **params):
        return text(key, self.lang, **params)

    def value(self, name: str) -> str:
        return (self.values.get(name) or [""])[0]

    def _described(self, ident: str, hint: str | None, name: str) -> tuple:
        parts, ids = "", []
        if hint:
            parts += f'<p class="hint" id="{escape(ident)}-h">{hint}</p>'
            ids.append(f"{ident}-h")
        if name in self.errors:
            parts += (f'<p class="err" id="{escape(ident)}-e"><span class="vh">{self.t("error_prefix")} </span>'
                      f'{escape(self.errors[name])}</p>')
            ids.append(f"{ident}-e")
        return parts, " ".join(ids) or None

    def _wrap(self, name: str, inner: str, tag: str = "div", class_: str = "", **attrs) -> str:
        cls = " ".join(c for c in ("f", class_, "f-err" if name in self.errors else "") if c)
        return f'<{tag} class="{cls}"{_attrs(**attrs)}>{inner}</{tag}>'

    def input(self, name: str, label: str, hint: str | None = None, optional: bool = False, **attrs) -> str:
        ident = name
        self.anchors[name], self.labels[name] = ident, label
        described, by = self._described(ident, hint, name)
        if optional:
            label += f' <span class="opt">{self.t("optional")}</span>'
        control = (f'<input id="{escape(ident)}" name="{escape(name)}"'
                   f'{_attrs(**{"type": "text", **attrs}, value=self.value(name), required=not optional, aria_describedby=by, aria_invalid="true" if name in self.errors else None)}>')
        return self._wrap(name, f'<label for="{escape(ident)}">{label}</label>{described}{control}')

    def select(self, name: str, label: str, options: list, hint: str | None = None, **attrs) -> str:
        self.anchors[name], self.labels[name] = name, label
        described, by = self._described(name, hint, name)
        current = self.value(name)
        opts = f'<option value="">{self.t("choose")}</option>' + "".join(
            f'<option value="{escape(v)}"{" selected" if v == current else ""}>{escape(lbl)}</option>' for v, lbl in options)
        return self._wrap(name, f'<label for="{escape(name)}">{label}</label>{described}'
                                f'<select id="{escape(name)}" '
                                f'name="{escape(name)}"{_attrs(required=True, aria_describedby=by, **attrs)}>{opts}</select>')

    def choices(self, name: str, legend: str, options: list, hint: str | None = None, kind: str = "radio",
                required: bool = True, legend_class: str | None = None, **attrs) -> str:
        """A fieldset of radios or checkboxes. options: (value, label html, description or None)."""
        first = f"{name}-{options[0][0]}"
        self.anchors[name], self.labels[name] = first, legend
        described, by = self._described(name, hint, name)
        chosen = set(self.values.get(name) or [])
        rows = []
        for n, (value, label, description) in enumerate(options):
            # The input inside its label: no id/for pair per option (the page carries ~350 of them).
            # Only the first option has an id, the target of the error summary's link.
            desc = f'<span class="d">{escape(description)}</span>' if description else ""
            rows.append(f'<label class="c"><input{_attrs(type=kind, id=first if n == 0 else None, name=name, value=value, checked=value in chosen, required=required and kind == "radio" and n == 0)}>'
                        f'<span>{label}{desc}</span></label>')
        legend_html = f'<legend{_attrs(class_=legend_class)}>{legend}</legend>'
        return self._wrap(name, f'{legend_html}{described}<div class="cs">{"".join(rows)}</div>', "fieldset",
                          aria_describedby=by, **attrs)

    def checkbox(self, name: str, label: str, required: bool = False) -> str:
        self.anchors[name] = name
        described, by = self._described(name, None, name)
        checked = self.value(name) == "true"
        return self._wrap(name,
                          f'{described}<label '
                          f'class="c"><input{_attrs(type="checkbox", id=name, name=name, value="true", checked=checked, required=required, aria_describedby=by)}>'
                                f'<span>{escape(label)}</span></label>')

    # ---- the error summary, rendered last so it knows every field's anchor ----
    def summary(self) -> str:
        if not self.errors:
            return '<div class="es" id="es" tabindex="-1" role="alert" hidden></div>'
        links = "".join(f'<li><a href="#{escape(self.anchor_for(path))}">{self.label_for(path)}{escape(msg)}</a></li>'
                        for path, msg in self.errors.items())
        return (f'<div class="es" id="es" tabindex="-1" role="alert" aria-labelledby="es-t"><h2 id="es-t">'
                f'{self.t("error_title")}</h2><ul>{links}</ul></div>')

    def label_for(self, path: str) -> str:
        label = self.labels.get(path)
        return f"{re.sub('<[^>]+>', '', label)}: " if label else ""

    def anchor_for(self, path: str) -> str:
        parts = path.split(".")
        while parts:
            found = self.anchors.get(".".join(parts))
            if found:
                return found
            parts.pop()
        return "main"


def _company(p: Page, q: dict, autocomplete_org: bool = True) -> str:
    return "".join([
        p.input("company.name", p.t("company.name"), autocomplete="organization" if autocomplete_org else None),
        p.input("company.rfc", p.t("company.rfc"), p.t("company.rfc_hint"), autocomplete="off", spellcheck="false",
                class_="w10", pattern=r"[A-Za-zÑñ&]{3,4}[0-9]{6}[A-Za-z0-9]{3}", data_bad="rfc_invalid"),
        p.select("company.state", p.t("company.state"), [(s["code"], s["name"]) for s in q["states"]],
                 autocomplete="address-level1"),
        p.select("company.sector", p.t("company.sector"), [(s["code"], s["name"]) for s in q["sectors"]]),
        p.input("company.employees", p.t("company.employees"), inputmode="numeric", pattern="[0-9]+", class_="w5",
                data_bad="int_type"),
        p.input("company.annual_sales_mxn", p.t("company.annual_sales_mxn"), p.t("company.annual_sales_mxn_hint"),
                inputmode="decimal", pattern=r"[0-9]+(\.[0-9]+)?", class_="w10", data_bad="float_type"),
    ])


def _person(p: Page, prefix: str, title_field: bool = True, position_required: bool = False) -> str:
    return "".join([
        p.input(f"{prefix}.name", p.t("name"), autocomplete="name"),
        p.input(f"{prefix}.email", p.t("email"), p.t("email_hint") if prefix == "contact" else None, type="email",
                autocomplete="email", spellcheck="false", data_bad="email_invalid"),
        p.input(f"{prefix}.position", p.t("position"), optional=not position_required, autocomplete="organization-title"),
    ])


def _item(p: Page, item: dict, scale: list) -> str:
    options = [(str(s["value"]), f'<b>{escape(s["label"])}</b>', s["description"]) for s in scale
               if s["value"] != "na" or item["na_allowed"]]
    hint = f'<b>{p.t("why")}</b> {escape(item["help"])}'
    return p.choices(f"answers.{item['id']}", f'{escape(item["id"])} {escape(item["text"])}',
                     options, hint, class_="q", required=False)  # form.js checks every item on review


def _barriers(p: Page, q: dict) -> str:
    out = []
    for question in q["barriers"]:
        options = [(o["value"], escape(o["label"]), None) for o in question["options"]]
        out.append(p.choices(f"barriers.{question['id']}", escape(question["text"]), options,
                             kind="checkbox" if question["type"] == "multi" else "radio", required=False))
    return "".join(out)


def _privacy(p: Page, kind: str, privacy_url: str, contact_email: str) -> str:
    voluntary = f'<p>{p.t("privacy_voluntary")}</p>' if kind == "pledge" else ""
    return (f'<div class="pn"><h2>{p.t("privacy_title")}</h2>'
            f'<p>{p.t("privacy_body", what=p.t("privacy_what_" + kind))}</p>{voluntary}'
            f'<p>{escape(p.t("privacy_rights", email=contact_email))} '
            f'<a href="{escape(privacy_url)}" target="_blank" rel="noopener">{p.t("privacy_full")}</a></p></div>')


def _honeypot(p: Page) -> str:
    # Hidden from people and assistive tech; bots that fill every field give themselves away.
    return (f'<div class="hp" aria-hidden="true"><label for="website">{p.t("honeypot")}</label>'
            f'<input id="website" name="website" type="text" tabindex="-1" autocomplete="off" value=""></div>')


def _hidden(fields: dict) -> str:
    return "".join(f'<input type="hidden" name="{escape(k)}" value="{escape(str(v))}">' for k, v in fields.items())


def _messages(lang: str) -> str:
    codes = {c: MESSAGES[c][LANGS.index(lang)] for c in CLIENT_MESSAGES}
    codes.update({k: text(k, lang) for k in ("section_of", "back", "next", "sending", "review_missing", "review_ok",
                                             "network", "network_failed", "error_title", "error_prefix")})
    return json.dumps(codes, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def document(lang: str, title: str, body: str, script: bool = True, switch: str | None = None, css: str = "") -> str:
    other = "en" if lang == "es" else "es"
    switch_link = f'<a href="{escape(switch)}" lang="{other}" hreflang="{other}">{text("other_lang", lang)}</a>' \
        if switch else ""
    js = f'<script>{script_min()}</script>' if script else ""
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1"><link rel="icon" '
            f'href="data:,"><title>{escape(title)}</title>'
            f'<style>{asset("form.css")}{css}</style></head><body>'
            f'<a class="skip" href="#main">{text("skip", lang)}</a>'
            f'<header><span class="brand">{text("brand", lang)}</span>{switch_link}</header>'
            f'<main id="main" tabindex="-1">{body}</main>{js}</body></html>')


def form_page(kind: str, q: dict, lang: str, hidden: dict, values: dict | None = None, errors: dict | None = None,
              notice: str | None = None, privacy_url: str = "", contact_email: str = "", draft_days: int = 30) -> str:
    """The pledge or assessment form; with values and errors when the server re-renders a submission."""
    p = Page(lang, values, errors)
    if kind == "pledge":
        sections = [
            ("sec_company", _company(p, q)),
            ("sec_signatory", _person(p, "signatory", position_required=True)),
            ("sec_commitments", p.choices("commitments", p.t("sec_commitments"),
                                          [(c["id"], escape(c["text"]), None) for c in q["pledge_commitments"]],
                                          p.t("commitments_hint"), kind="checkbox", legend_class="vh")),
        ]
        pages = False
    else:
        # The optional risk-profile questions are left to API clients: nothing scores them yet, and the page
        # must stay within its 15 KB budget on a slow phone connection.
        sections = [("sec_company", _company(p, q) + f'<h3>{p.t("sec_contact")}</h3>' + _person(p, "contact"))]
        sections += [(d["title"], "".join(_item(p, i, q["scale"]) for i in d["items"])) for d in q["dimensions"]]
        sections.append(("sec_barriers", _barriers(p, q)))
        pages = True
    send = "".join([
        _privacy(p, kind, privacy_url, contact_email),
        p.checkbox("consent.privacy_notice", p.t("consent"), required=True),
        p.checkbox("public_listing", p.t("public_listing")) if kind == "pledge" else "",
        _honeypot(p),
        f'<div class="bar"><button type="submit" name="action" value="send" class="b">'
        f'{p.t("send_" + kind)}</button>',
        (f'<button type="submit" name="action" value="save" class="b b2" formnovalidate>{p.t("save_later")}</button>'
         f'</div><p class="hint">{p.t("save_hint", days=draft_days)}</p>') if kind == "assessment" else "</div>",
    ])
    sections.append(("sec_send", '<div id="review" aria-live="polite"></div>' + send))
    html_sections = "".join(
        f'<section class="pg" aria-labelledby="s{n}"><h2 '
        f'id="s{n}">{escape(p.t(key) if key.startswith("sec_") else key)}</h2>{inner}</section>'
        for n, (key, inner) in enumerate(sections, 1))
    title = p.t(f"{kind}_title")
    intro = p.t("pledge_intro") if kind == "pledge" else p.t("assessment_intro", pages=len(sections))
    notice_html = f'<div class="note" role="status">{escape(notice)}</div>' if notice else \
        '<div class="note" role="status" hidden></div>'
    body = (f'<h1>{escape(title)}</h1><p class="lead">{escape(intro)}</p>{notice_html}{p.summary()}'
            f'<form method="post" action="{kind}?lang={lang}" novalidate data-kind="{kind}"'
            f'{" data-pages" if pages else ""}{" data-restored" if values else ""} accept-charset="utf-8">'
            f'{_hidden(hidden)}{html_sections}</form>'
            f'<script type="application/json" id="msgs">{_messages(p.lang)}</script>')
    return document(p.lang, title, body, switch=f"{kind}?lang={'en' if p.lang == 'es' else 'es'}")
