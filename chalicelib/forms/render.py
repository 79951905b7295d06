"""Server-rendered HTML of the forms, built from the same questionnaire description the API serves.

Markup follows the GOV.UK Design System: one fieldset per question with the question as legend, hints and
errors tied by aria-describedby, an error summary linking to each field. Without JavaScript the whole form is
one page that posts to the server; ``form.js`` enhances it (pages, autosave, retries) when it runs.
Field names are the API's field paths ("company.rfc", "answers.1.1"), so server errors map back to fields.
"""
import json
import re
from functools import cache
from pathlib import Path

from markupsafe import Markup, escape

from ..domain import size as sizing
from ..domain import typed
from ..domain.applicability import REASON_MAX
from ..i18n import LANGS, MESSAGES, lang_of
from .texts import text

HERE = Path(__file__).resolve().parent
SIMPLE = re.compile(r"^[A-Za-z0-9._:-]+$")
CLIENT_MESSAGES = ("missing", "answer_missing", "email_invalid", "rfc_invalid", "int_type", "float_type",
                   "consent_required", "commitments_incomplete", "answer_na_reason")
JOIN = Markup("").join  # HTML fragments joined stay HTML; anything else in them was escaped going in


@cache
def asset(name: str) -> Markup:
    """Our own stylesheet or script, served inline: trusted as it is."""
    return Markup((HERE / name).read_text(encoding="utf-8"))


@cache
def script_min() -> Markup:
    import rjsmin  # whitespace and comments only: the served script stays readable in the repository
    return Markup(rjsmin.jsmin(str(asset("form.js"))))


def _attrs(**attrs) -> Markup:
    out = []
    for key, value in attrs.items():
        if value is None or value is False:
            continue
        key = key.rstrip("_").replace("_", "-")
        if value is True:
            out.append(Markup(" {}").format(key))
        elif SIMPLE.match(str(value)):  # unquoted where HTML allows: ~350 radios, every byte counts on a phone
            out.append(Markup(" {}={}").format(key, value))
        else:
            out.append(Markup(' {}="{}"').format(key, value))
    return JOIN(out)


