"""The other pages of the forms: index, result, pledge confirmation, saved draft, plain messages."""
from html import escape

from ..i18n import mexico_date
from .render import asset, document
from .texts import text


def _num(value) -> str:
    return "—" if value is None else f"{value:.0f}"


def _change(value) -> str:
    return "—" if value is None else f"{value:+.0f}"


def index(lang: str) -> str:
    t = lambda key: text(key, lang)  # noqa: E731
    links = []
    for form in ("pledge", "assessment"):
        for code, name in (("es", "Español"), ("en", "English")):
            links.append(f'<li><a href="forms/{form}?lang={code}" hreflang="{code}" lang="{code}">'
                         f'{text(form + "_title", code)} ({name})</a></li>')
    registry = (f'<li><a href="forms/registry?lang={lang}">{t("registry_title")}</a></li>'
                f'<li><a href="forms/embed?lang={lang}">{t("embed_title")}</a></li>')
    body = (f'<h1>{t("index_title")}</h1><p>{t("index_intro")}</p><ul class="links">{"".join(links)}{registry}</ul>')
    return document(lang, t("index_title"), body, script=False, css=asset("result.css"))


def result(cat_view: dict, response: dict, lang: str, pending_to: str | None = None) -> str:
    """The assessment result, from the stored API response (the same numbers as the e-mailed scorecard). A
    pending one says plainly that confirming the e-mail saves it and sends the scorecard."""
    t = lambda key, **p: text(key, lang, **p)  # noqa: E731
    score, bench = response["score"], response["benchmark"]
    items = {i["id"]: i for d in cat_view["dimensions"] for i in d["items"]}
    cap = f'<p>{escape(score["cap_reason"])}</p>' if score.get("cap_reason") else ""
    head = (f'<div class="score"><p>{t("result_overall")}</p><p class="big">{_num(score["overall"])} '
            f'<span>{t("result_of")}</span></p><p>{t("result_band")}: '
            f'<strong>{escape(score["band"] or "—")}</strong></p>{cap}</div>')
    if bench.get("suppressed"):
        hidden = "peers_pending" if bench.get("reason") == "pending_confirmation" else "peers_hidden"
        peers_note, peer_dims = t(hidden, n=bench["n_min"]), {}
    else:
        peers_note = t("peers_of", label=bench["cohort"]["label"], n=bench["n"])
        if bench["overall"].get("mean") is not None:
            peers_note += " " + t("peer_mean", mean=bench["overall"]["mean"])
        if bench.get("position"):
            peers_note += " " + t("position_" + bench["position"])
        if bench.get("percentile") is not None:
            peers_note += " " + t("peer_percentile", p=bench["percentile"])
        if bench.get("as_of"):
            peers_note += " " + t("figures_as_of", date=mexico_date(bench["as_of"], lang))
        peer_dims = bench["dimensions"]
    rows = []
    for d in cat_view["dimensions"]:
        mine = score["dimensions"][d["id"]]
        mine_text = t("insufficient") if mine.get("status") else _num(mine["score"])
        peer = peer_dims.get(d["id"])
        peer_text = "—" if peer is None else (t("hidden_cell") if peer.get("suppressed") else _num(peer["mean"]))
        width = 0 if mine.get("status") else round(mine["score"])
        rows.append(f'<tr><th scope="row">{escape(d["title"])}</th><td><span class="bar-v" style="--v:{width}%"></span>'
                    f'{mine_text}</td><td>{peer_text}</td></tr>')
    table = (f'<h2>{t("result_dims")}</h2><p>{escape(peers_note)}</p><table><thead><tr><th scope="col">'
             f'{t("col_dimension")}</th><th scope="col">{t("col_you")}</th><th scope="col">{t("col_peers")}</th>'
             f'</tr></thead><tbody>{"".join(rows)}</tbody></table>')
    art = response["art25"]
    elements = "".join(f'<li>{"✓" if e["met"] else "✗"} {escape(e["title"])}: '
                       f'{t("met") if e["met"] else t("not_met")}</li>'
                       for e in art["elements"])
    art_html = f'<h2>{t("result_art25", met=art["met"], of=art["of"])}</h2><ul>{elements}</ul><p class="hint">{escape(art["note"])}</p>'
    gaps = "".join(f'<li><strong>{escape(g["item_id"])} '
                   f'{escape(items[g["item_id"]]["text"]) if g["item_id"] in items else ""}</strong>'
                   f'<br>{escape(g["action"])}</li>' for g in response["gaps"][:5])
    gaps_html = f'<h2>{t("result_gaps")}</h2>' + (f'<ol>{gaps}</ol>' if gaps else f'<p>{t("no_gaps")}</p>')
    note = escape(t("pending_assessment", email=pending_to)) if pending_to is not None else t("result_mail")
    body = (f'<h1>{t("result_title")}</h1><div class="note" role="status">{note}</div>{_warnings(response)}'
            f'{head}{table}{art_html}{gaps_html}<p><a href="../../?lang={lang}">{t("home")}</a></p>')
    return document(lang, t("result_title"), body, script=False, css=asset("result.css"))


