"""The other pages of the forms: index, result, pledge confirmation, saved draft, plain messages.

Safe by type: every fragment of HTML is ``Markup``; every value put into one (texts, names, messages, links)
goes through ``Markup.format`` or ``JOIN`` and is escaped on the way in.
"""
from markupsafe import Markup

from ..domain import typed
from ..domain.scoring import shown, tenths
from ..i18n import mexico_date
from .render import JOIN, asset, document
from .texts import text


def _num(value) -> str:
    return "—" if value is None else str(shown(value))


def _change(value) -> str:
    return "—" if value is None else f"{shown(value):+d}"


def _page(lang: str, title, body: Markup, **kw) -> Markup:
    return document(lang, title, body, script=kw.pop("script", False), css=kw.pop("css", asset("result.css")), **kw)


def index(lang: str) -> Markup:
    def t(key):
        return text(key, lang)
    links = [Markup('<li><a href="forms/{0}?lang={1}" hreflang="{1}" lang="{1}">{2} ({3})</a></li>').format(
        form, code, text(form + "_title", code), name)
        for form in ("pledge", "assessment") for code, name in (("es", "Español"), ("en", "English"))]
    links += [Markup('<li><a href="forms/{}?lang={}">{}</a></li>').format(page, lang, t(page + "_title"))
              for page in ("registry", "embed")]
    links.append(Markup('<li><a href="forms/link?lang={}">{}</a></li>').format(lang, t("link_offer")))
    body = Markup('<h1>{}</h1><p>{}</p><ul class="links">{}</ul>').format(t("index_title"), t("index_intro"),
                                                                          JOIN(links))
    return _page(lang, t("index_title"), body)


def _peers_note(bench: dict, lang: str) -> str:
    """What the comparison is (or why there is none), in one paragraph."""
    def t(key, **p):
        return text(key, lang, **p)
    if bench.get("suppressed"):
        return t("peers_pending" if bench.get("reason") == "pending_confirmation" else "peers_hidden", n=bench["n_min"])
    said = [t("peers_of", label=bench["cohort"]["label"], n=bench["n"])]
    if bench["overall"].get("mean") is not None:
        said.append(t("peer_mean", mean=bench["overall"]["mean"]))
    if bench.get("position"):
        said.append(t("position_" + bench["position"]))
    if bench.get("percentile") is not None:
        said.append(t("peer_percentile", p=bench["percentile"]))
    if bench.get("as_of"):
        said.append(t("figures_as_of", date=mexico_date(bench["as_of"], lang)))
    return " ".join(said)


def _dimensions(cat_view: dict, score: dict, bench: dict, lang: str) -> Markup:
    def t(key):
        return text(key, lang)
    peer_dims = {} if bench.get("suppressed") else bench["dimensions"]
    rows = []
    for d in cat_view["dimensions"]:
        mine = score["dimensions"][d["id"]]
        peer = peer_dims.get(d["id"])
        peer_text = "—" if peer is None else (t("hidden_cell") if peer.get("suppressed") else _num(peer["mean"]))
        width = 0 if mine.get("status") else shown(mine["score"])
        rows.append(Markup('<tr><th scope="row">{}</th><td><span class="bar-v" style="--v:{}%"></span>{}</td>'
                           '<td>{}</td></tr>').format(d["title"], width, t("insufficient") if mine.get("status")
                                                      else _num(mine["score"]), peer_text))
    return Markup('<h2>{}</h2><p>{}</p><table><thead><tr><th scope="col">{}</th><th scope="col">{}</th>'
                  '<th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>').format(
        t("result_dims"), _peers_note(bench, lang), t("col_dimension"), t("col_you"), t("col_peers"), JOIN(rows))


