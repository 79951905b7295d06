"""The KPI dashboard's grids, built from cohort aggregates only. Pure: no Google, no AWS, no files.

Every cohort figure obeys n >= 10 (PUBLISHED_MIN) with complementary suppression inside each partition;
a hidden cell carries the layout's marker, never a number. No row names a company.
"""
from decimal import Decimal

from . import aggregates as agg
from .cohorts import SIZE_NAMES, parse
from .mexico import SECTORS, STATES
from .suppression import PUBLISHED_MIN, joint, rounded

DIMENSION_COLUMNS = ("media", "mediana")
LOW = ("0", "1", "unknown")  # "below level 2"; "unknown" scores 0
PRECISE = 30  # below it a published figure is flagged: it can move a lot from one year to the next
EXPOSED = "no_contact"  # the barrier answer of those who never had the procedure


def precision(n: int, k: int, marker: str):
    """The flag beside a figure: blank from 30 companies, "Baja (n<30)" from k, nothing to flag below k."""
    return "" if n >= PRECISE else "Baja (n<30)" if n >= k else marker


def _mean(a: dict, prefix: str):
    return rounded(agg.mean(a, prefix))


def _median(a: dict, prefix: str):
    return rounded(agg.median(agg.histogram(a, prefix)))


def _share(part, whole) -> float | None:
    return round(100 * float(part) / float(whole), 1) if whole else None


