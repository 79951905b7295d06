"""The staff console's pages: server-rendered HTML in the forms' markup (GOV.UK patterns), no script.

Safe by type, as the forms: every fragment is ``Markup`` and every value goes in escaped. Every form that changes
something carries the session's CSRF token.
"""
from datetime import datetime
from zoneinfo import ZoneInfo

from markupsafe import Markup

from ..domain import mexico
from ..forms.render import JOIN, asset
from ..forms.texts import text as form_text
from ..i18n import pick
from .texts import TEXTS, text

CSS = Markup(
    "main{max-width:72em}.nav{background:#f3f2f1;border-bottom:1px solid #b1b4b6}"
    ".nav ul{display:flex;flex-wrap:wrap;gap:.2em 1.2em;max-width:72em;margin:0 auto;padding:.5em 1em;list-style:none}"
    ".nav a{font-weight:700}.nav [aria-current]{color:#0b0c0c;text-decoration:none;border-bottom:4px solid #1d70b8}"
    "header form{display:inline;margin:0}header .b{margin:0 0 0 .6em;padding:.2em .6em;font-size:1rem}"
    ".scroll{overflow-x:auto;margin:0 0 1.5em}table{font-size:1rem}td form{margin:0}td .b{margin:.2em .4em .2em 0}"
    ".row{display:flex;flex-wrap:wrap;gap:0 1em;align-items:flex-end;max-width:60em}.row .f{flex:0 1 16em}"
    ".panel{border:1px solid #b1b4b6;padding:0 1em 1em;margin:0 0 1.5em}.warn{background:#d4351c}"
    "input[type=month],input[type=date],input[type=file],input[type=search]{font:inherit;padding:.3em;"
    "border:2px solid #0b0c0c;min-height:2.4em;max-width:100%}input[type=search]{width:100%}.narrow{max-width:42em}"
    ".row .b{margin-bottom:1.5em}dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.3em 1em}"
    "dl.facts dt{font-weight:700}dl.facts dd{margin:0}"
    # a phone: each table row as a card, every cell with its column's name (data-label)
    "@media (max-width:40em){.stack table,.stack tbody,.stack tr,.stack th,.stack td{display:block}"
    ".stack thead{position:absolute;left:-9999px}.stack tr{border-bottom:2px solid #b1b4b6;padding:.4em 0}"
    ".stack td,.stack th[scope=row]{border:0;padding:.15em 0}.stack td::before{content:attr(data-label) ': ';"
    "font-weight:700}dl.facts{grid-template-columns:1fr}}")
MX = ZoneInfo("America/Mexico_City")