class Page:
    """One form being rendered: its language, the submitted values, and the errors to show (path -> message)."""

    def __init__(self, lang: str, values: dict | None = None, errors: dict | None = None):
        self.lang = lang_of(lang)
        self.values = values or {}
        self.errors = errors or {}
        self.anchors: dict = {}  # field path -> id of its first control, for the error summary's links
        self.labels: dict = {}   # field path -> its label, so the summary names each field
        self.sections: dict = {}  # a question's field path -> its section's title (unanswered ones group by it)

    def t(self, key, **params):
        return text(key, self.lang, **params)

    def value(self, name: str) -> str:
        return (self.values.get(name) or [""])[0]

    def _described(self, ident: str, hint, name: str) -> tuple:
        """(the hint and error paragraphs, the ids that describe the control)."""
        parts, ids = [], []
        if hint:
            parts.append(Markup('<p class="hint" id="{}-h">{}</p>').format(ident, hint))
            ids.append(f"{ident}-h")
        if name in self.errors:
            parts.append(Markup('<p class="err" id="{}-e"><span class="vh">{} </span>{}</p>').format(
                ident, self.t("error_prefix"), self.errors[name]))
            ids.append(f"{ident}-e")
        return JOIN(parts), " ".join(ids) or None

    def _wrap(self, name: str, inner: Markup, tag: str = "div", class_: str = "", **attrs) -> Markup:
        cls = " ".join(c for c in ("f", class_, "f-err" if name in self.errors else "") if c)
        return Markup('<{0} class="{1}"{2}>{3}</{0}>').format(Markup(tag), cls, _attrs(**attrs), inner)

    def input(self, name: str, label, hint=None, optional: bool = False, say_optional: bool = True,
              **attrs) -> Markup:
        self.anchors[name], self.labels[name] = name, label
        described, by = self._described(name, hint, name)
        if optional and say_optional:
            label = Markup('{} <span class="opt">{}</span>').format(label, self.t("optional"))
        control = Markup('<input id="{0}" name="{0}"{1}>').format(name, _attrs(
            **{"type": "text", **attrs}, value=self.value(name), required=not optional, aria_describedby=by,
            aria_invalid="true" if name in self.errors else None))
        return self._wrap(name, Markup('<label for="{}">{}</label>{}{}').format(name, label, described, control))

    def select(self, name: str, label, options: list, hint=None, optional: bool = False, **attrs) -> Markup:
        self.anchors[name], self.labels[name] = name, label
        described, by = self._described(name, hint, name)
        if optional:
            label = Markup('{} <span class="opt">{}</span>').format(label, self.t("optional"))
        current = self.value(name)
        opts = Markup('<option value="">{}</option>').format(self.t("choose")) + JOIN(
            Markup('<option value="{}"{}>{}</option>').format(v, Markup(" selected") if v == current else "", lbl)
            for v, lbl in options)
        select = Markup('<select id="{0}" name="{0}"{1}>{2}</select>').format(
            name, _attrs(required=not optional, aria_describedby=by, **attrs), opts)
        return self._wrap(name, Markup('<label for="{}">{}</label>{}{}').format(name, label, described, select))

    def choices(self, name: str, legend, options: list, hint=None, kind: str = "radio",
                required: bool = True, legend_class: str | None = None, after: Markup | str = "",
                **attrs) -> Markup:
        """A fieldset of radios or checkboxes. options: (value, label, description or None); a label may be
        Markup (a bold level name), anything else is text. ``after``: a field that belongs to the question."""
        first = f"{name}-{options[0][0]}"
        self.anchors[name], self.labels[name] = first, legend
        described, by = self._described(name, hint, name)
        chosen = set(self.values.get(name) or [])
        rows = []
        for n, (value, label, description) in enumerate(options):
            # The input inside its label: no id/for pair per option (the page carries ~350 of them).
            # Only the first option has an id, the target of the error summary's link.
            desc = Markup('<small>{}</small>').format(description) if description else ""
            control = _attrs(type=kind, id=first if n == 0 else None, name=name, value=value,
                             checked=value in chosen, required=required and kind == "radio" and n == 0)
            rows.append(Markup('<label><input{}>{}{}</label>').format(control, label, desc))
        inner = Markup('<legend{}>{}</legend>{}<div class="cs">{}</div>{}').format(
            _attrs(class_=legend_class), legend, described, JOIN(rows), after)
        return self._wrap(name, inner, "fieldset", aria_describedby=by, **attrs)

    def checkbox(self, name: str, label, required: bool = False) -> Markup:
        self.anchors[name] = name
        described, by = self._described(name, None, name)
        control = _attrs(type="checkbox", id=name, name=name, value="true", checked=self.value(name) == "true",
                         required=required, aria_describedby=by)
        return self._wrap(name, Markup('{}<label class="c"><input{}><span>{}</span></label>').format(
            described, control, label))

    # ---- the error summary, rendered last so it knows every field's anchor ----
    def summary(self) -> Markup:
        if not self.errors:
            return Markup('<div class="es" id="es" tabindex="-1" role="alert" hidden></div>')
        links = JOIN(Markup('<li><a href="#{}">{}{}</a></li>').format(self.anchor_for(path), label, msg)
                     for path, label, msg in self._grouped())
        return Markup('<div class="es" id="es" tabindex="-1" role="alert" aria-labelledby="es-t"><h2 id="es-t">'
                      '{}</h2><ul>{}</ul></div>').format(self.t("error_title"), links)

    def _grouped(self) -> list:
        """(path, label, message) per summary line: each error alone, except unanswered questions, which two or
        more in one section make one line ("Sección 4 «…»: 3 preguntas sin responder") linking to the first."""
        lines: list = []
        first_of: dict = {}
        for path, msg in self.errors.items():
            section = self.sections.get(path)
            if section in first_of:
                first_of[section][1] += 1
                continue
            if section is not None:
                first_of[section] = [len(lines), 1]
            lines.append((path, self.label_for(path), msg))
        for section, (index, count) in first_of.items():
            if count > 1:
                lines[index] = (lines[index][0], "", self.t("section_missing", section=section, n=count))
        return lines

    def label_for(self, path: str) -> str:
        """The field's label as text (a label may carry markup: an item number in bold)."""
        label = self.labels.get(path)
        return f"{escape(label).striptags().rstrip('.')}: " if label else ""

    def anchor_for(self, path: str) -> str:
        parts = path.split(".")
        while parts:
            found = self.anchors.get(".".join(parts))
            if found:
                return found
            parts.pop()
        return "main"


