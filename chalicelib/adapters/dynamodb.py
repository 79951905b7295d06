"""DynamoDB store: single-table design, one BatchGetItem to read and one TransactWriteItems to write.

Keys (pk / sk):
  SUB#<submission_id> / SUB          the idempotency record with the stored response
  ASMT#<assessment_id> / ASMT        the full assessment record
  CO#<company_id> / PROFILE          latest company profile and contact
  CO#<company_id> / YEAR#<year>      the company's current assessment of the year and its contribution
  CO#<company_id> / PLEDGE#<signed_at>#<pledge_id>
  RFC#<rfc> / COMPANY                the RFC's company_id (random, internal), once a submission is confirmed;
                                     in gsi1 (gsi1pk "COMPANIES", gsi1sk = <rfc>#<company_id>): the staff's list
  RFC#<rfc> / SUB#<id> | DRAFT#<id>  pointers to the RFC's pending submissions and drafts (ARCO finds them)
  AGG / L#<year>#<version>#<cohort>  live cohort counters (sums, histograms, answer counts, changes), per
                                     questionnaire version; version "-" holds the pledge counts
  AGG / P#<year>#<version>#<cohort>  the published snapshot of a cohort (counters, change count, as_of): every
                                     figure anyone sees; one partition, so the snapshot job reads it all in one
                                     paged Query
  AGG / M#snapshot                   when the last snapshot ran, and what it published
  AGG#all / kpi                      all-time KPI counters
  CAP#<day> / <address or company>   mails sent that day on public requests (the caps), removed by TTL
  STAMP#<mac> / STAMP                the one submission a form stamp was used for, removed by TTL
  DRAFT#<draft_id> / DRAFT          a saved form ("continue later"), removed by the table's TTL on `ttl`
  JOB#<assessment_id> / SCORECARD    the scorecard e-mail job; while pending it sits in the sparse index
                                     gsi1 (gsi1pk = "JOB#pending", gsi1sk = created_at) so a sweeper finds it
  CO#<company_id> / A#<assessment>   pointer to each assessment, so an export or deletion finds every record
  CO#<company_id> / LISTING          the company opted in to the public registry (gsi1pk "REGISTRY", sorted by name);
                                     a first-time listing waits for staff approval under gsi1pk "LISTING#review"
  CO#<company_id> / RENEW            the latest pledge's renew_by (gsi1pk "RENEW", gsi1sk = <renew_by>#<id>):
                                     pledges active and lapsed, counted by the dashboard
  CO#<company_id> / REMIND#<kind>    a reminder, pending until sent (gsi1pk "REMIND", gsi1sk = due time)
  CO#<company_id> / ATT#<activity>   and ATT#<activity> / CO#<company_id>: one attendance, seen from both sides
  ACT / <activity_id>                an activity (training, event) staff created
  AUDIT#<yyyy-mm> / <at>#<random>    one staff action
  SESSION#<sha256 of id> / SESSION   a staff console session (the cookie holds the id; removed by TTL)
  META / <name>                      the dashboard sync's own state

The profile sits in gsi1 while the company waits for its first assessment (gsi1pk "AWAIT#first", gsi1sk = the
pledge's time) and while it is blocked (gsi1pk "BLOCKED", gsi1sk = blocked_at). Callers see those as the facts
`awaiting_first_assessment` and `blocked_at`, never as index attributes.
"""
from decimal import Decimal

from botocore.exceptions import ClientError

from ..services.ports import AssessmentContext, DuplicateSubmission, WriteConflict

TABLE_SCHEMA = {
    "AttributeDefinitions": [{"AttributeName": a, "AttributeType": "S"} for a in ("pk", "sk", "gsi1pk", "gsi1sk")],
    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
    "GlobalSecondaryIndexes": [{
        "IndexName": "gsi1",
        "KeySchema": [{"AttributeName": "gsi1pk", "KeyType": "HASH"}, {"AttributeName": "gsi1sk", "KeyType": "RANGE"}],
        "Projection": {"ProjectionType": "KEYS_ONLY"}}],
    "BillingMode": "PAY_PER_REQUEST",
}
PENDING, REGISTRY, REMIND, AWAITING_FIRST, BLOCKED = "JOB#pending", "REGISTRY", "REMIND", "AWAIT#first", "BLOCKED"
REVIEW, COMPANIES, FAILED, RENEW = "LISTING#review", "COMPANIES", "JOB#failed", "RENEW"
PROFILE = "PROFILE"


def ensure_table(client, name: str) -> None:
    """Create the table if missing (local run and tests; in AWS the stack creates it)."""
    try:
        client.describe_table(TableName=name)
    except client.exceptions.ResourceNotFoundException:
        client.create_table(TableName=name, **TABLE_SCHEMA)
        client.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 30})


def _attr(value) -> dict:
    """Python data -> a DynamoDB attribute value. Floats go through their repr so they store exactly; numbers are
    written in plain notation.

    (boto3's TypeSerializer would do the same, but importing boto3 adds ~150 ms to every cold start;
    the submit path needs only botocore.)
    """
    if value is None:
        return {"NULL": True}
    if isinstance(value, bool):
        return {"BOOL": value}
    if isinstance(value, int):
        return {"N": str(value)}
    if isinstance(value, Decimal):
        return {"N": format(value, "f")}  # never exponent form ("0E-12", "1E+16")
    if isinstance(value, float):
        return {"N": format(Decimal(repr(value)), "f")}
    if isinstance(value, str):
        return {"S": value}
    if isinstance(value, dict):
        return {"M": {str(k): _attr(v) for k, v in value.items()}}
    if isinstance(value, (list, tuple)):
        return {"L": [_attr(v) for v in value]}
    raise TypeError(f"cannot store {type(value).__name__}")


def _value(attr: dict):
    """A DynamoDB attribute value -> Python data (numbers as Decimal, exact)."""
    (kind, raw), = attr.items()
    if kind == "N":
        return Decimal(raw)
    if kind == "M":
        return {k: _value(v) for k, v in raw.items()}
    if kind == "L":
        return [_value(v) for v in raw]
    if kind == "NULL":
        return None
    return raw  # S, BOOL