class View:
    """One console page being rendered: the reader's language, who is signed in, their CSRF token."""

    def __init__(self, lang: str, who: str | None = None, csrf: str | None = None):
        self.lang, self.who, self.csrf = lang, who, csrf

    def t(self, key: str, **params) -> str:
        return text(key, self.lang, **params)

    def when(self, iso: str | None) -> str:
        """A stored UTC time as Mexico City reads it."""
        if not iso:
            return self.t("none")
        moment = datetime.fromisoformat(str(iso).replace("Z", "+00:00"))
        return moment.astimezone(MX).strftime("%Y-%m-%d %H:%M") if moment.tzinfo else str(iso)

    def word(self, group: str, code) -> str:
        """A stored code said in words ("renewal" -> "Renovación del compromiso"); an unknown one as it is."""
        key = f"{group}_{code}"
        return self.t(key) if key in TEXTS else str(code or self.t("none"))

    def state(self, code) -> str:
        return mexico.STATES.get(code or "", code or self.t("none"))

    def size(self, code) -> str:
        return form_text(f"size_{code}", self.lang) if code in ("micro", "pequena", "mediana", "grande") else "—"

    def sector(self, code) -> str:
        return pick(mexico.SECTORS[code], self.lang) if code in mexico.SECTORS else (code or "—")

    def post(self, action: str, label: str, hidden: dict | None = None, warn: bool = False,
             described: str | None = None, confirm: str | None = None) -> Markup:
        """A one-button form that changes something (with the CSRF token); one that cannot be undone asks for a
        ticked box first (`confirm`: its label)."""
        fields = JOIN(Markup('<input type="hidden" name="{}" value="{}">').format(k, v)
                      for k, v in (hidden or {}).items())
        if confirm:
            ident = action.strip("/").replace("/", "-")
            fields += Markup('<div class="f"><label class="c"><input type="checkbox" name="confirm" value="yes" '
                             'required id="{}"> {}</label></div>').format(ident, confirm)
        return Markup('<form method="post" action="{}"><input type="hidden" name="csrf" value="{}">{}'
                      '<button class="b{}"{}>{}</button></form>').format(
            action, self.csrf or "", fields, " warn" if warn else " b2",
            Markup(' aria-describedby="{}"').format(described) if described else "", label)

    def page(self, title: str, body: Markup, current: str | None = None, flash: str | None = None) -> Markup:
        nav = ""
        if self.who:
            items = [("home", "/staff/"), ("companies", "/staff/companies"), ("listings", "/staff/listings"),
                     ("activities", "/staff/activities"), ("mail", "/staff/mail"), ("audit", "/staff/audit")]
            nav = Markup('<nav class="nav" aria-label="{}"><ul>{}</ul></nav>').format(self.t("nav"), JOIN(
                Markup('<li><a href="{}"{}>{}</a></li>').format(
                    href, Markup(' aria-current="page"') if key == current else "", self.t(key))
                for key, href in items))
        account = Markup('<span>{} <form method="post" action="/staff/signout"><input type="hidden" name="csrf" '
                         'value="{}"><button class="b b2">{}</button></form></span>').format(
            self.t("signed_in_as", who=self.who), self.csrf or "", self.t("signout")) if self.who else ""
        notice = Markup('<div class="note" role="status"><strong>{}:</strong> {}</div>').format(
            self.t("done"), flash) if flash else ""
        return Markup('<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" '
                      'content="width=device-width,initial-scale=1"><link rel="icon" href="data:,"><title>{title} · '
                      '{brand}</title><style>{css}</style></head><body><a class="skip" href="#main">{skip}</a>'
                      '<header><span class="brand">{brand}</span>{account}</header>{nav}<main id="main" '
                      'tabindex="-1">{notice}{body}</main></body></html>').format(
            lang=self.lang, title=title, brand=self.t("brand"), css=asset("form.css") + asset("result.css") + CSS,
            skip=self.t("skip"), account=account, nav=nav, notice=notice, body=body)


def table(caption: str, heads: list, rows: list, label: str | None = None) -> Markup:
    """A table in a scrollable region (keyboard reachable, named); on a phone each row becomes a card whose cells
    say their column's name."""
    head = JOIN(Markup('<th scope="col">{}</th>').format(h) for h in heads)
    body = JOIN(Markup("<tr>{}</tr>").format(JOIN(
        (Markup('<th scope="row">{}</th>').format(c) if i == 0 else
         Markup('<td data-label="{}">{}</td>').format(heads[i] if i < len(heads) else "", c))
        for i, c in enumerate(r))) for r in rows)
    return Markup('<div class="scroll stack" role="region" aria-label="{}" tabindex="0"><table><caption class="vh">'
                  '{}</caption><thead><tr>{}</tr></thead><tbody>{}</tbody></table></div>').format(
        label or caption, caption, head, body)


def field(name: str, label: str, value: str = "", kind: str = "text", hint: str | None = None, **attrs) -> Markup:
    extra = JOIN(Markup(' {}="{}"').format(k.replace("_", "-"), v) for k, v in attrs.items())
    hint_html = Markup('<p class="hint" id="{}-h">{}</p>').format(name, hint) if hint else ""
    described = Markup(' aria-describedby="{}-h"').format(name) if hint else ""
    return Markup('<div class="f"><label for="f-{0}">{1}</label>{2}<input type="{3}" id="f-{0}" name="{0}" '
                  'value="{4}"{5}{6}></div>').format(name, label, hint_html, kind, value, described, extra)


