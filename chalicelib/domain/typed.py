"""What people type, checked and read the same way by the server and by the browser: each rule is one pattern,
used whole by Python and given to the browser as the field's `pattern` (valid in JavaScript's u and v modes)."""
import re

# The WHATWG "valid e-mail address" rule (what browsers apply to <input type=email>), with a dot in the domain
# required: "ana@empresa" is refused on the phone, not after 51 answers.
EMAIL = (r"[a-zA-Z0-9.!#$%&'*+\/=?^_`\{\|\}~\-]+@[a-zA-Z0-9](?:[a-zA-Z0-9\-]{0,61}[a-zA-Z0-9])?"
         r"(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9\-]{0,61}[a-zA-Z0-9])?)+")

# An amount as people type it: "28500000", "$28,500,000", "28 500 000", "28.5 millones", "28,5 millones" (with a
# word, a comma before one or two digits is a decimal comma), "28.5 M", "1.5 million", "500 mil". Thousands are
# grouped by three or not at all: "0,250", "4, 2" or "1,2,3" are no amount.
_MILLIONS = "millones|Millones|MILLONES|millón|Millón|millon|million|millions|Million|Millions|mdp|MDP|mill|M|m"
_THOUSANDS = "mil|Mil|MIL"
_GROUPED = r"[1-9][0-9]{0,2}(?:,[0-9]{3})+|[1-9][0-9]{0,2}(?: [0-9]{3})+|[0-9]{1,15}"
_NUMBER = rf"(?:{_GROUPED})(?:\.[0-9]{{1,6}})?"
_WORD, _PESOS = f"{_THOUSANDS}|{_MILLIONS}", "(?: de pesos| pesos)?"
_COMMA = r"[0-9]{1,3},[0-9]{1,2}"  # a decimal comma, only before a word
AMOUNT = rf"\$? ?(?:(?:{_NUMBER}) ?(?:{_WORD})?|{_COMMA} ?(?:{_WORD})){_PESOS}"

_EMAIL_RE = re.compile(rf"(?:{EMAIL})")
# AMOUNT, with the number and the word as groups
_AMOUNT_RE = re.compile(rf"\$? ?(?:({_NUMBER}) ?({_WORD})?|({_COMMA}) ?({_WORD})){_PESOS}")


def is_email(value: str) -> bool:
    return len(value) <= 254 and _EMAIL_RE.fullmatch(value) is not None


def amount(value: str) -> float | None:
    """The amount typed, in pesos; None when it is not one (the schema then says so)."""
    found = _AMOUNT_RE.fullmatch(value.strip())
    if not found:
        return None
    grouped, word, comma, comma_word = found.groups()
    number = (grouped or "").replace(",", "").replace(" ", "") if grouped else comma.replace(",", ".")
    word = word or comma_word
    scale = 1 if not word else 1_000 if word.lower() == "mil" else 1_000_000
    return float(number) * scale