def _company(p: Page, q: dict, autocomplete_org: bool = True) -> Markup:
    return JOIN([
        p.input("company.name", p.t("company.name"), autocomplete="organization" if autocomplete_org else None),
        p.input("company.rfc", p.t("company.rfc"), p.t("company.rfc_hint"), autocomplete="off", spellcheck="false",
                class_="w10", pattern=r"[A-Za-zÑñ&]{3,4}[ \-]?[0-9]{6}[ \-]?[A-Za-z0-9]{3}", data_bad="rfc_invalid"),
        p.select("company.state", p.t("company.state"), [(s["code"], s["name"]) for s in q["states"]],
                 autocomplete="address-level1"),
        p.select("company.sector", p.t("company.sector"), [(s["code"], s["name"]) for s in q["sectors"]]),
        p.input("company.employees", p.t("company.employees"), p.t("company.employees_hint"), inputmode="numeric",
                pattern="[0-9]+", class_="w5",
                data_bad="int_type"),
        p.input("company.annual_sales_mxn", p.t("company.annual_sales_mxn"), p.t("company.annual_sales_mxn_hint"),
                pattern=typed.AMOUNT, class_="w10", data_bad="float_type", data_or="company.annual_sales_band"),
        # or, for whoever prefers not to give the amount, the DOF's own sales ranges
        p.select("company.annual_sales_band", p.t("company.annual_sales_band"),
                 [(b, p.t(f"sales_band_{b}")) for b in sizing.SALES_BANDS], optional=True),
    ])


def _person(p: Page, prefix: str, title_field: bool = True, position_required: bool = False) -> Markup:
    return JOIN([
        p.input(f"{prefix}.name", p.t("name"), autocomplete="name"),
        p.input(f"{prefix}.email", p.t("email"), p.t("email_hint") if prefix == "contact" else None, type="email",
                autocomplete="email", spellcheck="false", pattern=typed.EMAIL, data_bad="email_invalid"),
        p.input(f"{prefix}.position", p.t("position"), optional=not position_required,
                autocomplete="organization-title"),
    ])


def _scale(p: Page, scale: list, first: bool) -> Markup:
    """What each level means, once per section (not under every question): open on the first section."""
    rows = JOIN(Markup("<dt>{}</dt><dd>{}</dd>").format(s["label"], s["description"]) for s in scale)
    return Markup('<details class="lv"{}><summary>{}</summary><dl>{}</dl></details>').format(
        Markup(" open") if first else "", p.t("scale_title"), rows)


def _item(p: Page, item: dict, scale: list) -> Markup:
    """A question: its levels (with what each means for this question, where the catalogue says), N/A where it
    may apply (with a line for the reason) and "No sé"."""
    anchors = item.get("anchors") or {}
    options = [(str(s["value"]), Markup("<b>{}</b>").format(s["label"]), anchors.get(str(s["value"])))
               for s in scale if s["value"] != "na" or item["na_allowed"]]
    hint = item["help"]  # why the question matters, in one or two lines
    # the reason: always needed with "No aplica" where nothing in the profile can explain it, else only when the
    # profile does not (form.js checks the first kind; the server both)
    always = item["na_allowed"] and not item.get("na_when")
    reason = p.input(f"na_reasons.{item['id']}", p.t("na_reason_always" if always else "na_reason"), optional=True,
                     say_optional=False, maxlength=REASON_MAX, data_need=always or None) if item["na_allowed"] else ""
    return p.choices(f"answers.{item['id']}", f'{item["id"]} {item["text"]}',
                     options, hint, class_="q", required=False, after=reason)  # form.js checks every item on review