def signin(v: View, local: bool, addresses: list, nonce: str, next_path: str, configured: bool,
           problem: str | None = None, flash: str | None = None) -> Markup:
    intro = Markup("<h1>{}</h1>").format(v.t("signin_title"))
    if problem:
        intro += Markup('<div class="es" role="alert"><p>{}</p></div>').format(problem)
    intro += Markup("<p>{}</p>").format(v.t("signin_intro"))

    def button(label: str, email: str | None = None) -> Markup:
        chosen = Markup('<input type="hidden" name="email" value="{}">').format(email) if email else ""
        return Markup('<form method="post" action="/staff/signin"><input type="hidden" name="signin" value="{}">'
                      '<input type="hidden" name="next" value="{}">{}<button class="b">{}</button></form>').format(
            nonce, next_path, chosen, label)
    if local:
        body = Markup('<p class="note">{}</p>').format(v.t("signin_local"))
        body += JOIN(button(v.t("signin_as", who=a), a) for a in addresses) if addresses else \
            Markup("<p>{}</p>").format(v.t("signin_none"))
    elif configured:
        body = button(v.t("signin_google"))
    else:
        body = Markup("<p>{}</p>").format(v.t("signin_unconfigured"))
    return v.page(v.t("signin_title"), intro + body, flash=flash)


def problem(v: View, title: str, said: str, back: str | None = None, fields: list | None = None,
            signin_path: str | None = None) -> Markup:
    body = Markup('<h1>{}</h1><div class="es" role="alert"><p>{}</p>{}</div>').format(
        title, said, Markup("<ul>{}</ul>").format(JOIN(Markup("<li>{}</li>").format(f) for f in fields))
        if fields else "")
    if signin_path:
        from urllib.parse import quote
        body += Markup('<p><a class="b" href="/staff/signin?next={}">{}</a></p>').format(quote(signin_path, safe="/"),
                                                                                         v.t("signin_title"))
    elif back:
        body += Markup('<p><a href="{}">{}</a></p>').format(back, v.t("back"))
    return v.page(title, body)


def home(v: View, counts: dict, years: list, flash: str | None) -> Markup:
    def link(key: str, href: str, **params) -> Markup:
        return Markup('<li><a href="{}">{}</a></li>').format(href, v.t(key, **params))
    taken = counts.get("snapshot_at")
    body = Markup("<h1>{}</h1><ul class=\"links\">{}</ul>").format(v.t("home_title"), JOIN([
        link("home_companies", "/staff/companies", n=counts["companies"]),
        link("home_listings", "/staff/listings", n=counts["listings"]),
        link("home_mail", "/staff/mail", dead=counts["dead_letters"], failed=counts["failed"]),
    ]))
    synced = counts.get("synced_at")
    failing = Markup('<p class="err">{}</p>').format(v.t("home_sync_failing", n=counts["failing"])) \
        if counts.get("failing") else ""
    body += Markup('<h2>{}</h2><p>{}</p><p>{}<br>{}</p>{}{}{}').format(
        v.t("sync_title"), v.t("sync_intro"), v.t("home_snapshot", at=v.when(taken) if taken else v.t("never")),
        v.t("home_sync", at=v.when(synced) if synced else v.t("never")), failing,
        v.post("/staff/dashboard/sync", v.t("sync_now")), v.post("/staff/benchmarks/snapshot", v.t("snapshot_now")))
    body += Markup('<h2>{}</h2><ul class="links">{}</ul>').format(v.t("report_title"), JOIN(
        Markup('<li><a href="/staff/reports/{0}.xlsx?csrf={2}">{1}</a></li>').format(
            y, v.t("report_link", year=y), v.csrf or "") for y in years))
    return v.page(v.t("home_title"), body, "home", flash)


def _standing(v: View, row: dict) -> list:
    pledge = v.t(f"pledge_{row['pledge']}") if row.get("pledge") else v.t("none")
    assessed = v.t(f"assessment_{row['assessment']}") if row.get("assessment") else v.t("none")
    listing = v.t(f"listing_{row['listing']}") if row.get("listing") else v.t("none")
    if row.get("blocked"):
        pledge = v.t("blocked")
    return [pledge, assessed, str(row.get("trainings", 0)), Markup("<br>").join(row.get("verified") or ["—"]), listing]


