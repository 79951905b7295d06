"""DynamoDB store: single-table design, one BatchGetItem to read and one TransactWriteItems to write.

Keys (pk / sk):
  SUB#<submission_id> / SUB          the idempotency record with the stored response
  ASMT#<assessment_id> / ASMT        the full assessment record
  CO#<company_id> / PROFILE          latest company profile and contact
  CO#<company_id> / YEAR#<year>      the company's current assessment of the year and its contribution
  CO#<company_id> / PLEDGE#<signed_at>#<pledge_id>
  AGG#<year> / <cohort key>          cohort counters (sums, histograms, answer counts)
  DRAFT#<draft_id> / DRAFT          a saved form ("continue later"), removed by the table's TTL on `ttl`
  JOB#<assessment_id> / SCORECARD    the scorecard e-mail job; while pending it sits in the sparse index
                                     gsi1 (gsi1pk = "JOB#pending", gsi1sk = created_at) so a sweeper finds it
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
PENDING = "JOB#pending"


def ensure_table(client, name: str) -> None:
    """Create the table if missing (local run and tests; in AWS the stack creates it)."""
    try:
        client.describe_table(TableName=name)
    except client.exceptions.ResourceNotFoundException:
        client.create_table(TableName=name, **TABLE_SCHEMA)
        client.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 30})


def _attr(value) -> dict:
    """Python data -> a DynamoDB attribute value. Floats go through their repr so they store exactly.

    (boto3's TypeSerializer would do the same, but importing boto3 adds ~150 ms to every cold start;
    the submit path needs only botocore.)
    """
    if value is None:
        return {"NULL": True}
    if isinstance(value, bool):
        return {"BOOL": value}
    if isinstance(value, (int, Decimal)):
        return {"N": str(value)}
    if isinstance(value, float):
        return {"N": repr(value)}
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


def _decode(item: dict | None) -> dict | None:
    if not item:
        return None
    return {k: _value(v) for k, v in item.items() if k not in ("pk", "sk")}


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
        found, request = [], {self.table: {"Keys": keys, "ConsistentRead": True}}
        while request:
            page = self.client.batch_get_item(RequestItems=request)
            found += page["Responses"].get(self.table, [])
            request = page.get("UnprocessedKeys") or None
        return found

    def assessment_context(self, submission_id, company_id, year, cohort_keys) -> AssessmentContext:
        keys = [_key(f"SUB#{submission_id}", "SUB"), _key(f"CO#{company_id}", f"YEAR#{year}"),
                _key(f"CO#{company_id}", "PROFILE")]
        keys += [_key(f"AGG#{year}", k) for k in dict.fromkeys(cohort_keys)]
        ctx = AssessmentContext(submission=None, company_year=None)
        for raw in self._batch_get(keys):
            pk, sk = raw["pk"]["S"], raw["sk"]["S"]
            if pk.startswith("SUB#"):
                ctx.submission = _decode(raw)
            elif sk == "PROFILE":
                ctx.profile = _decode(raw)
            elif pk.startswith("CO#"):
                ctx.company_year = _decode(raw)
            else:
                ctx.aggregates[sk] = _decode(raw)
        return ctx

    def pledge_context(self, submission_id: str, company_id: str) -> tuple:
        found = {raw["pk"]["S"]: _decode(raw) for raw in self._batch_get(
            [_key(f"SUB#{submission_id}", "SUB"), _key(f"CO#{company_id}", "PROFILE")])}
        return found.get(f"SUB#{submission_id}"), found.get(f"CO#{company_id}")

    def count_awaiting_first_assessment(self, pledged_before: str) -> int:
        """Pledged companies with no assessment whose pledge is older than the given time (sparse index)."""
        total, start = 0, None
        while True:
            page = self.client.query(
                TableName=self.table, IndexName="gsi1", Select="COUNT",
                KeyConditionExpression="gsi1pk = :p AND gsi1sk < :before",
                ExpressionAttributeValues={":p": {"S": "AWAIT#first"}, ":before": {"S": pledged_before}},
                **({"ExclusiveStartKey": start} if start else {}))
            total += page["Count"]
            start = page.get("LastEvaluatedKey")
            if not start:
                return total

    def submission(self, submission_id):
        return _decode(self.client.get_item(TableName=self.table, Key=_key(f"SUB#{submission_id}", "SUB"),
                                            ConsistentRead=True).get("Item"))

    def aggregate(self, year, cohort_key):
        return _decode(self.client.get_item(TableName=self.table, Key=_key(f"AGG#{year}", cohort_key))
                       .get("Item")) or {}

    def aggregates_for_year(self, year: int) -> dict:
        """Every cohort aggregate of a year: one Query (paged), never a Scan; cost grows with cohorts, not rows."""
        found, start = {}, None
        while True:
            page = self.client.query(TableName=self.table, KeyConditionExpression="pk = :pk",
                                     ExpressionAttributeValues={":pk": {"S": f"AGG#{year}"}},
                                     **({"ExclusiveStartKey": start} if start else {}))
            found.update({item["sk"]["S"]: _decode(item) for item in page["Items"]})
            start = page.get("LastEvaluatedKey")
            if not start:
                return found

    def get_meta(self, name: str) -> dict:
        return _decode(self.client.get_item(TableName=self.table, Key=_key("META", name)).get("Item")) or {}

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
        actions = [self._put_new(f"SUB#{w.submission['submission_id']}", "SUB", w.submission), {"Put": cy},
                   self._put_new(f"ASMT#{w.assessment['assessment_id']}", "ASMT", w.assessment),
                   _profile_update(self.table, w.company_year["company_id"], w.profile, w.profile_remove),
                   self._put_new(f"JOB#{w.assessment['assessment_id']}", "SCORECARD",
                                 {**w.job, "gsi1pk": PENDING, "gsi1sk": w.job["created_at"]})]
        actions += [_counter_update(self.table, _key(f"AGG#{w.year}", k), d) for k, d in w.deltas.items()]
        if w.kpi:
            actions.append(_counter_update(self.table, _key("AGG#all", "kpi"), w.kpi))
        self._transact(actions, {0: DuplicateSubmission(), 1: WriteConflict()})

    def save_pledge(self, w) -> None:
        actions = [self._put_new(f"SUB#{w.submission['submission_id']}", "SUB", w.submission),
                   self._put_new(f"CO#{w.pledge['company_id']}", f"PLEDGE#{w.pledge['signed_at']}#{w.pledge['pledge_id']}",
                                 w.pledge),
                   _profile_update(self.table, w.pledge["company_id"], w.profile)]
        actions += [_counter_update(self.table, _key(f"AGG#{w.year}", k), d) for k, d in w.deltas.items()]
        if w.kpi:
            actions.append(_counter_update(self.table, _key("AGG#all", "kpi"), w.kpi))
        self._transact(actions, {0: DuplicateSubmission()})

    # ---- scorecard jobs (worker side; Query is fine here, no request path uses it) ----
    def scorecard_context(self, assessment_id: str) -> dict | None:
        """The assessment record, its job and the company's assessments of every year (for progress)."""
        record = _decode(self.client.get_item(TableName=self.table, Key=_key(f"ASMT#{assessment_id}", "ASMT"),
                                              ConsistentRead=True).get("Item"))
        if record is None:
            return None
        job = _decode(self.client.get_item(TableName=self.table, Key=_key(f"JOB#{assessment_id}", "SCORECARD"),
                                           ConsistentRead=True).get("Item"))
        years, start = [], None
        while True:
            page = self.client.query(
                TableName=self.table, KeyConditionExpression="pk = :pk AND begins_with(sk, :year)",
                ExpressionAttributeValues={":pk": {"S": f"CO#{record['company_id']}"}, ":year": {"S": "YEAR#"}},
                **({"ExclusiveStartKey": start} if start else {}))
            years += [_decode(i) for i in page["Items"]]
            start = page.get("LastEvaluatedKey")
            if not start:
                return {"assessment": record, "job": job, "history": years}

    def _job_update(self, assessment_id: str, expression: str, values: dict, condition: str | None = None):
        self.client.update_item(
            TableName=self.table, Key=_key(f"JOB#{assessment_id}", "SCORECARD"), UpdateExpression=expression,
            ExpressionAttributeNames={"#s": "status"}, **({"ConditionExpression": condition} if condition else {}),
            ExpressionAttributeValues={k: _attr(v) for k, v in values.items()})

    def claim_job(self, assessment_id: str, now: str, lease_until: str) -> bool:
        """Take the job for sending: only if pending, or if an earlier claim's lease ran out."""
        try:
            self._job_update(assessment_id, "SET #s = :sending, lease_until = :lease ADD attempts :one",
                             {":sending": "sending", ":pending": "pending", ":lease": lease_until, ":now": now,
                              ":one": 1},
                             "attribute_exists(pk) AND (#s = :pending OR (#s = :sending AND lease_until < :now))")
            return True
        except self.client.exceptions.ConditionalCheckFailedException:
            return False

    def mark_sent(self, assessment_id: str, message_id: str, now: str) -> None:
        self._job_update(assessment_id,
                         "SET #s = :sent, sent_at = :now, message_id = :mid REMOVE gsi1pk, gsi1sk, lease_until",
                         {":sent": "sent", ":now": now, ":mid": message_id})

    def release_job(self, assessment_id: str, error: str) -> None:
        """A send failed before the mail went out: back to pending for the next try."""
        self._job_update(assessment_id, "SET #s = :pending, last_error = :err REMOVE lease_until",
                         {":pending": "pending", ":sending": "sending", ":err": error[:500]}, "#s = :sending")

    def pending_jobs(self, created_before: str, limit: int = 100) -> list:
        page = self.client.query(
            TableName=self.table, IndexName="gsi1", Limit=limit,
            KeyConditionExpression="gsi1pk = :p AND gsi1sk < :before",
            ExpressionAttributeValues={":p": {"S": PENDING}, ":before": {"S": created_before}})
        return [item["pk"]["S"][len("JOB#"):] for item in page["Items"]]

    # ---- form drafts ("save and continue later") ----
    def save_draft(self, draft: dict) -> None:
        self.client.put_item(TableName=self.table, Item=_item(f"DRAFT#{draft['draft_id']}", "DRAFT", draft))

    def draft(self, draft_id: str) -> dict | None:
        return _decode(self.client.get_item(TableName=self.table, Key=_key(f"DRAFT#{draft_id}", "DRAFT"),
                                            ConsistentRead=True).get("Item"))

    def claim_draft_mail(self, draft_id: str, now: str) -> bool:
        try:
            self.client.update_item(TableName=self.table, Key=_key(f"DRAFT#{draft_id}", "DRAFT"),
                                    UpdateExpression="SET mailed_at = :now", ExpressionAttributeValues={":now": {"S": now}},
                                    ConditionExpression="attribute_exists(pk) AND attribute_not_exists(mailed_at)")
            return True
        except self.client.exceptions.ConditionalCheckFailedException:
            return False

    def release_draft_mail(self, draft_id: str) -> None:
        self.client.update_item(TableName=self.table, Key=_key(f"DRAFT#{draft_id}", "DRAFT"),
                                UpdateExpression="REMOVE mailed_at")
