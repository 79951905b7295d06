"""Valid request bodies built from the catalogue, so tests never repeat item ids by hand."""
import contextlib
import itertools
import uuid

from chalicelib import catalogue

_seq = itertools.count(1)
# Real-format RFCs of personas morales: letters + incorporation date + homoclave + check digit.
VALID_RFC = "MAB9307148T4"


def rfc(n: int) -> str:
    """The n-th synthetic persona-moral RFC with a valid date and check digit (format-valid, not real)."""
    from stdnum.mx import rfc as stdnum_rfc
    letters = "".join("ABCDEFGHIJKLMNPQRSTUVWXYZ"[(n // 25 ** i) % 25] for i in range(3))
    base = f"{letters}9{(n // 336) % 10}{(n % 12) + 1:02d}{(n % 28) + 1:02d}"
    body = base + "A" + "BCDEFGHIJKLMNPQRSTUVWXYZ"[n % 24]
    return body + stdnum_rfc.calc_check_digit(body)


def sid() -> str:
    return f"test-{uuid.uuid4().hex}"


def company(**over) -> dict:
    base = {"name": "Comercializadora Ejemplo S.A. de C.V.", "rfc": VALID_RFC, "state": "14", "sector": "54",
            "employees": 25, "annual_sales_mxn": 12_000_000}
    base.update(over)
    return base


def answers(level=3, **over) -> dict:
    out = {item_id: level for item_id in catalogue.current().items}
    out.update({k.replace("_", "."): v for k, v in over.items()})
    return out


def assessment(level=3, answers_over=None, **over) -> dict:
    body: dict = {"submission_id": sid(), "questionnaire_version": catalogue.current().version, "lang": "es",
            "company": company(), "contact": {"name": "Ana Pérez", "email": "ana@example.mx", "position": "Directora"},
            "answers": answers(level), "consent": {"privacy_notice": True}}
    if answers_over:
        body["answers"].update(answers_over)
    body.update(over)
    return body


def pledge(**over) -> dict:
    body: dict = {"submission_id": sid(), "lang": "es", "company": company(),
            "signatory": {"name": "Luis Gómez", "position": "Director General", "email": "luis@example.mx"},
            "commitments": [c["id"] for c in catalogue.current().pledge_commitments],
            "public_listing": False, "consent": {"privacy_notice": True}}
    body.update(over)
    return body


def tamper(text: str) -> str:
    """`text` with its last character changed to a different one: a forgery that never equals the original."""
    last = text[-1]
    return text[:-1] + ("1" if last == "0" else "0")


@contextlib.contextmanager
def bootstrap_override(**settings):
    """Run a block with some configuration settings changed (say, ``benchmark_min_change=1``)."""
    import dataclasses

    from chalicelib import bootstrap
    w = bootstrap.wiring()
    before = w.config
    bootstrap.override(config=dataclasses.replace(before, **settings))
    try:
        yield
    finally:
        bootstrap.override(config=before)