def companies(v: View, query: str, rows: list, total: int) -> Markup:
    search = Markup('<form method="get" action="/staff/companies" role="search"><div class="row">{}'
                    '<button class="b">{}</button></div></form>').format(
        field("q", v.t("search"), query, kind="search"), v.t("search_button"))
    if not rows:
        return v.page(v.t("companies"), Markup("<h1>{}</h1>{}<p>{}</p>").format(
            v.t("companies"), search, v.t("none_found")), "companies")
    said = v.t("matched_more" if total > len(rows) else "matched", shown=len(rows), n=total)
    heads = [v.t(k) for k in ("col_company", "col_rfc", "col_state", "col_size", "col_pledge", "col_assessment",
                              "col_training", "col_verified", "col_listing")]
    body = [[Markup('<a href="/staff/companies/{}">{}</a>').format(r["company_id"], r["name"] or r["rfc"]), r["rfc"],
             v.state(r["state"]), v.size(r["size"]), *_standing(v, r)] for r in rows]
    return v.page(v.t("companies"), Markup('<h1>{}</h1>{}<p role="status">{}</p>{}').format(
        v.t("companies"), search, said, table(v.t("companies"), heads, body)), "companies")


def _person(v: View, person: dict | None) -> Markup:
    person = person or {}
    return Markup("{}<br>{}<br>{}").format(person.get("name") or "—", person.get("email") or "—",
                                          person.get("position") or "")


def _mail_state(v: View, job: dict | None) -> str:
    if not job:
        return v.t("none")
    if job.get("status") == "sent":
        return v.t("mail_sent", at=v.when(job.get("sent_at")))
    if job.get("status") == "failed":
        return v.t("mail_failed", error=job.get("last_error") or "")
    return v.t("mail_pending")


