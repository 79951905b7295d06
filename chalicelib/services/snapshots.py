"""Use case: publish a benchmark snapshot. Every figure shown to anyone is read from its published entries.

One paged Query reads the live counters and the published entries together; one batch of writes stores the
cohorts that changed by at least ``min_change`` contributions. The cost follows the cohorts, never the number
of assessments.
"""
from .. import catalogue
from ..domain import snapshot
from . import common


def take(store, now, min_change: int) -> dict:
    live, published = store.aggregate_items()
    taken_at = common.precise(now)
    entries = snapshot.publish(live, published, catalogue.lineages(), taken_at, min_change)
    run = {"taken_at": taken_at, "published": len(entries), "kept": len(published) - sum(
        1 for address in entries if address in published), "min_change": min_change}
    store.publish(entries, run)
    return run