def _item(pk: str, sk: str, data: dict) -> dict:
    return {k: _attr(v) for k, v in {**data, "pk": pk, "sk": sk}.items()}


def _key(pk: str, sk: str) -> dict:
    return {"pk": {"S": pk}, "sk": {"S": sk}}


def _agg_key(year, version, cohort_key, kind="L") -> dict:
    return _key("AGG", f"{kind}#{year}#{version or '-'}#{cohort_key}")


def _address(sk: str) -> tuple:
    _, year, version, cohort_key = sk.split("#", 3)
    return int(year), version, cohort_key


def _entry(item: dict) -> dict:
    entry = _decode(item)
    return {"c": entry.get("c") or {}, "chg": int(entry.get("chg", 0)), "as_of": entry["as_of"],
            "versions": entry.get("versions") or []}


def _maybe(item: dict | None) -> dict | None:
    return _decode(item) if item else None


def _decode(item: dict) -> dict:
    """A stored item as callers know it: no keys, and the index attributes turned into the fact they stand for."""
    data = {k: _value(v) for k, v in item.items() if k not in ("pk", "sk", "gsi1pk", "gsi1sk")}
    if item.get("gsi1pk") == {"S": AWAITING_FIRST}:
        data["awaiting_first_assessment"] = True
    return data


def _strip(item: dict) -> dict:
    return {k: v for k, v in item.items() if k != "sk"}


def _assessment_ids(items: list) -> list:
    """Every assessment of a company: the pointers, plus each year's current one (records from before the
    pointers existed are reached that way)."""
    ids = [i["assessment_id"] for i in items if i["sk"].startswith("A#")]
    return ids + [i["assessment_id"] for i in items if i["sk"].startswith("YEAR#") and i["assessment_id"] not in ids]


def _mapping(rfc: str, company_id: str) -> dict:
    """The RFC's company, listed in the staff's directory of companies."""
    return {"company_id": company_id, "rfc": rfc, "gsi1pk": COMPANIES, "gsi1sk": f"{rfc}#{company_id}"}


def _sort_name(name: str) -> str:
    """The name as the registry sorts it, bounded in bytes (an index key holds at most 1,024; casefolding can
    triple a letter's size)."""
    return name.casefold().encode()[:600].decode(errors="ignore")


def _counter_update(table: str, key: dict, delta: dict) -> dict:
    names, values, clauses = {}, {}, []
    for i, (counter, amount) in enumerate(sorted(delta.items())):
        names[f"#c{i}"], values[f":c{i}"] = counter, _attr(amount)
        clauses.append(f"#c{i} :c{i}")
    return {"Update": {"TableName": table, "Key": key, "UpdateExpression": "ADD " + ", ".join(clauses),
                       "ExpressionAttributeNames": names, "ExpressionAttributeValues": values}}


def _profile_update(table: str, company_id: str, profile: dict, remove=()) -> dict:
    names, values, clauses = {}, {}, []
    for i, (field, value) in enumerate(sorted(profile.items())):
        names[f"#p{i}"], values[f":p{i}"] = field, _attr(value)
        clauses.append(f"#p{i} = :p{i}")
    for i, field in enumerate(remove):
        names[f"#r{i}"] = field
    expression = "SET " + ", ".join(clauses) + (" REMOVE " + ", ".join(f"#r{i}" for i in range(len(remove)))
                                                if remove else "")
    return {"Update": {"TableName": table, "Key": _key(f"CO#{company_id}", "PROFILE"), "UpdateExpression": expression,
                       "ExpressionAttributeNames": names, "ExpressionAttributeValues": values}}