def company(v: View, rec: dict, audit: list, block_days: int, flash: str | None) -> Markup:
    p = rec.get("profile") or {}
    cid = rec["company_id"]
    base = f"/staff/companies/{cid}"
    s = rec["standing"]
    facts = [(v.t("col_rfc"), rec.get("rfc") or "—"), (v.t("col_state"), v.state(p.get("state"))),
             (v.t("col_size"), v.size(p.get("size"))), (v.t("col_sector"), v.sector(p.get("sector"))),
             (v.t("col_pledge"), _standing(v, s)[0]), (v.t("col_assessment"), _standing(v, s)[1]),
             (v.t("col_training"), str(s["trainings"])),
             (v.t("col_verified"), Markup("<br>").join(s["verified"] or ["—"])),
             (v.t("col_listing"), v.t(f"listing_{rec['listing']}") if rec.get("listing") else v.t("none")),
             (v.t("contact"), _person(v, p.get("contact"))), (v.t("signatory"), _person(v, p.get("signatory")))]
    body = Markup('<h1>{}</h1><h2>{}</h2><dl class="facts">{}</dl>').format(
        p.get("name") or rec.get("rfc"), v.t("company_facts"),
        JOIN(Markup("<dt>{}</dt><dd>{}</dd>").format(k, val) for k, val in facts))
    body += _listing_panel(v, rec, p, base)
    pledges = [[v.when(x.get("signed_at")), v.t("yes") if x.get("public_listing") else v.t("no"),
                str(len(x.get("commitments") or []))] for x in rec.get("pledges", [])]
    body += Markup("<h2>{}</h2>{}").format(v.t("pledges"), table(v.t("pledges"), [
        v.t("col_signed"), v.t("col_listing_choice"), v.t("col_commitments")], pledges) if pledges else
        Markup("<p>{}</p>").format(v.t("nothing")))
    jobs = {j.get("assessment_id"): j for j in rec.get("scorecard_jobs", [])}
    assessed = [[str(a.get("year")), str(a.get("questionnaire_version") or "—"),
                 _score((a.get("scores") or {}).get("overall")), v.when(a.get("created_at")),
                 _mail_state(v, jobs.get(a.get("assessment_id")))] for a in rec.get("assessments", [])]
    body += Markup("<h2>{}</h2>{}").format(v.t("assessments"), table(v.t("assessments"), [
        v.t("col_year"), v.t("col_version"), v.t("col_score"), v.t("col_when"), v.t("col_mail")], assessed)
        if assessed else Markup("<p>{}</p>").format(v.t("nothing")))
    titles = rec.get("activity_titles") or {}
    attended = [[Markup('<a href="/staff/activities/{}">{}</a>').format(
        x.get("activity_id", ""), titles.get(x.get("activity_id")) or x.get("activity_id", "")),
        str(x.get("year", "")), v.when(x.get("recorded_at"))] for x in rec.get("attendance", [])]
    body += Markup("<h2>{}</h2>{}").format(v.t("attendance"), table(v.t("attendance"), [
        v.t("activities"), v.t("col_year"), v.t("col_when")], attended) if attended else Markup("<p>{}</p>").format(
        v.t("nothing")))
    reminders = [[v.word("reminder", x.get("kind")), v.when(x.get("due")), v.word("status", x.get("status"))]
                 for x in rec.get("reminders", [])]
    body += Markup("<h2>{}</h2>{}").format(v.t("reminders"), table(v.t("reminders"), [
        v.t("col_kind"), v.t("col_due"), v.t("col_status")], reminders) if reminders else Markup("<p>{}</p>").format(
        v.t("nothing")))
    held = [[v.t(f"held_kind_{h['kind']}"), v.when(h.get("at")), h.get("email") or "—"] for h in rec.get("held", [])]
    body += Markup("<h2>{}</h2>{}").format(v.t("held_pending"), table(v.t("held_pending"), [
        v.t("col_kind"), v.t("col_when"), v.t("col_address")], held) if held else Markup("<p>{}</p>").format(
        v.t("nothing")))
    body += _arco(v, base, cid, p, block_days)
    entries = [[v.when(e.get("at")), e.get("who", ""), e.get("action", ""), _details(e)] for e in audit]
    body += Markup("<h2>{}</h2>{}").format(v.t("company_audit"), table(v.t("company_audit"), [
        v.t("col_when"), v.t("col_who"), v.t("col_action"), v.t("col_details")], entries) if entries else
        Markup("<p>{}</p>").format(v.t("nothing")))
    return v.page(p.get("name") or rec.get("rfc") or "", body, "companies", flash)


def _listing_panel(v: View, rec: dict, p: dict, base: str) -> Markup:
    """Where the company stands with the public registry, and the decision staff can take on it."""
    cid = rec["company_id"]

    def decide(decision: str, label: str, **kw) -> Markup:
        return v.post(f"/staff/listings/{cid}", label, {"decision": decision, "name": p.get("name") or "",
                                                        "back": base}, **kw)
    if p.get("blocked_at"):
        return Markup("")
    if rec.get("listing") == "review":
        return Markup('<div class="panel"><p>{}</p>{}{}</div>').format(
            v.t("listing_under_review"), decide("approve", v.t("approve")), decide("decline", v.t("decline")))
    if rec.get("listing") == "listed":
        listed = p.get("listing_name") or p.get("name") or ""
        said = v.t("approved_by", name=listed, who=p.get("listing_approved_by") or "—",
                   at=v.when(p.get("listing_approved_at")))
        rename = Markup("<p>{}</p>{}").format(v.t("renamed_review", name=p.get("name"), listed=listed), decide(
            "approve_name", v.t("approve_name"))) if p.get("name") and p.get("name") != listed else ""
        return Markup('<div class="panel"><p>{}</p>{}{}</div>').format(
            said, rename, decide("withdraw", v.t("unlist"), warn=True, confirm=v.t("confirm_unlist")))
    if p.get("listing_declined_at"):
        return Markup('<div class="panel"><p>{}</p></div>').format(v.t(
            "declined_by", at=v.when(p.get("listing_declined_at")), who=p.get("listing_declined_by") or "—"))
    return Markup("")


