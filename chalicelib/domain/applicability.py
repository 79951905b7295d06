"""When "No aplica" stands as an answer: where the company's risk profile (or size) makes the question
inapplicable (4.5 without intermediaries, 9.4 without government revenue or permits, 1.5 in a micro company), or
else with a one-line reason. A question that every company faces (8.5, 10.4) never takes it.

Pure functions on a catalogue item, the profile answers given with the company, and its size.
"""
REASON_MAX = 200  # characters: one line


def holds(condition: dict, profile: dict, size: str | None) -> bool:
    """Every part of a condition holds: {"uses_intermediaries": False}, {"size": ["micro"]}, ... A profile
    question left unanswered holds nothing."""
    for key, wanted in condition.items():
        have = size if key == "size" else profile.get(key)
        allowed = wanted if isinstance(wanted, list) else [wanted]
        if have is None or not any(type(have) is type(w) and have == w for w in allowed):
            return False
    return True


def na_free(item, profile: dict, size: str | None) -> bool:
    """N/A needs no reason: the company's own answers make the question inapplicable."""
    return item.na is not None and any(holds(c, profile, size) for c in item.na["when"])


def na_refusal(item, profile: dict, size: str | None, reason: str | None) -> str | None:
    """Why this N/A cannot stand (a message code), or None when it does."""
    if item.na is None:
        return "answer_na_not_allowed"
    if reason or na_free(item, profile, size):
        return None
    return "answer_na_reason"