def _warnings(response: dict) -> str:
    """What the server noticed but accepted (a mistyped RFC check digit): said where the person can fix it."""
    return "".join(f'<div class="note" role="note">{escape(w["message"])}</div>' for w in response.get("warnings") or [])


def pledge_done(response: dict, lang: str, pending_to: str | None = None) -> str:
    """The pledge's result: recorded, or (pending) where the confirmation link went and what it does."""
    t = lambda key, **p: text(key, lang, **p)  # noqa: E731
    if pending_to is not None:
        title, said, more = t("pending_pledge_title"), t("pending_pledge", email=pending_to), ""
    else:
        title = t("pledge_done")
        said = t("pledge_done_body", signed=response["signed_at"][:10], renew=response["renew_by"][:10])
        more = f'<p><a class="b" href="../assessment?lang={lang}">{t("start_assessment")}</a></p>'
    body = (f'<h1>{title}</h1><div class="note" role="status">{escape(said)}</div>{_warnings(response)}{more}')
    return document(lang, title, body, script=False)


def saved(lang: str, email: str, days: int) -> str:
    t = lambda key, **p: text(key, lang, **p)  # noqa: E731
    body = f'<h1>{t("saved_title")}</h1><div class="note" role="status">{escape(t("saved_body", email=email, days=days))}</div>'
    return document(lang, t("saved_title"), body, script=False)


def confirm(lang: str, token: str, kind: str, company: dict | None, done: bool) -> str:
    """The page a confirmation link opens: what is being confirmed and one button (the GET changes nothing)."""
    t = lambda key, **p: text(key, lang, **p)  # noqa: E731
    if done:
        return message(lang, "confirm_title", "confirm_already")
    what = escape(t(f"confirm_what_{kind}"))
    about = (f'<p>{escape(t("confirm_about", company=company["name"], rfc=company["rfc"]))}</p>' if company else "")
    body = (f'<h1>{t("confirm_title")}</h1><p>{t("confirm_intro", what=what)}</p>{about}'
            f'<form method="post" action="confirm?lang={lang}"><input type="hidden" name="token" '
            f'value="{escape(token)}">'
            f'<input type="hidden" name="lang" value="{lang}">'
            f'<button class="b" type="submit">{t("confirm_button")}</button></form>'
            f'<p class="hint">{t("confirm_hint")}</p>')
    return document(lang, t("confirm_title"), body, script=False, css=asset("result.css"))


def confirmed(lang: str, kind: str, next_link: str | None) -> str:
    """What was confirmed, and the next step: the prefilled assessment after a pledge, the company's page after
    an assessment (links that expire with the confirmation link)."""
    t = lambda key: text(key, lang)  # noqa: E731
    body = f'<h1>{t("confirmed_title")}</h1><div class="note" role="status">{t("confirmed_" + kind)}</div>'
    if next_link and kind in ("pledge", "assessment"):
        label = t("start_assessment") if kind == "pledge" else t("company_page_link")
        body += f'<p>{t("confirmed_next_" + kind)}</p><p><a class="b" href="{escape(next_link)}">{label}</a></p>'
    return document(lang, t("confirmed_title"), body, script=False, css=asset("result.css"))


def message(lang: str, title_key: str, body_key: str | None, said: str | None = None) -> str:
    """A page with one message: a forms text (``body_key``) or one already in the reader's language (``said``)."""
    body = f'<h1>{text(title_key, lang)}</h1><p>{escape(said if said is not None else text(body_key or "", lang))}</p>'
    return document(lang, text(title_key, lang), body, script=False)


def embed_snippet(base: str, kind: str, lang: str) -> str:
    """What a partner pastes into its page: the iframe, a full-page link, and a few lines of auto-resize."""
    from urllib.parse import urlsplit
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(base))
    url = f"{base}/forms/{kind}?lang={lang}"
    return (f'<iframe id="integra-{kind}" src="{url}" title="{escape(text(kind + "_title", lang))}"\n'
            f'        style="width:100%;min-height:40rem;border:0" loading="lazy"></iframe>\n'
            f'<p><a href="{url}">{escape(text(kind + "_title", lang))}</a></p>\n'
            f'<script>\n'
            f'  addEventListener("message", function (e) {{\n'
            f'    if (e.origin !== "{origin}" || !e.data || e.data.integra !== "height") return;\n'
            f'    document.getElementById("integra-{kind}").style.height = e.data.height + "px";\n'
            f'  }});\n'
            f'</script>')