def result(cat_view: dict, response: dict, lang: str, pending_to: str | None = None, sent_to: list | None = None,
           download: str | None = None) -> Markup:
    """The assessment result, from the stored API response (the same numbers as the e-mailed scorecard). A
    pending one says plainly that confirming the e-mail saves it and sends the scorecard; a confirmed one, where
    the scorecard went (``sent_to``) and a download of this result's own workbook (``download``)."""
    def t(key, **p):
        return text(key, lang, **p)
    score = response["score"]
    cap = Markup("<p>{}</p>").format(score["cap_reason"]) if score.get("cap_reason") else ""
    size = Markup("<p>{}</p>").format(t("result_size", size=t("size_" + response["size"]))) \
        if response.get("size") else ""  # the size it is compared at (a sales warning is about it)
    head = Markup('<div class="score"><p>{}</p><p class="big">{} <span>{}</span></p><p>{}: <strong>{}</strong></p>'
                  '{}{}{}</div>').format(t("result_overall"), _num(score["overall"]), t("result_of"), t("result_band"),
                                         score["band"] or "—", _band_words(cat_view, score, lang), cap, size)
    art = response["art25"]
    elements = JOIN(Markup("<li>{} {}: {}</li>").format(MARKS[_state(e)], e["title"], t(_state(e)))
                    for e in art["elements"])
    art_html = Markup('<h2>{}</h2><ul>{}</ul><p class="hint">{}</p>').format(
        t("result_art25_implemented" if "implemented" in art else "result_art25",
          met=art.get("implemented", art["met"]), of=art["of"]), elements, art["note"])
    if pending_to is not None:
        note = t("pending_assessment", email=pending_to)
    else:
        note = t("result_sent_to", to=", ".join(sent_to)) if sent_to else t("result_mail")
    tools = Markup('<p class="tools">{}<button class="b b2" type="button" id="print" hidden>{}</button></p>'
                   '<script>var p=document.getElementById("print");p.hidden=false;p.onclick=function(){{print()}}'
                   '</script>').format(Markup('<a class="b" href="{}">{}</a>').format(download, t("download"))
                                       if download else "", t("print"))
    body = Markup('<h1>{}</h1><div class="note" role="status">{}</div>{}{}{}{}{}{}{}<p class="tools"><a href="../link?'
                  'lang={}">{}</a></p><p><a href="../../?lang={}">{}</a></p>').format(
        t("result_title"), note, _warnings(response), head, _plan(cat_view, response, lang), tools,
        _to_check(cat_view, response, lang), _dimensions(cat_view, score, response["benchmark"], lang), art_html,
        lang, t("link_offer"), lang, t("home"))
    return _page(lang, t("result_title"), body)


def _band_words(cat_view: dict, score: dict, lang: str) -> Markup:
    """What the band means, and how far the next one is."""
    bands = cat_view.get("bands") or []
    now = next((i for i, b in enumerate(bands) if b["label"] == score["band"]), None)
    if now is None or score["overall"] is None:
        return Markup("")
    said = [bands[now].get("description") or ""]
    if now + 1 < len(bands):
        short = bands[now + 1]["min"] - (shown(score["overall"]) or 0)
        gap = text("gap_one", lang) if short == 1 else text("gap_many", lang, n=short)
        said.append(text("band_next", lang, next=bands[now + 1]["label"], min=bands[now + 1]["min"], gap=gap))
    else:
        said.append(text("band_top", lang))
    return Markup('<p class="hint">{}</p>').format(" ".join(s for s in said if s))


def _plan(cat_view: dict, response: dict, lang: str) -> Markup:
    """The first five actions, each with what it adds to the overall score."""
    items = {i["id"]: i for d in cat_view["dimensions"] for i in d["items"]}

    def name(gap):
        item = items.get(gap["item_id"], {})
        return gap.get("title") or item.get("title") or item.get("text", "")
    gaps = JOIN(Markup("<li><strong>{} {}</strong><br>{}{}</li>").format(
        g["item_id"], name(g), g["action"],
        Markup(' <span class="pts">({})</span>').format(text("points_gain", lang, n=tenths(g["points"])))
        if g.get("points", 0) >= 0.05 else "")  # nothing said of an action that adds nothing yet
        for g in response["gaps"][:5])
    if not gaps:
        return Markup("<h2>{}</h2><p>{}</p>").format(text("result_gaps", lang), text("no_gaps", lang))
    total = tenths(sum(g.get("points", 0) for g in response["gaps"][:5]))
    together = Markup('<p>{}</p>').format(text("plan_total", lang, n=total)) if total >= 0.1 else ""
    return Markup('<h2>{}</h2><p class="hint">{}</p><ol>{}</ol>{}').format(
        text("result_gaps", lang), text("result_gaps_intro", lang), gaps, together)


