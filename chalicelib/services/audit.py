"""The audit log: who did what, to what, and when. One item per staff action, partitioned by month."""
import uuid

from . import common


def record(store, who: str, action: str, target: str, now, details: dict | None = None) -> None:
    at = common.iso(now)
    store.put(f"AUDIT#{at[:7]}", f"{at}#{uuid.uuid4().hex[:8]}",
              {"who": who, "action": action, "target": target, "at": at, "details": details or {}})


def month(store, yyyy_mm: str) -> list:
    return [common.plain({k: v for k, v in item.items() if k != "sk"}) for item in store.partition(f"AUDIT#{yyyy_mm}")]