def _profile(p: Page, q: dict) -> Markup:
    """The risk profile: what makes some questions inapplicable, and the dashboard's cross-tabs."""
    yes_no = [("true", p.t("yes"), None), ("false", p.t("no"), None)]
    return Markup('<p class="hint">{}</p>').format(p.t("profile_intro")) + JOIN(
        p.choices(f"company.{question['id']}", question["text"],
                  yes_no if question["type"] == "boolean" else
                  [(o["value"], o["label"], None) for o in question["options"]])
        for question in q["profile"])


def _barriers(p: Page, q: dict) -> Markup:
    return JOIN(p.choices(f"barriers.{question['id']}", question["text"],
                          [(o["value"], o["label"], None) for o in question["options"]],
                          kind="checkbox" if question["type"] == "multi" else "radio", required=False)
                for question in q["barriers"])


def _privacy(p: Page, kind: str, privacy_url: str, contact_email: str) -> Markup:
    voluntary = Markup("<p>{}</p>").format(p.t("privacy_voluntary")) if kind == "pledge" else ""
    return Markup('<div class="pn"><h2>{}</h2><p>{}</p>{}<p>{} <a href="{}" target="_blank" rel="noopener">{}</a>'
                  '</p></div>').format(p.t("privacy_title"), p.t("privacy_body", what=p.t("privacy_what_" + kind)),
                                       voluntary, p.t("privacy_rights", email=contact_email), privacy_url,
                                       p.t("privacy_full"))


def _honeypot(p: Page) -> Markup:
    # Hidden from people and assistive tech; bots that fill every field give themselves away.
    return Markup('<div class="hp" aria-hidden="true"><label for="website">{}</label><input id="website" '
                  'name="website" type="text" tabindex="-1" autocomplete="off" value=""></div>').format(p.t("honeypot"))


def _hidden(fields: dict) -> Markup:
    return JOIN(Markup('<input type="hidden" name="{}" value="{}">').format(k, v) for k, v in fields.items())