class Builder:
    def __init__(self, cat, layout: dict, years: dict, totals: dict, k: int = PUBLISHED_MIN):
        self.cat, self.layout, self.years, self.totals, self.k = cat, layout, years, totals, k
        self.marker = layout["marker"]

    def header(self, tab: str) -> list:
        columns = list(self.layout["tabs"][tab]["columns"])
        if tab in ("state", "size", "sector"):  # the dimensions before the flag and the programme's counts
            columns = columns[:-5] + [f"{d.id} {c}" for d in self.cat.dimensions for c in DIMENSION_COLUMNS] + \
                columns[-5:]
        if tab == "trends":
            columns += [f"{d.id} media" for d in self.cat.dimensions]
        return columns

    def figures(self, a: dict, hidden: bool, with_dims: bool = True, median: bool = True) -> list:
        """The count (always: counts reveal no answers), then the figures, hidden where the cell is."""
        n = agg.count(a)
        if hidden:
            width = (2 if median else 1) + (len(self.cat.dimensions) * (2 if median else 1) if with_dims else 0)
            return [n] + [self.marker] * width
        row = [n, _mean(a, "o")] + ([_median(a, "o")] if median else [])
        if with_dims:
            for d in self.cat.dimensions:
                shown = agg.count(a, d.id) >= self.k
                row.append(_mean(a, d.id) if shown else self.marker)
                if median:
                    row.append(_median(a, d.id) if shown else self.marker)
        return row

    # ---- tabs ----
    def kpis(self) -> list:
        rows = [self.header("kpis")]
        for year, cohorts in sorted(self.years.items()):
            nat = cohorts.get("national", {})
            n = agg.count(nat)
            row = [year, int(nat.get("pledges", 0)), n]  # counts are not sensitive: exact
            if n >= self.k:
                row.append(_mean(nat, "o"))
                row += [_share(nat.get(f"band{i}", 0), n) for i in range(len(self.cat.bands))]
                row += [_share(nat.get(f"art_{e['id']}", 0), n) for e in self.cat.art25_elements]
                row.append(_share(nat.get("capped", 0), n))
                counted = sum(int(nat.get(f"art7_{m}", 0)) for m in range(8))  # recorded since 2026.2
                groups = ((0,), (1, 2, 3), (4, 5, 6), (7,))
                row += [_share(sum(nat.get(f"art7_{m}", 0) for m in g), counted) if counted >= self.k
                        else self.marker for g in groups]
            else:
                row += [self.marker] * (2 + len(self.cat.bands) + len(self.cat.art25_elements) + 4)
            row += self.impact(nat)
            row += [int(nat.get("converted", 0)), self.days_to_first(nat)]
            row += [int(nat.get("attendances", 0)), int(nat.get("trained", 0))]
            row += self.renewal(year, nat)
            # assessments with more than 20 % "No sé": scored for the company, left out of every benchmark
            unsure, assessed = int(nat.get("unsure", 0)), int(nat.get("n", 0)) + int(nat.get("unsure", 0))
            row.append(_share(unsure, assessed) if assessed >= self.k else self.marker)
            row.append(precision(n, self.k, ""))
            rows.append(row)
        return rows + self.kpi_totals()

    def impact(self, nat: dict) -> list:
        """Change among re-assessed companies: how many (exact), the mean change, the share improved, the mean
        change in implemented Art. 25 elements; each figure from k companies."""
        n, counted = int(nat.get("re_n", 0)), int(nat.get("re_a_n", 0))
        if n < self.k:
            return [n, self.marker, self.marker, self.marker]
        mean_a = round(float(nat.get("re_a_s", 0)) / counted, 1) if counted >= self.k else self.marker
        return [n, round(float(Decimal(nat.get("re_s", 0)) / n), 1), _share(nat.get("re_up", 0), n), mean_a]

    def renewal(self, year: int, nat: dict) -> list:
        """Renewals in the year (companies that had signed the year before), exact; the renewal rate over the
        previous year's pledges, from k of them."""
        renewed = int(nat.get("renewed", 0))
        before = int(self.years.get(year - 1, {}).get("national", {}).get("pledges", 0))
        return [renewed, _share(renewed, before) if before >= self.k else self.marker]

    def days_to_first(self, nat: dict):
        """The median of the days from pledge to first assessment, as its band ("31–60"), from k companies."""
        from .kpis import DAYS_TO_FIRST
        bands = [*map(str, DAYS_TO_FIRST), "more"]
        hist = [int(nat.get(f"d2a_{b}", 0)) for b in bands]
        if sum(hist) < self.k:
            return self.marker
        middle, seen = (sum(hist) + 1) // 2, 0
        for n, (band, count) in enumerate(zip(bands, hist, strict=True)):
            seen += count
            if seen >= middle:
                low = 0 if n == 0 else DAYS_TO_FIRST[n - 1] + 1
                return f"{low}–{band}" if band != "more" else f"> {DAYS_TO_FIRST[-1]}"
        return self.marker

    def kpi_totals(self) -> list:
        """All-time counts of companies; a percentage only over at least k companies."""
        labels, t = self.layout["tabs"]["kpis"]["totals"], self.totals
        pledged = int(t.get("pledged_companies", 0))
        share = lambda part: _share(part, pledged) if pledged >= self.k else self.marker  # noqa: E731
        return [[], [labels["heading"]],
                [labels["pledged_companies"], pledged],
                [labels["active"], int(t.get("active", 0))],
                [labels["lapsed"], int(t.get("lapsed", 0))],
                [labels["converted"], int(t.get("converted", 0))],
                [labels["conversion"], share(t.get("converted", 0))],
                [labels["reassessed"], int(t.get("reassessed", 0))],
                [labels["overdue"], int(t.get("overdue", 0))],
                [labels["overdue_share"], share(t.get("overdue", 0))],
                [labels["attendances"], int(t.get("attendances", 0))],
                [labels["companies_trained"], int(t.get("companies_trained", 0))]]

    def by(self, field: str) -> list:
        names = {"state": lambda c: STATES[c], "size": lambda c: SIZE_NAMES[c]["es"],
                 "sector": lambda c: SECTORS[c]["es"]}[field]
        rows = [self.header(field)]
        for year, cohorts in sorted(self.years.items()):
            found = sorted(((parse(key), a) for key, a in cohorts.items() if parse(key).shape == (field,)),
                           key=lambda pair: pair[0].key)
            found = [(c, a) for c, a in found if agg.count(a) > 0 or a.get("pledges") or a.get("attendances")]
            hidden = self.pattern([a for _, a in found], cohorts.get("national", {}), self.score_counts)
            for (cohort, a), hide in zip(found, hidden, strict=True):
                rows.append([year, names(getattr(cohort, field))] + self.figures(a, hide) +
                            [precision(agg.count(a), self.k, "") if not hide else ""] +
                            [int(a.get(c, 0)) for c in ("pledges", "converted", "attendances", "trained")])
        return rows

    def _detailed(self, cohorts: dict) -> list:
        """National first, then each state, size and sector cohort, with a readable label."""
        out = []
        for key, a in cohorts.items():
            c = parse(key)
            if c.detailed and agg.count(a) > 0:
                label = "Nacional" if not c.shape else STATES[c.state] if c.state else \
                    SIZE_NAMES[c.size]["es"] if c.size else SECTORS[c.sector or ""]["es"]
                out.append((len(c.shape), key, label, a))
        return sorted(out)

    def score_counts(self, a: dict) -> list:
        """What a cohort's score figures are over: its companies, and each dimension's."""
        return [agg.count(a)] + [agg.count(a, d.id) for d in self.cat.dimensions]

    def item_counts(self, a: dict) -> list:
        """What its item figures are over: each item's answers (N/A leaves some out)."""
        return [agg.count(a)] + [sum(int(a.get(f"i_{i}_{v}", 0)) for v in ("0", "1", "2", "3", "4", "unknown"))
                                 for i in self.cat.items]

    def pattern(self, cells: list, total: dict, counts) -> list:
        """Which cells of a partition to hide: one pattern over every count their figures are over, with what
        the total holds beyond them (cohorts never published) as a hidden cell from the start."""
        if not cells:
            return []
        vectors = list(zip(*[counts(a) for a in cells], strict=True))
        residual = [t - sum(v) for t, v in zip(counts(total), vectors, strict=True)]
        return joint([list(v) for v in vectors], self.k, [max(0, r) for r in residual])

    def _hidden(self, detailed: list, counts, national_on=None) -> dict:
        """Cohort key -> hidden: the national cohort on its own, the states, the sizes and the sectors each as a
        partition of it (see ``pattern``). ``counts``: a cohort's counters -> the counts its figures are over;
        ``national_on``: the counts the national cohort alone is judged on (default: all of them; the gaps tab
        judges each item's own row by its answers, so the national cohort only by its companies)."""
        hidden: dict = {}
        groups: dict = {}
        national: dict = {}
        for depth, key, _, a in detailed:
            if depth == 0:
                national = a
                hidden[key] = any(0 < n < self.k for n in (national_on or counts)(a))
            else:
                groups.setdefault(parse(key).shape, []).append((key, a))
        for members in groups.values():
            for (key, _), hide in zip(members, self.pattern([a for _, a in members], national, counts),
                                      strict=True):
                hidden[key] = hide
        return hidden

    def gaps(self) -> list:
        rows, per_cohort = [self.header("gaps")], self.layout["tabs"]["gaps"]["per_cohort"]
        titles = {d.id: d.title["es"] for d in self.cat.dimensions}
        for year, cohorts in sorted(self.years.items()):
            detailed = self._detailed(cohorts)
            hidden = self._hidden(detailed, self.item_counts, lambda a: [agg.count(a)])
            for depth, key, label, a in detailed:
                if hidden[key]:
                    rows.append([year, label, self.marker, "", "", self.marker, self.marker])
                    continue
                items = []
                for item in self.cat.items.values():
                    answered = sum(a.get(f"i_{item.id}_{v}", 0) for v in ("0", "1", "2", "3", "4", "unknown"))
                    low = sum(a.get(f"i_{item.id}_{v}", 0) for v in LOW)
                    if answered >= self.k:
                        items.append((-(_share(low, answered) or 0.0), item.id, int(answered)))
                for share, item_id, answered in sorted(items)[: None if depth == 0 else per_cohort]:
                    item = self.cat.items[item_id]
                    rows.append([year, label, item_id, titles[item.dimension_id], item.text["es"], answered, -share])
        return rows

    def barriers(self) -> list:
        """Per question: how many answered, the share that had the procedure, then each answer's share among
        those who had it (ENCRIGE's way: a bribe asked of 2 of the 4 exposed is 50 %, not 10 % of 20)."""
        rows = [self.header("barriers")]
        for year, cohorts in sorted(self.years.items()):
            detailed = self._detailed(cohorts)
            for q in self.cat.barriers:
                options = [o for o in q["options"] if o["value"] != EXPOSED]
                def exposed(a, q=q) -> int:
                    return int(a.get(f"b_{q['id']}_n", 0)) - int(a.get(f"b_{q['id']}_{EXPOSED}", 0))
                # one pattern for both figures of a cell: those who answered and those exposed
                hidden = self._hidden(detailed, lambda a, q=q: [int(a.get(f"b_{q['id']}_n", 0)), exposed(a)])
                for _, key, label, a in detailed:
                    answered = int(a.get(f"b_{q['id']}_n", 0))
                    if answered == 0:
                        continue
                    had = exposed(a)
                    share_had = self.marker if hidden[key] else _share(had, answered)
                    for option in options:
                        count = a.get(f"b_{q['id']}_{option['value']}", 0)
                        among = self.marker if hidden[key] else _share(count, had) if had else "—"
                        rows.append([year, label, q["text"]["es"], answered, share_had, option["label"]["es"], among,
                                     "" if hidden[key] else precision(had, self.k, "")])
        return rows

    def barriers_by_profile(self) -> list:
        """Bribe requests nationally, by the risk profile's answers (the ``bp_`` counters): the share that had the
        procedure, then each answer among them. Within a profile question the answers partition those who gave
        one, and those who gave none are the rest of the national figure: that rest counts in the complementary
        suppression too, so no group of fewer than k is left to subtraction."""
        from .aggregates import CROSSED
        rows = [self.header("barriers_profile")]
        questions = {q["id"]: q for q in self.cat.profile}
        for year, cohorts in sorted(self.years.items()):
            nat = cohorts.get("national", {})
            for b in (q for q in self.cat.barriers if q.get("topic") == "bribe_requests"):
                options = [o for o in b["options"] if o["value"] != EXPOSED]
                for pid in CROSSED:
                    q = questions[pid]
                    values = [("true", "Sí"), ("false", "No")] if q["type"] == "boolean" else \
                        [(o["value"], o["label"]["es"]) for o in q["options"]]
                    head = {v: f"bp_{pid}_{v}_{b['id']}" for v, _ in values}
                    answered = {v: int(nat.get(f"{head[v]}_n", 0)) for v, _ in values}
                    exposed = {v: answered[v] - int(nat.get(f"{head[v]}_{EXPOSED}", 0)) for v, _ in values}
                    national = int(nat.get(f"b_{b['id']}_n", 0))
                    national_exposed = national - int(nat.get(f"b_{b['id']}_{EXPOSED}", 0))
                    rest = [national - sum(answered.values()), national_exposed - sum(exposed.values())]
                    hide = joint([[answered[v] for v, _ in values], [exposed[v] for v, _ in values]], self.k,
                                 [max(0, r) for r in rest])
                    for n, (value, label) in enumerate(values):
                        if answered[value] == 0:
                            continue
                        had = self.marker if hide[n] else _share(exposed[value], answered[value])
                        for option in options:
                            count = int(nat.get(f"{head[value]}_{option['value']}", 0))
                            among = self.marker if hide[n] else \
                                _share(count, exposed[value]) if exposed[value] else "—"
                            rows.append([year, q["text"]["es"], label, b["text"]["es"], answered[value], had,
                                         option["label"]["es"], among,
                                         "" if hide[n] else precision(exposed[value], self.k, "")])
        return rows

    def quality(self) -> list:
        """Per item, nationally: how often "No sé" and "No aplica" were answered (from 10 answers)."""
        rows = [self.header("quality")]
        for year, cohorts in sorted(self.years.items()):
            nat = cohorts.get("national", {})
            for item in self.cat.items.values():
                answered = sum(int(nat.get(f"i_{item.id}_{v}", 0)) for v in ("0", "1", "2", "3", "4", "unknown",
                                                                             "na"))
                if answered == 0:
                    continue
                shown = answered >= self.k
                rows.append([year, item.id, item.text["es"], answered,
                             _share(nat.get(f"i_{item.id}_unknown", 0), answered) if shown else self.marker,
                             _share(nat.get(f"i_{item.id}_na", 0), answered) if shown else self.marker])
        return rows

    def readme(self, versions: dict) -> list:
        spec = self.layout["tabs"]["readme"]
        in_data = " · ".join(f"{y}: {', '.join(vs)}" for y, vs in sorted(versions.items()) if vs) or "—"
        return [list(spec["columns"])] + [[topic, es.format(k=self.k, marker=self.marker, versions=in_data),
                                           en.format(k=self.k, marker=self.marker, versions=in_data)]
                                          for topic, es, en in spec["rows"]]

    def trends(self) -> list:
        rows = [self.header("trends")]
        for year, cohorts in sorted(self.years.items()):
            sizes = [(s, cohorts.get(f"sz={s}", {})) for s in SIZE_NAMES]
            sizes = [(s, a) for s, a in sizes if agg.count(a) > 0]
            national = cohorts.get("national", {})
            hidden = self.pattern([a for _, a in sizes], national, self.score_counts)
            if agg.count(national):
                rows.append([year, "Nacional"] + self.trend(national, agg.count(national) < self.k))
            for (size, a), hide in zip(sizes, hidden, strict=True):
                rows.append([year, SIZE_NAMES[size]["es"]] + self.trend(a, hide))
        return rows

    def trend(self, a: dict, hidden: bool) -> list:
        if hidden:  # the count still shows: counts reveal no answers
            return [agg.count(a)] + [self.marker] * (1 + len(self.cat.dimensions))
        return [agg.count(a), _mean(a, "o")] + [_mean(a, d.id) if agg.count(a, d.id) >= self.k else self.marker
                                               for d in self.cat.dimensions]

    def build(self, synced_at: str, versions: dict, as_of: str | None) -> dict:
        tabs = {"readme": self.readme(versions), "kpis": self.kpis(), "state": self.by("state"),
                "size": self.by("size"), "sector": self.by("sector"), "gaps": self.gaps(),
                "barriers": self.barriers(), "barriers_profile": self.barriers_by_profile(),
                "quality": self.quality(), "trends": self.trends()}
        written = sum(len(rows) for rows in tabs.values())  # + the sync tab's own 7 rows below
        in_data = " · ".join(f"{y}: {', '.join(vs)}" for y, vs in sorted(versions.items()) if vs)
        tabs["sync"] = [self.header("sync"), ["Última sincronización (hora de la Ciudad de México)",
                                              mexico_time(synced_at)],
                        ["Cifras publicadas al (hora de la Ciudad de México)", mexico_time(as_of) if as_of else "—"],
                        ["Cuestionario de las cifras", self.cat.version],
                        ["Versiones del cuestionario en los datos", in_data or "—"], ["Filas escritas", written + 7],
                        ["Umbral de supresión (n mínimo)", self.k], ["Versión del formato", self.layout["version"]]]
        return tabs


def mexico_time(moment: str) -> str:
    """An ISO-8601 UTC time as staff in Mexico read it: "2026-06-15 12:00"."""
    from datetime import datetime
    from zoneinfo import ZoneInfo
    when = datetime.fromisoformat(moment.replace("Z", "+00:00")).astimezone(ZoneInfo("America/Mexico_City"))
    return when.strftime("%Y-%m-%d %H:%M")


def build(cat, layout: dict, years: dict, totals: dict, synced_at: str, versions: dict, as_of: str | None = None,
          k: int = PUBLISHED_MIN) -> dict:
    """{tab key: rows}. ``years``: year -> {cohort key: counters}, from the published snapshot; ``versions``:
    year -> the questionnaire versions in that year's data; ``totals``: the all-time KPI counters plus
    ``overdue`` (pledges past the first-assessment deadline)."""
    return Builder(cat, layout, years, totals, k).build(synced_at, versions, as_of)