def _arco(v: View, base: str, cid: str, p: dict, block_days: int) -> Markup:
    rectify = Markup('<form class="narrow" method="post" action="{}/contact"><input type="hidden" name="csrf" '
                     'value="{}"><fieldset class="f"><legend>{}</legend><p class="hint">{}</p>{}{}{}</fieldset>'
                     '<fieldset class="f"><legend>{}</legend>{}{}{}</fieldset><button class="b">{}</button>'
                     '</form>').format(
        base, v.csrf or "", v.t("contact"), v.t("rectify_hint"),
        field("contact.name", v.t("f_name")),
        field("contact.email", v.t("f_email"), kind="email", autocomplete="off"),
        field("contact.position", v.t("f_position")),
        v.t("signatory"), field("signatory.name", v.t("f_name")),
        field("signatory.email", v.t("f_email"), kind="email", autocomplete="off"),
        field("signatory.position", v.t("f_position")), v.t("rectify_button"))
    exports = Markup('<h2>{}</h2><p><a class="b b2" href="{}/export?download=1&amp;csrf={}">{}</a><a class="b b2" '
                     'href="{}/export?format=xlsx&amp;csrf={}">{}</a></p>').format(
        v.t("arco"), base, v.csrf or "", v.t("export_json"), base, v.csrf or "", v.t("export_xlsx"))
    if p.get("blocked_at"):  # what is left: the export, and deletion once the period is over
        from datetime import timedelta
        blocked = datetime.fromisoformat(str(p["blocked_at"]).replace("Z", "+00:00"))
        return exports + Markup('<div class="panel"><p>{}</p></div><h3>{}</h3><p class="hint" id="delete-h">{}</p>'
                                '{}').format(
            v.t("blocked_since", at=v.when(p["blocked_at"]),
                delete=v.when((blocked + timedelta(days=block_days)).isoformat())),
            v.t("delete"), v.t("delete_hint", days=block_days),
            v.post(f"{base}/delete", v.t("delete"), warn=True, described="delete-h", confirm=v.t("confirm_delete")))
    return exports + Markup('<h3>{}</h3>{}<h3>{}</h3><p class="hint" id="revoke-h">{}</p>{}<h3>{}</h3>'
                            '<p class="hint" id="block-h">{}</p>{}').format(
        v.t("rectify"), rectify,
        v.t("revoke"), v.t("revoke_hint"), v.post(f"{base}/links/revoke", v.t("revoke"), described="revoke-h"),
        v.t("block"), v.t("block_hint", days=block_days),
        v.post(f"{base}/block", v.t("block"), warn=True, described="block-h", confirm=v.t("confirm_block")))


def _score(value) -> str:
    from ..domain.scoring import shown
    return "—" if value is None else str(shown(float(value)))


def _details(entry: dict) -> str:
    details = entry.get("details") or {}
    return ", ".join(f"{k}: {val}" for k, val in sorted(details.items())) if isinstance(details, dict) else str(details)


def listings(v: View, waiting: list, renamed: list, flash: str | None) -> Markup:
    body = Markup("<h1>{}</h1><p>{}</p>").format(v.t("listings"), v.t("listings_intro"))

    def company_link(p: dict) -> Markup:
        return Markup('<a href="/staff/companies/{}">{}</a>').format(p["company_id"], p.get("name") or p.get("rfc"))

    def decide(p: dict, decision: str, label: str) -> Markup:  # the name shown goes with the decision
        return v.post(f"/staff/listings/{p['company_id']}", label, {"decision": decision, "name": p.get("name") or ""})
    if waiting:
        rows = [[company_link(p), p.get("rfc") or "", v.state(p.get("state")), v.sector(p.get("sector")),
                 v.size(p.get("size")), v.when(p.get("signed_at")),
                 decide(p, "approve", v.t("approve")) + decide(p, "decline", v.t("decline"))] for p in waiting]
        body += table(v.t("listings"), [v.t(k) for k in ("col_company", "col_rfc", "col_state", "col_sector",
                                                          "col_size", "col_signed", "col_decision")], rows)
    else:
        body += Markup("<p>{}</p>").format(v.t("listings_none"))
    if renamed:
        rows = [[company_link(p), p.get("listing_name") or "", p.get("rfc") or "",
                 decide(p, "approve_name", v.t("approve_name"))] for p in renamed]
        body += Markup("<h2>{}</h2>{}").format(v.t("listings_renamed"), table(v.t("listings_renamed"), [
            v.t("col_company"), v.t("col_listed_as"), v.t("col_rfc"), v.t("col_decision")], rows))
    return v.page(v.t("listings"), body, "listings", flash)


