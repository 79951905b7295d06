"""What people type, checked and read the same way by the server and by the browser: each rule is one pattern,
used whole by Python and given to the browser as the field's `pattern` (valid in JavaScript's u and v modes)."""
import re

# The WHATWG "valid e-mail address" rule (what browsers apply to <input type=email>), with a dot in the domain
# required: "ana@empresa" is refused on the phone, not after 51 answers.
EMAIL = (r"[a-zA-Z0-9.!#$%&'*+\/=?^_`\{\|\}~\-]+@[a-zA-Z0-9](?:[a-zA-Z0-9\-]{0,61}[a-zA-Z0-9])?"
         r"(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9\-]{0,61}[a-zA-Z0-9])?)+")

# An amount as people type it: "28500000", "28,500,000", "28 500 000", "28.5 millones", "28.5 M", "28.5 million"
_MILLIONS = r"millones|millón|millon|million|millions|mdp|MDP|mill|M|m"
AMOUNT = rf"[0-9][0-9, ]{{0,20}}(?:\.[0-9]{{1,6}})? ?(?:{_MILLIONS})?"

_EMAIL_RE = re.compile(rf"(?:{EMAIL})")
_AMOUNT_RE = re.compile(rf"([0-9][0-9, ]{{0,20}}(?:\.[0-9]{{1,6}})?) ?({_MILLIONS})?")


def is_email(value: str) -> bool:
    return len(value) <= 254 and _EMAIL_RE.fullmatch(value) is not None


def amount(value: str) -> float | None:
    """The amount typed, in pesos; None when it is not one (the schema then says so)."""
    found = _AMOUNT_RE.fullmatch(value.strip())
    if not found or (found.group(1).count(".") > 1):
        return None
    number = float(found.group(1).replace(",", "").replace(" ", ""))
    return number * 1_000_000 if found.group(2) else number