class DynamoStore:
    def __init__(self, client, table: str):
        self.client, self.table = client, table

    # ---- reads ----
    def _batch_get(self, keys: list) -> list:
        found: list = []
        request: dict | None = {self.table: {"Keys": keys, "ConsistentRead": True}}
        while request:
            page = self.client.batch_get_item(RequestItems=request)
            found += page["Responses"].get(self.table, [])
            request = page.get("UnprocessedKeys") or None
        return found

    def assessment_context(self, submission_id, rfc, year, cohort_keys, company_id=None,
                           with_company=False, version=None) -> AssessmentContext:
        """One BatchGetItem: the submission, the RFC's company, and the published figures of the cohorts (this
        year's and last year's, for ``version``); with `company_id` (a company link) that company's profile and
        records of both years too. `with_company` reads them after the RFC lookup when no id was given (a
        confirmation: a second read, only for a known company)."""
        keys = [_key(f"SUB#{submission_id}", "SUB"), _key(f"RFC#{rfc}", "COMPANY")]
        keys += [_agg_key(y, version, k, "P") for y in (year, year - 1) for k in dict.fromkeys(cohort_keys)]
        if company_id:
            keys += self._company_keys(company_id, year)
        ctx = AssessmentContext(submission=None, company_year=None)
        for raw in self._batch_get(keys):
            pk, sk = raw["pk"]["S"], raw["sk"]["S"]
            if pk.startswith("SUB#"):
                ctx.submission = _decode(raw)
            elif pk.startswith("RFC#"):
                ctx.company_id = raw["company_id"]["S"]
            elif pk == "AGG":
                y, _, cohort_key = _address(sk)
                ctx.published[(y, cohort_key)] = _entry(raw)
            else:
                self._company_part(ctx, sk, _decode(raw), year)
        if with_company and ctx.company_id and ctx.company_id != company_id:
            for raw in self._batch_get(self._company_keys(ctx.company_id, year)):
                self._company_part(ctx, raw["sk"]["S"], _decode(raw), year)
        if company_id and ctx.company_id != company_id:  # the link is not this RFC's company: nothing of it
            ctx.profile = ctx.company_year = None
            ctx.company_years = {}
        return ctx

    @staticmethod
    def _company_keys(company_id: str, year: int) -> list:
        return [_key(f"CO#{company_id}", f"YEAR#{y}") for y in (year, year - 1)] + \
            [_key(f"CO#{company_id}", "PROFILE")]

    @staticmethod
    def _company_part(ctx, sk: str, record: dict, year: int) -> None:
        if sk == "PROFILE":
            ctx.profile = record
        else:
            ctx.company_years[int(sk[len("YEAR#"):])] = record
            if sk == f"YEAR#{year}":
                ctx.company_year = record

    def pledge_context(self, submission_id: str, rfc: str, company_id: str | None = None,
                       with_company: bool = False) -> tuple:
        """(stored submission, the RFC's company_id, its profile): the profile only for `company_id` (a company
        link to this same RFC's company) or, with `with_company`, for whatever company the RFC has."""
        keys = [_key(f"SUB#{submission_id}", "SUB"), _key(f"RFC#{rfc}", "COMPANY")]
        if company_id:
            keys.append(_key(f"CO#{company_id}", "PROFILE"))
        found = {raw["pk"]["S"]: _decode(raw) for raw in self._batch_get(keys)}
        mapped = (found.get(f"RFC#{rfc}") or {}).get("company_id")
        profile = found.get(f"CO#{company_id}") if company_id and mapped == company_id else None
        if with_company and mapped and mapped != company_id:
            profile = self.profile(mapped)
        return found.get(f"SUB#{submission_id}"), mapped, profile

    # ---- identity: the RFC -> company mapping stays here ----
    def company_for_rfc(self, rfc: str) -> str | None:
        item = self._get(f"RFC#{rfc}", "COMPANY")
        return item["company_id"] if item else None

    def companies_for_rfcs(self, rfcs: list) -> dict:
        found = self._get_many([(f"RFC#{r}", "COMPANY") for r in rfcs])
        return {pk[len("RFC#"):]: item["company_id"] for (pk, _), item in found.items()}

    def add_company(self, rfc: str, company_id: str) -> str:
        """Map a new RFC to `company_id`; if another request mapped it first, that company wins."""
        try:
            self.client.put_item(TableName=self.table, Item=_item(f"RFC#{rfc}", "COMPANY", _mapping(rfc, company_id)),
                                 ConditionExpression="attribute_not_exists(pk)")
            return company_id
        except self.client.exceptions.ConditionalCheckFailedException:
            return self.company_for_rfc(rfc) or company_id

    def rfc_held(self, rfc: str) -> tuple:
        """(pending submissions, drafts) filed under the RFC itself."""
        return self._rfc_items(rfc)[:2]

    def _rfc_items(self, rfc: str) -> tuple:
        """(pending submissions, drafts, every key to delete with them) filed under the RFC itself: its
        unconfirmed submissions and saved drafts, their pointers and the RFC's company mapping."""
        pointers = self._partition(f"RFC#{rfc}")
        keys = [(f"SUB#{i['submission_id']}", "SUB") if i["sk"].startswith("SUB#")
                else (f"DRAFT#{i['draft_id']}", "DRAFT")
                for i in pointers if i["sk"] != "COMPANY"]
        found = self._get_many(keys)
        pending = [found[k] for k in keys if k in found and k[1] == "SUB" and found[k].get("status") == "pending"]
        drafts = [found[k] for k in keys if k in found and k[1] == "DRAFT"]
        return pending, drafts, keys + [(f"RFC#{rfc}", i["sk"]) for i in pointers]

    def profile(self, company_id: str) -> dict | None:
        return self._get(f"CO#{company_id}", PROFILE)

    def bump_link_version(self, company_id: str) -> None:
        """Every link signed for the company until now stops working."""
        self.client.update_item(TableName=self.table, Key=_key(f"CO#{company_id}", "PROFILE"),
                                UpdateExpression="ADD link_version :one",
                                ConditionExpression="attribute_exists(pk)",
                                ExpressionAttributeValues={":one": {"N": "1"}})

    def add_verified(self, company_id: str, email: str) -> bool:
        """A click on a verification link: the address joins the company's verified ones."""
        return self._claim(f"CO#{company_id}", PROFILE,
                           "SET verified = list_append(if_not_exists(verified, :none), :e)",
                           {":e": [email], ":none": [], ":one": email},
                           "attribute_exists(pk) AND NOT contains(verified, :one)")

    # ---- pending submissions, stamps and mail caps ----
    def save_pending(self, submission: dict, rfc: str, expires: int) -> None:
        """A submission kept aside until the company confirms it: the record (with the payload, removed by TTL)
        and a pointer under the RFC, so ARCO finds it."""
        sid = submission["submission_id"]
        self._transact([self._put_new(f"SUB#{sid}", "SUB", {**submission, "ttl": expires}),
                        {"Put": {"TableName": self.table, "Item": _item(f"RFC#{rfc}", f"SUB#{sid}", {
                            "submission_id": sid, "kind": submission["kind"], "ttl": expires})}}],
                       {0: DuplicateSubmission()})

    def claim_confirmation_mail(self, submission_id: str, to: list, now: str) -> bool:
        return self._claim(f"SUB#{submission_id}", "SUB", "SET mailed_at = :now, confirm_to = :to",
                           {":now": now, ":to": to, ":pending": "pending"},
                           "#s = :pending AND attribute_not_exists(mailed_at)")

    def release_confirmation_mail(self, submission_id: str) -> None:
        self._update(f"SUB#{submission_id}", "SUB", "REMOVE mailed_at, confirm_to")

    def use_stamp(self, mac: str, submission_id: str, expires: int) -> bool:
        """A form stamp serves one submission: its retries pass, any other submission is refused."""
        return self._claim(f"STAMP#{mac}", "STAMP", "SET submission_id = :sid, #t = :ttl",
                           {":sid": submission_id, ":ttl": expires},
                           "attribute_not_exists(pk) OR submission_id = :sid", names={"#t": "ttl"})

    def take_mail_allowance(self, day: str, limits: dict, expires: int) -> bool:
        """Count one mail against each limit {who: max} of the day, all or none; False when one is spent."""
        actions = [{"Update": {
            "TableName": self.table, "Key": _key(f"CAP#{day}", who), "UpdateExpression": "ADD n :one SET #t = :ttl",
            "ConditionExpression": "attribute_not_exists(n) OR n < :max", "ExpressionAttributeNames": {"#t": "ttl"},
            "ExpressionAttributeValues": {":one": {"N": "1"}, ":max": {"N": str(most)}, ":ttl": {"N": str(expires)}}}}
            for who, most in limits.items()]
        try:
            self.client.transact_write_items(TransactItems=actions)
            return True
        except ClientError as exc:
            if exc.response["Error"]["Code"] != "TransactionCanceledException":
                raise
            reasons = [r.get("Code") for r in exc.response.get("CancellationReasons", [])]
            if "ConditionalCheckFailed" in reasons:
                return False
            raise WriteConflict() from None

    def count_awaiting_first_assessment(self, pledged_before: str) -> int:
        """Pledged companies with no assessment whose pledge is older than the given time (sparse index)."""
        return sum(page["Count"] for page in self._pages(
            IndexName="gsi1", Select="COUNT", KeyConditionExpression="gsi1pk = :p AND gsi1sk < :before",
            ExpressionAttributeValues={":p": {"S": AWAITING_FIRST}, ":before": {"S": pledged_before}}))

    def assessment(self, assessment_id: str) -> dict | None:
        return self._get(f"ASMT#{assessment_id}", "ASMT")

    def submission(self, submission_id):
        return self._get(f"SUB#{submission_id}", "SUB")

    def _pages(self, **query):
        """Every page of one Query, following LastEvaluatedKey: the one pagination loop."""
        while True:
            page = self.client.query(TableName=self.table, **query)
            yield page
            if not page.get("LastEvaluatedKey"):
                return
            query["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def _items(self, **query):
        for page in self._pages(**query):
            yield from page["Items"]

    def _query_all(self, pk: str, prefix: str = "", consistent: bool = False) -> list:
        """The raw items of one partition (optionally those whose sort key starts with ``prefix``)."""
        condition, values = "pk = :pk", {":pk": {"S": pk}}
        if prefix:
            condition, values[":p"] = condition + " AND begins_with(sk, :p)", {"S": prefix}
        return list(self._items(KeyConditionExpression=condition, ExpressionAttributeValues=values,
                                ConsistentRead=consistent))

    def aggregate_items(self) -> tuple:
        """(live counters, published entries), each keyed (year, version, cohort key), every year: one paged
        Query of the aggregates partition. Cost follows the cohorts, never the number of assessments."""
        live, published = {}, {}
        for item in self._query_all("AGG"):
            sk = item["sk"]["S"]
            if sk.startswith("L#"):
                live[_address(sk)] = _decode(item)
            elif sk.startswith("P#"):
                published[_address(sk)] = _entry(item)
        return live, published

    def published(self, year: int | None = None, version: str | None = None, prefix: str = "") -> dict:
        """Published entries keyed (year, version, cohort key): all of them, or one year and version's cohorts
        whose key starts with ``prefix`` (one paged Query)."""
        head = "P#" if year is None else f"P#{year}#{version or '-'}#{prefix}"
        return {_address(item["sk"]["S"]): _entry(item) for item in self._query_all("AGG", head)}

    def publish(self, entries: dict, run: dict) -> None:
        """Write a snapshot's new entries (batches of 25) and, last, the run's record."""
        puts = [{"PutRequest": {"Item": {**_agg_key(year, version, key, "P"),
                                         **{k: _attr(v) for k, v in entry.items()}}}}
                for (year, version, key), entry in entries.items()]
        for start in range(0, len(puts), 25):
            request: dict | None = {self.table: puts[start:start + 25]}
            while request:
                request = self.client.batch_write_item(RequestItems=request).get("UnprocessedItems") or None
        self.client.put_item(TableName=self.table, Item=_item("AGG", "M#snapshot", run))

    def claim_snapshot(self, now: str, lease_until: str) -> bool:
        """One snapshot at a time: two runs at once could publish an older reading after a newer one."""
        return self._claim("AGG", "M#snapshot", "SET lease_until = :until", {":until": lease_until, ":now": now},
                           "attribute_not_exists(lease_until) OR lease_until < :now")

    def release_snapshot(self) -> None:
        self._update("AGG", "M#snapshot", "REMOVE lease_until")

    def snapshot_run(self) -> dict:
        return self._get("AGG", "M#snapshot") or {}

    def kpi_totals(self) -> dict:
        return self._get("AGG#all", "kpi") or {}

    def get_meta(self, name: str) -> dict:
        return self._get("META", name) or {}

    def put_meta(self, name: str, data: dict) -> None:
        self.client.put_item(TableName=self.table, Item=_item("META", name, data))

    # ---- writes ----
    def _put_new(self, pk, sk, data) -> dict:
        return {"Put": {"TableName": self.table, "Item": _item(pk, sk, data),
                        "ConditionExpression": "attribute_not_exists(pk)"}}

    def _transact(self, actions: list, guarded: dict) -> None:
        """Run one transaction; map a failed condition at a guarded index to its exception."""
        try:
            self.client.transact_write_items(TransactItems=actions)
        except ClientError as exc:
            if exc.response["Error"]["Code"] != "TransactionCanceledException":
                raise
            reasons = [r.get("Code") for r in exc.response.get("CancellationReasons", [])]
            for index, error in guarded.items():
                if index < len(reasons) and reasons[index] == "ConditionalCheckFailed":
                    raise error from None
            if "TransactionConflict" in reasons or not reasons:
                raise WriteConflict() from None
            raise

    def save_assessment(self, w) -> None:
        cy = {"TableName": self.table, "Item": _item(f"CO#{w.company_year['company_id']}", f"YEAR#{w.year}",
                                                      w.company_year)}
        if w.previous_assessment_id:
            cy.update(ConditionExpression="assessment_id = :prev",
                      ExpressionAttributeValues={":prev": {"S": w.previous_assessment_id}})
        else:
            cy["ConditionExpression"] = "attribute_not_exists(pk)"
        actions = [self._settle(w), {"Put": cy},
                   self._put_new(f"ASMT#{w.assessment['assessment_id']}", "ASMT", w.assessment),
                   _profile_update(self.table, w.company_year["company_id"], w.profile,
                                   ("gsi1pk", "gsi1sk") if w.first_assessment else ()),
                   self._put_new(f"JOB#{w.assessment['assessment_id']}", "SCORECARD",
                                 {**w.job, "gsi1pk": PENDING, "gsi1sk": w.job["created_at"]})]
        actions += [_counter_update(self.table, _agg_key(w.year, v, k), d) for (v, k), d in w.deltas.items()]
        if w.kpi:
            actions.append(_counter_update(self.table, _key("AGG#all", "kpi"), w.kpi))
        guards = {0: DuplicateSubmission(), 1: WriteConflict()}
        self._extra(w, actions, guards)
        self._transact(actions, guards)

    def save_pledge(self, w) -> None:
        actions = [self._settle(w),
                   self._put_new(f"CO#{w.pledge['company_id']}",
                                 f"PLEDGE#{w.pledge['signed_at']}#{w.pledge['pledge_id']}",
                                 w.pledge),
                   _profile_update(self.table, w.pledge["company_id"], {**w.profile, **(
                       {"gsi1pk": AWAITING_FIRST, "gsi1sk": w.awaiting_since} if w.awaiting_since else {})})]
        actions += [_counter_update(self.table, _agg_key(w.year, v, k), d) for (v, k), d in w.deltas.items()]
        if w.kpi:
            actions.append(_counter_update(self.table, _key("AGG#all", "kpi"), w.kpi))
        guards = {0: DuplicateSubmission()}
        self._extra(w, actions, guards)
        self._transact(actions, guards)

    def _settle(self, w) -> dict:
        """The idempotency record: new for a submission applied at once; for a confirmation, the pending record
        turns confirmed, once (its payload goes: the records now hold it)."""
        if w.submission is not None:
            return self._put_new(f"SUB#{w.submission['submission_id']}", "SUB", w.submission)
        return {"Update": {"TableName": self.table, "Key": _key(f"SUB#{w.confirmation.submission_id}", "SUB"),
                           "UpdateExpression": "SET #s = :confirmed, confirmed_at = :at REMOVE payload, #t",
                           "ConditionExpression": "#s = :pending",
                           "ExpressionAttributeNames": {"#s": "status", "#t": "ttl"},
                           "ExpressionAttributeValues": {":confirmed": {"S": "confirmed"}, ":pending": {"S": "pending"},
                                                         ":at": {"S": w.confirmation.at}}}}

    def _extra(self, w, actions: list, guards: dict) -> None:
        """Registry entry, reminders, pointers: written or removed with the submission, never on their own; the
        settled pending pointer; last, the RFC's new company (failing if another submission created it first)."""
        actions += self._followups(w.company_id, w.followups)
        c = w.confirmation
        if c.submission_id:
            actions.append({"Delete": {"TableName": self.table, "Key": _key(f"RFC#{c.rfc}", f"SUB#{c.submission_id}")}})
        if c.new_company:
            guards[len(actions)] = WriteConflict()
            actions.append(self._put_new(f"RFC#{c.rfc}", "COMPANY", _mapping(c.rfc, c.new_company)))

    def _followups(self, company_id: str, f) -> list:
        pk, put = f"CO#{company_id}", lambda sk, data: {"Put": {"TableName": self.table, "Item": _item(pk, sk, data)}}
        actions = [put(f"REMIND#{kind}", {"company_id": company_id, "kind": kind, "due": due, "status": "pending",
                                          "gsi1pk": REMIND, "gsi1sk": f"{due}#{company_id}#{kind}"})
                   for kind, due in f.reminders.items()]
        sks = [f"REMIND#{kind}" for kind in f.dropped_reminders] + (["LISTING"] if f.unlisted else [])
        actions += [{"Delete": {"TableName": self.table, "Key": _key(pk, sk)}} for sk in sks]
        if f.listed_as is not None:
            actions.append(put("LISTING", {"company_id": company_id, "gsi1pk": REVIEW if f.listing_review else REGISTRY,
                                           "gsi1sk": f"{_sort_name(f.listed_as)}#{company_id}"}))
        if f.assessment:
            actions.append(put(f"A#{f.assessment['assessment_id']}", f.assessment))
        if f.pledged_until:
            actions.append(put("RENEW", {"company_id": company_id, "renew_by": f.pledged_until, "gsi1pk": RENEW,
                                         "gsi1sk": f"{f.pledged_until}#{company_id}"}))
        return actions

    # ---- scorecard jobs (worker side; Query is fine here, no request path uses it) ----
    def scorecard_context(self, assessment_id: str) -> dict | None:
        """The assessment record, its job and the company's assessments of every year (for progress)."""
        record = self._get(f"ASMT#{assessment_id}", "ASMT")
        if record is None:
            return None
        job = self._get(f"JOB#{assessment_id}", "SCORECARD")
        return {"assessment": record, "job": job, "history": self.company_years(record["company_id"]),
                "profile": self.profile(record["company_id"])}

    def _update(self, pk: str, sk: str, expression: str, values: dict | None = None,
                condition: str | None = None, names: dict | None = None) -> None:
        """One UpdateItem; `#s` in an expression stands for `status` (a reserved word)."""
        names = {**({"#s": "status"} if "#s" in expression + (condition or "") else {}), **(names or {})}
        self.client.update_item(
            TableName=self.table, Key=_key(pk, sk), UpdateExpression=expression,
            **({"ExpressionAttributeNames": names} if names else {}),
            **({"ExpressionAttributeValues": {k: _attr(v) for k, v in values.items()}} if values else {}),
            **({"ConditionExpression": condition} if condition else {}))

    def _claim(self, pk: str, sk: str, expression: str, values: dict, condition: str,
               names: dict | None = None) -> bool:
        """A conditional update: False (nothing written) when the condition does not hold."""
        try:
            self._update(pk, sk, expression, values, condition, names)
            return True
        except self.client.exceptions.ConditionalCheckFailedException:
            return False

    def claim_job(self, assessment_id: str, now: str, lease_until: str) -> bool:
        """Take the job for sending: only if pending, or if an earlier claim's lease ran out."""
        return self._claim(f"JOB#{assessment_id}", "SCORECARD",
                           "SET #s = :sending, lease_until = :lease ADD attempts :one",
                           {":sending": "sending", ":pending": "pending", ":lease": lease_until, ":now": now,
                            ":one": 1},
                           "attribute_exists(pk) AND (#s = :pending OR (#s = :sending AND lease_until < :now))")

    def mark_sent(self, assessment_id: str, message_id: str, now: str) -> None:
        self._update(f"JOB#{assessment_id}", "SCORECARD",
                     "SET #s = :sent, sent_at = :now, message_id = :mid REMOVE gsi1pk, gsi1sk, lease_until",
                     {":sent": "sent", ":now": now, ":mid": message_id})

    def release_job(self, assessment_id: str, error: str) -> None:
        """A send failed before the mail went out: back to pending for the next try."""
        self._update(f"JOB#{assessment_id}", "SCORECARD", "SET #s = :pending, last_error = :err REMOVE lease_until",
                     {":pending": "pending", ":sending": "sending", ":err": error[:500]}, "#s = :sending")

    def fail_job(self, assessment_id: str, error: str, now: str) -> None:
        """The scorecard cannot be built (no retry would change that): out of the sweeper's index, for staff."""
        self._update(f"JOB#{assessment_id}", "SCORECARD",
                     "SET #s = :failed, failed_at = :now, last_error = :err, gsi1pk = :f, gsi1sk = :now "
                     "REMOVE lease_until", {":failed": "failed", ":now": now, ":err": error[:500], ":f": FAILED})

    def failed_jobs(self) -> list:
        """Ids of the scorecard jobs that failed for good, oldest first (for staff to retry)."""
        return [pk[len("JOB#"):] for pk, _ in self._indexed(FAILED)]

    def retry_job(self, assessment_id: str, now: str) -> bool:
        """A failed job back to pending (the sweeper sends it again); False if it was not failed."""
        return self._claim(f"JOB#{assessment_id}", "SCORECARD",
                           "SET #s = :pending, gsi1pk = :p, gsi1sk = :now REMOVE failed_at",
                           {":pending": "pending", ":p": PENDING, ":now": now, ":failed": "failed"}, "#s = :failed")

    def pending_jobs(self, created_before: str, limit: int = 100) -> list:
        page = self.client.query(
            TableName=self.table, IndexName="gsi1", Limit=limit,
            KeyConditionExpression="gsi1pk = :p AND gsi1sk < :before",
            ExpressionAttributeValues={":p": {"S": PENDING}, ":before": {"S": created_before}})
        return [item["pk"]["S"][len("JOB#"):] for item in page["Items"]]

    # ---- form drafts ("save and continue later") ----
    def save_draft(self, draft: dict) -> None:
        actions = [{"Put": {"TableName": self.table, "Item": _item(f"DRAFT#{draft['draft_id']}", "DRAFT", draft)}}]
        if draft.get("rfc"):  # a pointer under the RFC, so ARCO export and deletion find it
            actions.append({"Put": {"TableName": self.table, "Item": _item(
                f"RFC#{draft['rfc']}", f"DRAFT#{draft['draft_id']}", {"draft_id": draft["draft_id"],
                                                                      "ttl": draft["ttl"]})}})
        self.client.transact_write_items(TransactItems=actions)

    def draft(self, draft_id: str) -> dict | None:
        return self._get(f"DRAFT#{draft_id}", "DRAFT")

    def claim_draft_mail(self, draft_id: str, now: str) -> bool:
        return self._claim(f"DRAFT#{draft_id}", "DRAFT", "SET mailed_at = :now", {":now": now},
                           "attribute_exists(pk) AND attribute_not_exists(mailed_at)")

    def release_draft_mail(self, draft_id: str) -> None:
        self._update(f"DRAFT#{draft_id}", "DRAFT", "REMOVE mailed_at")

    def delete_draft(self, draft_id: str) -> None:
        draft = self.draft(draft_id)
        keys = [(f"DRAFT#{draft_id}", "DRAFT")] + ([(f"RFC#{draft['rfc']}", f"DRAFT#{draft_id}")]
                                                   if draft and draft.get("rfc") else [])
        self._delete_all(keys)

    # ---- accountability: registry, reminders, activities, company records, audit (staff and schedule paths) ----
    def _get(self, pk: str, sk: str) -> dict | None:
        return _maybe(self.client.get_item(TableName=self.table, Key=_key(pk, sk), ConsistentRead=True).get("Item"))

    def _get_many(self, keys: list) -> dict:
        """{(pk, sk): item} for the keys that exist (BatchGetItem, 100 keys a call)."""
        found = {}
        for start in range(0, len(keys), 100):
            for raw in self._batch_get([_key(pk, sk) for pk, sk in keys[start:start + 100]]):
                found[(raw["pk"]["S"], raw["sk"]["S"])] = _decode(raw)
        return found


    def _indexed(self, partition: str, below: str | None = None, field: str = "sk") -> list:
        """(pk, sk) of the items in one partition of the sparse index gsi1, optionally with gsi1sk < below; with
        field="gsi1sk", (pk, gsi1sk): what the index key itself says."""
        condition, values = "gsi1pk = :p", {":p": {"S": partition}}
        if below is not None:
            condition += " AND gsi1sk < :b"
            values[":b"] = {"S": below}
        return [(i["pk"]["S"], i[field]["S"]) for i in self._items(
            IndexName="gsi1", KeyConditionExpression=condition, ExpressionAttributeValues=values)]

    def _partition(self, pk: str, prefix: str = "") -> list:
        """Every item of one partition, each with its sort key (as "sk")."""
        return [{**_decode(i), "sk": i["sk"]["S"]} for i in self._query_all(pk, prefix, consistent=True)]

    def profiles(self, company_ids: list) -> dict:
        """{company_id: profile} for those that exist."""
        found = self._get_many([(f"CO#{c}", PROFILE) for c in dict.fromkeys(company_ids)])
        return {pk[len("CO#"):]: item for (pk, _), item in found.items()}

    def company_records(self, company_id: str) -> dict:
        """Everything filed under one company, by kind: profile, years, pledges, attendance, reminders, whether it
        is listed, and the ids of all its assessments (the pointers, plus each year's current one: records from
        before the pointers existed are reached that way)."""
        raw = self._query_all(f"CO#{company_id}", "", consistent=True)
        items = [{**_decode(i), "sk": i["sk"]["S"]} for i in raw]
        by = {kind: [_strip(i) for i in items if i["sk"].startswith(prefix)]
              for kind, prefix in (("years", "YEAR#"), ("pledges", "PLEDGE#"), ("attendance", "ATT#"),
                                   ("reminders", "REMIND#"))}
        return {**by, "profile": next((_strip(i) for i in items if i["sk"] == PROFILE), None),
                "assessment_ids": _assessment_ids(items), "listed": any(i["sk"] == "LISTING" for i in items),
                "listing": next(("review" if i.get("gsi1pk") == {"S": REVIEW} else "listed" for i in raw
                                 if i["sk"]["S"] == "LISTING"), None)}

    def assessments(self, assessment_ids: list) -> list:
        """The full records of these assessments that exist, in the order asked."""
        found = self._get_many([(f"ASMT#{i}", "ASMT") for i in assessment_ids])
        return [found[(f"ASMT#{i}", "ASMT")] for i in assessment_ids if (f"ASMT#{i}", "ASMT") in found]

    def submissions(self, submission_ids: list) -> list:
        found = self._get_many([(f"SUB#{i}", "SUB") for i in submission_ids])
        return [found[(f"SUB#{i}", "SUB")] for i in submission_ids if (f"SUB#{i}", "SUB") in found]

    def scorecard_jobs(self, assessment_ids: list) -> list:
        found = self._get_many([(f"JOB#{i}", "SCORECARD") for i in assessment_ids])
        return [found[(f"JOB#{i}", "SCORECARD")] for i in assessment_ids if (f"JOB#{i}", "SCORECARD") in found]

    def company_years(self, company_id: str) -> list:
        """The company's current assessment of each year, oldest first."""
        return sorted(self._partition(f"CO#{company_id}", "YEAR#"), key=lambda i: int(i["year"]))

    def registry_profiles(self) -> list:
        """The profiles of every company with a registry entry, in the registry's order (by name)."""
        keys = [(pk, PROFILE) for pk, _ in self._indexed(REGISTRY)]
        found = self._get_many(keys)
        return [found[k] for k in keys if k in found]

    def pledge_counts(self, now: str) -> tuple:
        """(active, lapsed): companies whose latest pledge runs past `now`, and those it no longer does. One paged
        Query of the sparse index's keys (about 10,000 companies a page); a blocked company is in neither."""
        until = [sk.rsplit("#", 1)[0] for _, sk in self._indexed(RENEW, field="gsi1sk")]
        return sum(u > now for u in until), sum(u <= now for u in until)

    def directory(self) -> list:
        """(rfc, company_id) of every company, by RFC: the staff's list (keys only, from the sparse index)."""
        return [tuple(sk.rsplit("#", 1)) for _, sk in self._indexed(COMPANIES, field="gsi1sk")]

    def listings_to_review(self) -> list:
        """Ids of the companies whose first listing waits for staff approval, by name."""
        return [pk[len("CO#"):] for pk, _ in self._indexed(REVIEW)]

    def decide_listing(self, company_id: str, approve: bool, fields: dict) -> bool:
        """Approve (into the registry) or decline (out, the profile no longer asking) a listing under review,
        with the decision on the profile; False when it was not under review (decided already, or withdrawn)."""
        listing = {"Update": {"TableName": self.table, "Key": _key(f"CO#{company_id}", "LISTING"),
                              "UpdateExpression": "SET gsi1pk = :r", "ConditionExpression": "gsi1pk = :review",
                              "ExpressionAttributeValues": {":r": {"S": REGISTRY}, ":review": {"S": REVIEW}}}}
        if not approve:
            listing = {"Delete": {"TableName": self.table, "Key": _key(f"CO#{company_id}", "LISTING"),
                                  "ConditionExpression": "gsi1pk = :review",
                                  "ExpressionAttributeValues": {":review": {"S": REVIEW}}}}
        try:
            self._transact([listing, _profile_update(self.table, company_id, fields)], {0: WriteConflict()})
        except WriteConflict:
            return False
        return True

    def unlist(self, company_id: str, fields: dict) -> bool:
        """The registry entry out (only a listed one) with the staff decision on the profile, together."""
        gone = {"Delete": {"TableName": self.table, "Key": _key(f"CO#{company_id}", "LISTING"),
                           "ConditionExpression": "gsi1pk = :r", "ExpressionAttributeValues": {":r": {"S": REGISTRY}}}}
        try:
            self._transact([gone, _profile_update(self.table, company_id, fields)], {0: WriteConflict()})
        except WriteConflict:
            return False
        return True

    def put_session(self, key: str, session: dict, expires: int) -> None:
        self.client.put_item(TableName=self.table, Item=_item(f"SESSION#{key}", "SESSION", {**session, "ttl": expires}))

    def session(self, key: str) -> dict | None:
        found = self._get(f"SESSION#{key}", "SESSION")
        return {k: v for k, v in found.items() if k != "ttl"} if found else None

    def delete_session(self, key: str) -> None:
        self.client.delete_item(TableName=self.table, Key=_key(f"SESSION#{key}", "SESSION"))

    def activities(self) -> list:
        """Every activity staff created, newest date first."""
        return sorted((_strip(i) for i in self._partition("ACT")), key=lambda a: (a.get("date", ""), a["activity_id"]),
                      reverse=True)

    def attendees(self, activity_id: str) -> list:
        """The attendance records of one activity."""
        return [_strip(i) for i in self._partition(f"ATT#{activity_id}")]

    def due_reminders(self, before: str) -> list:
        """(company_id, kind) of every pending reminder due before the given time."""
        return [(pk[len("CO#"):], sk[len("REMIND#"):]) for pk, sk in self._indexed(REMIND, below=before)]

    def reminder(self, company_id: str, kind: str) -> dict | None:
        return self._get(f"CO#{company_id}", f"REMIND#{kind}")

    def blocked_before(self, before: str) -> list:
        """Ids of the companies blocked before the given time."""
        return [pk[len("CO#"):] for pk, _ in self._indexed(BLOCKED, below=before)]

    def save_activity(self, activity: dict) -> bool:
        """A new activity; False (nothing written) when its identifier is taken."""
        try:
            self.client.put_item(TableName=self.table, Item=_item("ACT", activity["activity_id"], activity),
                                 ConditionExpression="attribute_not_exists(pk)")
            return True
        except self.client.exceptions.ConditionalCheckFailedException:
            return False

    def activity(self, activity_id: str) -> dict | None:
        return self._get("ACT", activity_id)

    def append_audit(self, entry: dict) -> None:
        """One staff action, filed under its month (unique even for two in the same millisecond)."""
        import uuid
        at = entry["at"]
        self.client.put_item(TableName=self.table, Item=_item(f"AUDIT#{at[:7]}", f"{at}#{uuid.uuid4().hex[:8]}", entry))

    def audit_month(self, yyyy_mm: str) -> list:
        """The month's staff actions, oldest first."""
        return [_strip(i) for i in self._partition(f"AUDIT#{yyyy_mm}")]

    def record_attendance(self, activity_id: str, company_id: str, record: dict, profile_add: dict, kpi: dict,
                          profile_set: dict, deltas: dict | None = None) -> bool:
        """One attendance, once: False if this company was already recorded for this activity."""
        actions = [self._put_new(f"ATT#{activity_id}", f"CO#{company_id}", record),
                   {"Put": {"TableName": self.table, "Item": _item(f"CO#{company_id}", f"ATT#{activity_id}", record)}},
                   _counter_update(self.table, _key(f"CO#{company_id}", "PROFILE"), profile_add),
                   _counter_update(self.table, _key("AGG#all", "kpi"), kpi)]
        actions += [_counter_update(self.table, _agg_key(year, None, key), counters)
                    for (year, key), counters in (deltas or {}).items()]
        if profile_set:  # one operation per item in a transaction: the SET joins the profile's ADD
            update = actions[2]["Update"]
            setting = _profile_update(self.table, company_id, profile_set)["Update"]
            update["UpdateExpression"] = setting["UpdateExpression"] + " " + update["UpdateExpression"]
            update["ExpressionAttributeNames"].update(setting["ExpressionAttributeNames"])
            update["ExpressionAttributeValues"].update(setting["ExpressionAttributeValues"])
        try:
            self._transact(actions, {0: DuplicateSubmission()})
            return True
        except DuplicateSubmission:
            return False

    def claim_reminder(self, company_id: str, kind: str, due: str, now: str, lease_until: str) -> bool:
        """Take a pending reminder (this exact due date) for sending, or one whose earlier claim expired."""
        return self._claim(
            f"CO#{company_id}", f"REMIND#{kind}", "SET #s = :sending, lease_until = :lease",
            {":sending": "sending", ":pending": "pending", ":lease": lease_until, ":now": now, ":due": due},
            "due = :due AND (#s = :pending OR (#s = :sending AND lease_until < :now))")

    def finish_reminder(self, company_id: str, kind: str, due: str, status: str, now: str) -> None:
        """Sent (or skipped): out of the sparse index, so no later run finds it again."""
        self._claim(f"CO#{company_id}", f"REMIND#{kind}",
                            "SET #s = :st, done_at = :now REMOVE gsi1pk, gsi1sk, lease_until",
                            {":st": status, ":now": now, ":due": due}, "due = :due")

    def release_reminder(self, company_id: str, kind: str, due: str) -> None:
        self._claim(f"CO#{company_id}", f"REMIND#{kind}", "SET #s = :pending REMOVE lease_until",
                            {":pending": "pending", ":due": due}, "due = :due")

    def block_company(self, company_id: str, blocked_at: str, year_deltas: dict, kpi: dict, listed: bool = True,
                      reminders: tuple = ()) -> None:
        """Cancellation, step one, in one transaction: the company's contribution leaves every aggregate, its
        registry entry and reminders go, and the profile is marked blocked (sparse index "BLOCKED" for the purge)."""
        actions = [{"Update": {
            "TableName": self.table, "Key": _key(f"CO#{company_id}", PROFILE),
            "UpdateExpression": "SET blocked_at = :at, gsi1pk = :blocked, gsi1sk = :at ADD link_version :one",
            "ConditionExpression": "attribute_exists(pk) AND attribute_not_exists(blocked_at)",
            "ExpressionAttributeValues": {":at": {"S": blocked_at}, ":blocked": {"S": BLOCKED}, ":one": {"N": "1"}}}}]
        for year, deltas in year_deltas.items():
            actions += [_counter_update(self.table, _agg_key(year, v, k), d) for (v, k), d in deltas.items()]
        if kpi:
            actions.append(_counter_update(self.table, _key("AGG#all", "kpi"), kpi))
        gone = (["LISTING"] if listed else []) + [f"REMIND#{kind}" for kind in reminders] + ["RENEW"]
        actions += [{"Delete": {"TableName": self.table, "Key": _key(f"CO#{company_id}", sk)}} for sk in gone]
        self._transact(actions, {0: WriteConflict()})

    def delete_company(self, company_id: str, rfc: str | None = None) -> int:
        """Every record of the company goes (its assessments, scorecard jobs, submissions, attendance, the RFC's
        mapping, pending submissions and drafts). Returns how many items."""
        items = self._partition(f"CO#{company_id}")
        keys = [(f"CO#{company_id}", i["sk"]) for i in items]
        profile = next((i for i in items if i["sk"] == PROFILE), None) or {}
        rfc = rfc or profile.get("rfc")
        if rfc:
            keys += self._rfc_items(rfc)[2]
        ids = _assessment_ids(items)
        keys += [k for i in ids for k in ((f"ASMT#{i}", "ASMT"), (f"JOB#{i}", "SCORECARD"))]
        keys += [(f"SUB#{r['submission_id']}", "SUB") for r in self.assessments(ids) if r.get("submission_id")]
        for item in items:
            if item["sk"].startswith("PLEDGE#") and item.get("submission_id"):
                keys.append((f"SUB#{item['submission_id']}", "SUB"))
            elif item["sk"].startswith("ATT#"):
                keys.append((f"ATT#{item['activity_id']}", f"CO#{company_id}"))
        self._delete_all(list(dict.fromkeys(keys)))
        return len(set(keys))

    def _delete_all(self, keys: list) -> None:
        for start in range(0, len(keys), 25):
            request: dict | None = {
                self.table: [{"DeleteRequest": {"Key": _key(pk, sk)}} for pk, sk in keys[start:start + 25]]}
            while request:
                request = self.client.batch_write_item(RequestItems=request).get("UnprocessedItems") or None

    def update_profile(self, company_id: str, fields: dict) -> None:
        """Set some profile fields in place (a whole-item put could lose a concurrent submission's changes)."""
        self.client.update_item(**_profile_update(self.table, company_id, fields)["Update"])