def embed(lang: str, base: str) -> str:
    """How to embed the forms, with the snippets for this deployment and a live example."""
    t = lambda key: text(key, lang)  # noqa: E731
    blocks = "".join(f'<h2>{t(kind + "_title")}</h2><pre '
                     f'tabindex="0"><code>{escape(embed_snippet(base, kind, lang))}</code></pre>'
                     for kind in ("pledge", "assessment"))
    body = (f'<h1>{t("embed_title")}</h1><p>{t("embed_intro")}</p>{blocks}'
            f'<h2>{t("embed_example")}</h2>{embed_snippet(base, "pledge", lang)}')
    return document(lang, t("embed_title"), body, script=False, css=asset("result.css"))


def registry(data: dict, lang: str) -> str:
    """The public registry as an embeddable page: one row per opted-in signatory and its standing."""
    t = lambda key, **p: text(key, lang, **p)  # noqa: E731
    rows = "".join(
        f'<tr><th scope="row">{escape(c["name"] or "")}</th><td>{escape(c["state_name"] or "")}</td>'
        f'<td>{escape(c["sector_name"] or "")}</td><td>{escape(t("size_" + (c["size"] or "micro")))}</td>'
        f'<td>{escape((c["pledged_at"] or "")[:10])}</td><td>{t("pledge_" + c["pledge"])}</td>'
        f'<td>{t("assess_" + c["assessment"])}</td><td>{c["trainings_this_year"]}</td><td>{c["activities_this_year"]}</td></tr>'
        for c in data["companies"])
    heads = "".join(f'<th scope="col">{t(k)}</th>' for k in ("col_company", "company.state", "col_sector", "col_size",
                                                               "col_pledged", "col_pledge", "col_assessment",
                                                               "col_trainings", "col_activities"))
    table = (f'<div class="scroll" tabindex="0" role="region" '
             f'aria-label="{t("registry_title")}"><table><thead><tr>{heads}</tr></thead>'
             f'<tbody>{rows}</tbody></table></div>') if rows else f'<p>{t("registry_empty")}</p>'
    body = (f'<h1>{t("registry_title")}</h1><p>{t("registry_intro", year=data["cycle"])}</p>{table}'
            f'<p class="hint">{t("registry_note", n=data["count"])}</p>')
    return document(lang, t("registry_title"), body, script=True, css=asset("result.css"),
                    switch=f"registry?lang={'en' if lang == 'es' else 'es'}")


def _contact_form(view: dict, lang: str, token: str) -> str:
    from urllib.parse import quote

    from .render import Page
    contact = view.get("contact") or {}
    p = Page(lang, {f"contact.{k}": [str(v)] for k, v in contact.items() if v})
    saved = f'<div class="note" role="status">{text("contact_saved", lang)}</div>' if view.get("saved") else ""
    return (f'<h2 id="contact">{text("sec_contact", lang)}</h2>{saved}'
            f'<form method="post" action="company/contact?lang={lang}&amp;token={escape(quote(token))}">'
            f'{p.input("contact.name", text("name", lang), autocomplete="name")}'
            f'{p.input("contact.email", text("email", lang), type="email", autocomplete="email", spellcheck="false")}'
            f'{p.input("contact.position", text("position", lang), optional=True, autocomplete="organization-title")}'
            f'<button class="b" type="submit">{text("update_contact", lang)}</button></form>')


def company(view: dict, lang: str, token: str = "") -> str:
    """A company's own page, opened from its e-mailed link: history, progress, scorecards, next steps."""
    t = lambda key, **p: text(key, lang, **p)  # noqa: E731
    rows = "".join(
        f'<tr><th scope="row">{a["year"]}</th><td>{_num(a["overall"])}</td>'
        f'<td>{_change(a["change"])}</td>'
        f'<td><a href="{escape(a["scorecard_url"])}">{t("download")}</a></td></tr>' for a in view["assessments"])
    table = (f'<table><thead><tr><th scope="col">{t("col_year")}</th><th scope="col">{t("result_overall")}</th>'
             f'<th scope="col">{t("col_change")}</th><th scope="col">{t("col_scorecard")}</th></tr></thead>'
             f'<tbody>{rows}</tbody></table>') if rows else f'<p>{t("no_assessments")}</p>'
    body = (f'<h1>{escape(view["company"]["name"] or "")}</h1>'
            f'<p>{t("pledge_status", status=t("pledge_" + view["pledge"]["status"]))} '
            f'{t("assessment_status", status=t("assess_" + view["assessment_this_cycle"]))}</p>'
            f'<h2>{t("history")}</h2>{table}'
            f'<p><a class="b" href="{escape(view["links"]["start_assessment"])}">{t("start_assessment")}</a></p>'
            f'{_contact_form(view, lang, token)}')
    return document(lang, view["company"]["name"] or t("history"), body, script=False, css=asset("result.css"))