def _messages(lang: str) -> Markup:
    """The client's messages as JSON in a data block: "</" escaped, so nothing in it closes the block."""
    codes = {c: MESSAGES[c][LANGS.index(lang)] for c in CLIENT_MESSAGES}
    codes.update({k: text(k, lang) for k in ("section_of", "back", "next", "sending", "review_missing", "review_ok",
                                             "network", "network_failed", "error_title", "error_prefix",
                                             "section_missing")})
    return Markup(json.dumps(codes, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/"))


def document(lang: str, title, body: Markup, script: bool = True, switch: str | None = None,
             css: Markup | None = None) -> Markup:
    """A whole page: ``body`` is HTML already (Markup); the title and everything else is text."""
    other = "en" if lang == "es" else "es"
    switch_link = Markup('<a href="{}" lang="{}" hreflang="{}">{}</a>').format(
        switch, other, other, text("other_lang", lang)) if switch else ""
    js = Markup("<script>{}</script>").format(script_min()) if script else ""
    return Markup('<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
                  '<meta name="viewport" content="width=device-width,initial-scale=1"><link rel="icon" '
                  'href="data:,"><title>{title}</title><style>{css}</style></head><body>'
                  '<a class="skip" href="#main">{skip}</a><header><span class="brand">{brand}</span>{switch}</header>'
                  '<main id="main" tabindex="-1">{body}</main>{js}</body></html>').format(
        lang=lang, title=title, css=asset("form.css") + (css or ""), skip=text("skip", lang), brand=text("brand", lang),
        switch=switch_link, body=body, js=js)


def form_page(kind: str, q: dict, lang: str, hidden: dict, values: dict | None = None, errors: dict | None = None,
              notice: str | None = None, privacy_url: str = "", contact_email: str = "",
              draft_days: int = 30, start: int = 0, keep: dict | None = None) -> Markup:
    """The pledge or assessment form; with values and errors when the server re-renders a submission. ``keep``:
    the link's own parameters (company link, draft), kept by the link to the other language."""
    p, names = Page(lang, values, errors), {}
    if kind == "pledge":
        sections = [
            ("sec_company", _company(p, q)),
            ("sec_signatory", _person(p, "signatory", position_required=True)),
            ("sec_commitments", p.choices("commitments", p.t("sec_commitments"),
                                          [(c["id"], f"{n}. {c['text']}", None)
                                           for n, c in enumerate(q["pledge_commitments"], 1)],
                                          p.t("commitments_hint"), kind="checkbox", legend_class="vh")),
        ]
    else:
        contact = Markup("<h3>{}</h3>").format(p.t("sec_contact")) + _person(p, "contact")
        sections = [("sec_company", _company(p, q) + contact), ("sec_profile", _profile(p, q))]
        sections += [(d["title"], _scale(p, q["scale"], n == 0) + JOIN(_item(p, i, q["scale"]) for i in d["items"]))
                     for n, d in enumerate(q["dimensions"])]
        names = {n: p.t("section_named", n=n, title=d["title"]) for n, d in enumerate(q["dimensions"], 3)}
        p.sections = {f"answers.{i['id']}": names[n] for n, d in enumerate(q["dimensions"], 3) for i in d["items"]}
        sections.append(("sec_barriers", _barriers(p, q)))
    sections.append(("sec_send", Markup('<div id="review" aria-live="polite"></div>') + _send(p, kind, privacy_url,
                                                                                           contact_email, draft_days)))
    # a question section's name, for the summary of its unanswered questions ("Sección 4 «…»: 3 preguntas …")
    html_sections = JOIN(Markup('<section class="pg" aria-labelledby="s{0}"{3}><h2 id="s{0}">{1}</h2>{2}</section>')
                         .format(n, p.t(key) if key.startswith("sec_") else key, inner,
                                 Markup(' data-name="{}"').format(names[n]) if n in names else "")
                         for n, (key, inner) in enumerate(sections, 1))
    title = p.t(f"{kind}_title")
    intro = p.t("pledge_intro") if kind == "pledge" else p.t(
        "assessment_intro", pages=len(sections), questions=sum(len(d["items"]) for d in q["dimensions"]))
    notice_html = Markup('<div class="note" role="status"{}>{}</div>').format(
        "" if notice else Markup(" hidden"), notice or "")
    body = Markup('<h1>{title}</h1><p class="lead">{intro}</p>{notice}{summary}<form method="post" '
                  'action="{kind}?lang={lang}" novalidate data-kind="{kind}"{pages}{restored}{start} '
                  'accept-charset="utf-8">'
                  '{hidden}{sections}</form><script type="application/json" id="msgs">{messages}</script>').format(
        title=title, intro=intro, notice=notice_html, summary=p.summary(), kind=kind, lang=lang,
        pages=Markup(" data-pages") if kind == "assessment" else "",
        restored=Markup(" data-restored") if values else "", hidden=_hidden(hidden), sections=html_sections,
        start=Markup(' data-start="{}"').format(start) if start else "",
        messages=_messages(p.lang))
    from urllib.parse import urlencode
    return document(p.lang, title, body, switch=f"{kind}?" + urlencode({"lang": "en" if p.lang == "es" else "es",
                                                                        **(keep or {})}))


def _send(p: Page, kind: str, privacy_url: str, contact_email: str, draft_days: int) -> Markup:
    """The last section: privacy notice, consent, listing (pledge), send, and save for later (assessment)."""
    save = Markup('<button type="submit" name="action" value="save" class="b b2" formnovalidate>{}</button></div>'
                  '<p class="hint">{}</p>').format(p.t("save_later"), p.t("save_hint", days=draft_days)) \
        if kind == "assessment" else Markup("</div>")
    return JOIN([
        _privacy(p, kind, privacy_url, contact_email),
        p.checkbox("consent.privacy_notice", p.t("consent"), required=True),
        p.checkbox("public_listing", p.t("public_listing")) if kind == "pledge" else "",
        _honeypot(p),
        Markup('<div class="bar"><button type="submit" name="action" value="send" class="b">{}</button>').format(
            p.t("send_" + kind)),
        save,
    ])
