"""Use case: publish a benchmark snapshot. Every figure shown to anyone is read from its published entries.

One paged Query reads the live counters and the published entries together; one batch of writes stores the
cohorts that changed by at least ``min_change`` contributions. The cost follows the cohorts, never the number
of assessments.
"""
from datetime import timedelta

from .. import catalogue
from ..domain import snapshot
from . import common
from .errors import SnapshotRunning

LEASE = timedelta(minutes=10)  # longer than the job's timeout (5 minutes): a crashed run frees it by then


def take(store, now, min_change: int) -> dict:
    """Publish what changed enough. One run at a time: two at once could publish an older reading last, and the
    step back between two published figures would then be one company."""
    if not store.claim_snapshot(common.precise(now), common.precise(now + LEASE)):
        raise SnapshotRunning()
    try:
        live, published = store.aggregate_items()
        taken_at = common.precise(now)
        entries = snapshot.publish(live, published, catalogue.lineages(), taken_at, min_change)
        run = {"taken_at": taken_at, "published": len(entries), "kept": len(published) - sum(
            1 for address in entries if address in published), "min_change": min_change}
        store.publish(entries, run)
    except BaseException:
        store.release_snapshot()
        raise
    return run