def _to_check(cat_view: dict, response: dict, lang: str) -> Markup:
    """The "No sé" answers, each with whom to ask (results saved before the list: the question alone)."""
    items = {i["id"]: i for d in cat_view["dimensions"] for i in d["items"]}
    entries = response.get("to_check")
    if entries is None:
        entries = [{"item_id": i, "title": items[i]["text"], "action": ""} for i in response.get("unknown_items") or []
                   if i in items]
    if not entries:
        return Markup("")
    rows = JOIN(Markup("<li><strong>{} {}</strong>{}</li>").format(
        e["item_id"], e["title"], Markup("<br>{}").format(e["action"]) if e["action"] else "") for e in entries)
    return Markup('<h2>{}</h2><p>{}</p><ul>{}</ul>').format(text("to_check_title", lang),
                                                            text("to_check_intro", lang), rows)


MARKS = {"implemented": "✓", "met": "✓", "documented": "◐", "not_met": "✗"}


def _state(element: dict) -> str:
    """An Art. 25 element's state; results saved before the three states say only met or not."""
    return element.get("state") or ("met" if element["met"] else "not_met")


def _warnings(response: dict) -> Markup:
    """What the server noticed but accepted (a mistyped RFC check digit): said where the person can fix it."""
    return JOIN(Markup('<div class="note" role="note">{}</div>').format(w["message"])
                for w in response.get("warnings") or [])


def pledge_done(response: dict, lang: str, pending_to: str | None = None, assessment: str | None = None) -> Markup:
    """The pledge's result: recorded, or (pending) where the confirmation link went and what it does; either way
    the way on to the self-assessment, with the pledge's company and signatory already in it (``assessment``)."""
    def t(key, **p):
        return text(key, lang, **p)
    link = assessment or f"../assessment?lang={lang}"
    if pending_to is not None:
        title, said = t("pending_pledge_title"), t("pending_pledge", email=pending_to)
        more = Markup('<p>{}</p><p><a class="b b2" href="{}">{}</a></p>').format(t("pledge_meanwhile"), link,
                                                                               t("start_assessment"))
    else:
        title = t("pledge_done")
        said = t("pledge_done_body", signed=mexico_date(response["signed_at"], lang),
                 renew=mexico_date(response["renew_by"], lang))
        more = Markup('<p><a class="b" href="{}">{}</a></p>').format(link, t("start_assessment"))
        if not assessment:  # no link of the company's here: the one in the mails is prefilled
            more = Markup('<p>{}</p>').format(t("pledge_done_mail_link")) + more
    body = Markup('<h1>{}</h1><div class="note" role="status">{}</div>{}{}').format(title, said, _warnings(response),
                                                                                   more)
    return document(lang, title, body, script=False)


def saved(lang: str, email: str, days: int) -> Markup:
    title = text("saved_title", lang)
    body = Markup('<h1>{}</h1><div class="note" role="status">{}</div>').format(
        title, text("saved_body", lang, email=email, days=days))
    return document(lang, title, body, script=False)


def confirm(lang: str, token: str, kind: str, company: dict | None, done: bool) -> Markup:
    """The page a confirmation link opens: what is being confirmed and one button (the GET changes nothing)."""
    def t(key, **p):
        return text(key, lang, **p)
    if done:
        return message(lang, "confirm_title", "confirm_already")
    about = Markup("<p>{}</p>").format(t("confirm_about", company=company["name"], rfc=company["rfc"])) \
        if company else ""
    body = Markup('<h1>{}</h1><p>{}</p>{}<form method="post" action="confirm?lang={}"><input type="hidden" '
                  'name="token" value="{}"><input type="hidden" name="lang" value="{}"><button class="b" '
                  'type="submit">{}</button></form><p class="hint">{}</p>').format(
        t("confirm_title"), t("confirm_intro", what=t(f"confirm_what_{kind}")), about, lang, token, lang,
        t("confirm_button"), t("confirm_hint"))
    return _page(lang, t("confirm_title"), body)


def confirmed(lang: str, kind: str, next_link: str | None, step: str | None = None) -> Markup:
    """What was confirmed, and the next step (``step``): the prefilled assessment after a pledge, unless this
    cycle's is done; the company's page otherwise (links that expire with the confirmation link)."""
    def t(key):
        return text(key, lang)
    body = Markup('<h1>{}</h1><div class="note" role="status">{}</div>').format(t("confirmed_title"),
                                                                               t("confirmed_" + kind))
    if next_link and kind in ("pledge", "assessment"):
        said = "confirmed_next_pledge" if step == "assessment" else \
            "confirmed_next_assessed" if kind == "pledge" else "confirmed_next_assessment"
        label = t("start_assessment") if step == "assessment" else t("company_page_link")
        body += Markup('<p>{}</p><p><a class="b" href="{}">{}</a></p>').format(t(said), next_link, label)
    return _page(lang, t("confirmed_title"), body)