def activities(v: View, items: list, dimensions: list, flash: str | None) -> Markup:
    rows = [[Markup('<a href="/staff/activities/{}">{}</a>').format(a["activity_id"], a.get("title")),
             a["activity_id"], v.t(f"type_{a.get('type')}") if a.get("type") in ("training", "activity") else "",
             a.get("date", "")] for a in items]
    listing = table(v.t("activities"), [v.t("col_title"), v.t("f_activity_id"), v.t("col_type"), v.t("col_date")],
                    rows) if rows else Markup("<p>{}</p>").format(v.t("activities_none"))
    types = JOIN(Markup('<label class="c"><input type="radio" name="type" value="{0}"{1}> {2}</label>').format(
        k, Markup(" checked") if k == "training" else "", v.t(f"type_{k}")) for k in ("training", "activity"))
    topics = JOIN(Markup('<label class="c"><input type="checkbox" name="topics" value="{}"> {}</label>').format(
        d_id, title) for d_id, title in dimensions)
    form = Markup('<h2>{}</h2><form class="narrow" method="post" action="/staff/activities"><input type="hidden" '
                  'name="csrf" value="{}">{}{}<fieldset class="f"><legend>{}</legend>{}</fieldset>{}'
                  '<fieldset class="f"><legend>{}</legend>{}</fieldset><button class="b">{}</button></form>').format(
        v.t("activity_new"), v.csrf or "",
        field("activity_id", v.t("f_activity_id"), hint=v.t("f_activity_id_hint"), required="required",
              pattern="[A-Za-z0-9_.\\-]{2,64}"),
        field("title", v.t("f_title"), required="required"), v.t("f_type"), types,
        field("date", v.t("f_date"), kind="date", required="required"), v.t("f_topics"), topics,
        v.t("activity_create"))
    return v.page(v.t("activities"), Markup("<h1>{}</h1>{}{}").format(v.t("activities"), listing, form),
                  "activities", flash)


def activity(v: View, act: dict, attendees: list, names: dict, report: dict | None = None,
             problem_text: str | None = None) -> Markup:
    aid = act["activity_id"]
    body = Markup('<h1>{}</h1><dl class="facts"><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd>'
                  '</dl>').format(act.get("title"), v.t("f_activity_id"), aid, v.t("col_type"),
                                  v.t(f"type_{act.get('type')}") if act.get("type") in ("training", "activity")
                                  else "", v.t("col_date"), act.get("date", ""))
    if report is not None:
        body += Markup('<div class="note" role="status"><p>{}</p></div>').format(v.t(
            "roster_result", accepted=report["accepted"], repeated=report["already_recorded"],
            rejected=len(report["rejected"]) + report.get("rejected_more", 0)))
        if report.get("new_companies"):
            body += Markup("<p>{}</p>").format(v.t("roster_new", n=report["new_companies"]))
        if report["rejected"]:
            body += table(v.t("col_problem"), [v.t("col_row"), v.t("col_value"), v.t("col_problem")],
                          [[str(r["row"]), r["value"], r["message"]] for r in report["rejected"]])
            if report.get("rejected_more"):
                body += Markup("<p>{}</p>").format(v.t("roster_more", n=report["rejected_more"]))
    error = Markup('<p class="err" id="roster-e">{}</p>').format(problem_text) if problem_text else ""
    body += Markup('<h2>{}</h2><form method="post" action="/staff/activities/{}/attendance" '
                   'enctype="multipart/form-data"><input type="hidden" name="csrf" value="{}"><div class="f{}">'
                   '<label for="f-roster">{}</label><p class="hint" id="roster-h">{}</p>{}<input type="file" '
                   'id="f-roster" name="roster" accept=".csv,.xlsx,text/csv" aria-describedby="roster-h{}" required>'
                   '</div><button class="b">{}</button></form>').format(
        v.t("roster_title"), aid, v.csrf or "", " f-err" if problem_text else "", v.t("f_roster"), v.t("roster_hint"),
        error, " roster-e" if problem_text else "", v.t("roster_button"))
    rows = [[Markup('<a href="/staff/companies/{}">{}</a>').format(a["company_id"], names.get(a["company_id"]) or
                                                                   a.get("rfc")), a.get("rfc", ""),
             v.when(a.get("recorded_at"))] for a in attendees]
    body += Markup("<h2>{} ({})</h2>{}").format(v.t("attendees"), len(rows), table(v.t("attendees"), [
        v.t("col_company"), v.t("col_rfc"), v.t("col_when")], rows) if rows else Markup("<p>{}</p>").format(
        v.t("nothing")))
    return v.page(act.get("title") or aid, body, "activities")


