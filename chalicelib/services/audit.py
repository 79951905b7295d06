"""The audit log: who did what, to what, and when. One entry per staff action, filed by month."""
from . import common


def record(store, who: str, action: str, target: str, now, details: dict | None = None) -> None:
    store.append_audit({"who": who, "action": action, "target": target, "at": common.iso(now),
                        "details": details or {}})