def message(lang: str, title_key: str, body_key: str | None, said: str | None = None) -> Markup:
    """A page with one message: a forms text (``body_key``) or one already in the reader's language (``said``)."""
    title = text(title_key, lang)
    body = Markup("<h1>{}</h1><p>{}</p>").format(title, said if said is not None else text(body_key or "", lang))
    return document(lang, title, body, script=False)


def link_sent(lang: str) -> Markup:
    """The answer to a link request: the same words whether or not anything was sent, and a way on."""
    title = text("link_title", lang)
    body = Markup('<h1>{}</h1><div class="note" role="status">{}</div><p><a href="../?lang={}">{}</a></p>').format(
        title, text("link_requested", lang), lang, text("home", lang))
    return document(lang, title, body, script=False)


def dead_link(lang: str, said: str, to_forms: str = "forms/") -> Markup:
    """A link that no longer works, opened in a browser: why, and where to get a new one."""
    title = text("link_dead_title", lang)
    body = Markup('<h1>{}</h1><p>{}</p><p><a class="b" href="{}link?lang={}">{}</a></p>').format(
        title, said, to_forms, lang, text("link_offer", lang))
    return document(lang, title, body, script=False)


def link_request(lang: str, values: dict | None = None, errors: dict | None = None) -> Markup:
    """Where a company that took part asks for the link to its page: its RFC and a confirmed address. The answer
    is the same whether or not they are on file (the link goes only to a confirmed address)."""
    from .render import Page
    p = Page(lang, values, errors)
    fields = JOIN([
        p.input("rfc", text("company.rfc", lang), text("company.rfc_hint", lang), autocomplete="off",
                spellcheck="false", class_="w10", data_bad="rfc_invalid"),
        p.input("email", text("email", lang), type="email", autocomplete="email", spellcheck="false",
                pattern=typed.EMAIL, data_bad="email_invalid")])
    title = text("link_title", lang)
    body = Markup('<h1>{}</h1><p class="lead">{}</p>{}<form method="post" action="link?lang={}" novalidate>{}'
                  '<input type="hidden" name="lang" value="{}"><button class="b" type="submit">{}</button></form>'
                  ).format(title, text("link_intro", lang), p.summary() if errors else "", lang, fields, lang,
                           text("link_button", lang))
    return _page(lang, title, body, switch=f"link?lang={'en' if lang == 'es' else 'es'}")


def embed_snippet(base: str, kind: str, lang: str) -> str:
    """What a partner pastes into its page (as text: shown in a <code> block, or put in as it is): the iframe, a
    full-page link, and a few lines of auto-resize."""
    from urllib.parse import urlsplit
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(base))
    url = f"{base}/forms/{kind}?lang={lang}"
    title = Markup.escape(text(kind + "_title", lang))
    return (f'<iframe id="integra-{kind}" src="{url}" title="{title}"\n'
            f'        style="width:100%;min-height:40rem;border:0" loading="lazy"></iframe>\n'
            f'<p><a href="{url}">{title}</a></p>\n'
            f'<script>\n'
            f'  addEventListener("message", function (e) {{\n'
            f'    if (e.origin !== "{origin}" || !e.data || e.data.integra !== "height") return;\n'
            f'    document.getElementById("integra-{kind}").style.height = e.data.height + "px";\n'
            f'  }});\n'
            f'</script>')


def embed(lang: str, base: str) -> Markup:
    """How to embed the forms, with the snippets for this deployment and a live example (the deployment's own
    address is configuration, trusted like the code)."""
    def t(key):
        return text(key, lang)
    blocks = JOIN(Markup('<h2>{}</h2><pre tabindex="0"><code>{}</code></pre>').format(
        t(kind + "_title"), embed_snippet(base, kind, lang)) for kind in ("pledge", "assessment"))
    body = Markup("<h1>{}</h1><p>{}</p>{}<h2>{}</h2>{}").format(
        t("embed_title"), t("embed_intro"), blocks, t("embed_example"), Markup(embed_snippet(base, "pledge", lang)))
    return _page(lang, t("embed_title"), body)


REGISTRY_COLUMNS = ("col_company", "company.state", "col_sector", "col_size", "col_pledged", "col_pledge",
                    "col_assessment", "col_trainings", "col_activities")