def mail(v: View, failed: dict, flash: str | None) -> Markup:
    dead = failed["dead_letters"]
    body = Markup("<h1>{}</h1><p>{}</p>{}").format(v.t("mail"), v.t("mail_intro"), v.post(
        "/staff/scorecards/redrive", v.t("redrive", n=dead)) if dead else Markup("<p>{}</p>").format(
        v.t("redrive_none")))
    rows = [[Markup('<a href="/staff/companies/{}">{}</a>').format(f["company_id"], f.get("company") or "—")
             if f.get("company_id") else "—", v.when(f.get("failed_at")), f.get("error") or "",
             v.post(f"/staff/scorecards/{f['assessment_id']}/retry", v.t("retry"))] for f in
            failed["failed_scorecards"]]
    body += Markup("<h2>{}</h2>{}").format(v.t("failed_scorecards"), table(v.t("failed_scorecards"), [
        v.t("col_company"), v.t("col_when"), v.t("col_error"), v.t("retry")], rows) if rows else
        Markup("<p>{}</p>").format(v.t("nothing")))
    return v.page(v.t("mail"), body, "mail", flash)


def audit(v: View, month: str, filters: dict, entries: list) -> Markup:
    from .texts import TEXTS
    actions = sorted(k[len("action_"):] for k in TEXTS if k.startswith("action_"))
    chosen = filters.get("action", "")
    options = JOIN([Markup('<option value="">{}</option>').format(v.t("any_action"))] + [
        Markup('<option value="{}"{}>{}</option>').format(a, Markup(" selected") if a == chosen else "",
                                                          v.word("action", a)) for a in actions])
    form = Markup('<form method="get" action="/staff/audit"><div class="row">{}{}<div class="f"><label for="f-action">'
                  '{}</label><select id="f-action" name="action">{}</select></div>{}<button class="b">{}</button>'
                  '</div></form>').format(
        field("month", v.t("f_month"), month, kind="month"), field("who", v.t("f_who"), filters.get("who", "")),
        v.t("f_action"), options, field("target", v.t("f_target"), filters.get("target", "")), v.t("filter"))

    def target(e: dict) -> Markup | str:
        if e.get("company_id"):
            return Markup('<a href="/staff/companies/{}">{}</a>').format(e["company_id"], e.get("target_label"))
        return e.get("target_label") or e.get("target", "")
    rows = [[v.when(e.get("at")), e.get("who", ""), v.word("action", e.get("action")), target(e), _details(e)]
            for e in entries]
    return v.page(v.t("audit"), Markup("<h1>{}</h1>{}{}").format(v.t("audit"), form, table(v.t("audit"), [
        v.t("col_when"), v.t("col_who"), v.t("col_action"), v.t("col_target"), v.t("col_details")], rows)
        if rows else Markup("<p>{}</p>").format(v.t("audit_none"))), "audit")