def registry(data: dict, lang: str) -> Markup:
    """The public registry as an embeddable page: one row per opted-in signatory and its standing."""
    def t(key, **p):
        return text(key, lang, **p)
    rows = JOIN(Markup('<tr><th scope="row">{}</th>' + "<td>{}</td>" * 8 + "</tr>").format(
        c["name"] or "", c["state_name"] or "", c["sector_name"] or "", t("size_" + (c["size"] or "micro")),
        mexico_date(c["pledged_at"], lang) if c["pledged_at"] else "", t("pledge_" + c["pledge"]),
        t("assess_" + c["assessment"]),
        c["trainings_this_year"], c["activities_this_year"]) for c in data["companies"])
    heads = JOIN(Markup('<th scope="col">{}</th>').format(t(k)) for k in REGISTRY_COLUMNS)
    table = Markup('<div class="scroll" tabindex="0" role="region" aria-label="{}"><table><thead><tr>{}</tr></thead>'
                   '<tbody>{}</tbody></table></div>').format(t("registry_title"), heads, rows) if rows else \
        Markup("<p>{}</p>").format(t("registry_empty"))
    body = Markup('<h1>{}</h1><p>{}</p>{}<p class="hint">{}</p>').format(
        t("registry_title"), t("registry_intro", year=data["cycle"]), table, t("registry_note", n=data["count"]))
    return _page(lang, t("registry_title"), body, script=True, switch=f"registry?lang={'en' if lang == 'es' else 'es'}")


def _contact_form(view: dict, lang: str, token: str, typed: dict | None, errors: dict | None) -> Markup:
    """The contact on file, or (after a mistake) what was typed, with the error summary and each field's error."""
    from urllib.parse import quote

    from .render import Page
    contact = view.get("contact") or {}
    p = Page(lang, typed or {f"contact.{k}": [str(v)] for k, v in contact.items() if v}, errors)
    saved = Markup('<div class="note" role="status">{}</div>').format(text("contact_saved", lang)) \
        if view.get("saved") else ""
    fields = JOIN([
        p.input("contact.name", text("name", lang), autocomplete="name"),
        p.input("contact.email", text("email", lang), type="email", autocomplete="email", spellcheck="false"),
        p.input("contact.position", text("position", lang), optional=True, autocomplete="organization-title")])
    return Markup('<h2 id="contact">{}</h2>{}{}<form method="post" action="company/contact?lang={}&amp;token={}" '
                  'novalidate>{}<button class="b" type="submit">{}</button></form>').format(
        text("sec_contact", lang), saved, p.summary() if errors else "", lang, quote(token), fields,
        text("update_contact", lang))


def company(view: dict, lang: str, token: str = "", typed: dict | None = None, errors: dict | None = None) -> Markup:
    """A company's own page, opened from its e-mailed link: history, progress, scorecards, next steps; with the
    contact form as typed and its errors when a change was refused."""
    def t(key, **p):
        return text(key, lang, **p)
    years = view["assessments"]
    rows = JOIN(Markup('<tr><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td><td><a href="{}">{}</a></td>'
                       '</tr>').format(a["year"], a.get("questionnaire_version", ""), _num(a["overall"]),
                                       _change(a["change"]), a["scorecard_url"], t("download")) for a in years)
    differ = len({a.get("questionnaire_version") for a in years}) > 1
    table = Markup('<table><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>'
                   '<th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>{}').format(
        t("col_year"), t("col_version"), t("result_overall"), t("col_change"), t("col_scorecard"), rows,
        Markup('<p class="hint">{}</p>').format(t("versions_differ")) if differ else "") if rows else \
        Markup("<p>{}</p>").format(t("no_assessments"))
    # not signed, or lapsed: the way to sign (or renew) with the company's own link, prefilled
    sign = Markup('<p><a href="{}">{}</a></p>').format(view["links"]["sign_pledge"], t("sign_pledge")) \
        if view["pledge"]["status"] != "active" and view["links"].get("sign_pledge") else ""
    body = Markup('<h1>{}</h1><p>{} {}</p>{}<h2>{}</h2>{}<p><a class="b" href="{}">{}</a></p>{}').format(
        view["company"]["name"] or "", t("pledge_status", status=t("pledge_" + view["pledge"]["status"])),
        t("assessment_status", status=t("assess_" + view["assessment_this_cycle"])), sign, t("history"), table,
        view["links"]["start_assessment"], t("start_assessment"), _contact_form(view, lang, token, typed, errors))
    return _page(lang, view["company"]["name"] or t("history"), body)
