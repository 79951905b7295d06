"""What people type, checked and read the same way by the server and by the browser: each rule is one pattern,
used whole by Python and given to the browser as the field's `pattern` (valid in JavaScript's u and v modes)."""
import re

# The WHATWG "valid e-mail address" rule (what browsers apply to <input type=email>), with a dot in the domain
# required: "ana@empresa" is refused on the phone, not after 51 answers.
EMAIL = (r"[a-zA-Z0-9.!#$%&'*+\/=?^_`\{\|\}~\-]+@[a-zA-Z0-9](?:[a-zA-Z0-9\-]{0,61}[a-zA-Z0-9])?"
         r"(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9\-]{0,61}[a-zA-Z0-9])?)+")

# An amount as people type it: "28500000", "$28,500,000", "28 500 000", "28.5 millones", "28,5 millones" (with a
# word, a comma before one or two digits is a decimal comma), "28.5 M", "1.5 million", "500 mil"
_MILLIONS = "millones|Millones|MILLONES|millón|Millón|millon|million|millions|Million|Millions|mdp|MDP|mill|M|m"
_THOUSANDS = "mil|Mil|MIL"
_NUMBER, _WORD, _PESOS = r"[0-9][0-9, ]{0,20}(?:\.[0-9]{1,6})?", f"{_THOUSANDS}|{_MILLIONS}", "(?: de pesos| pesos)?"
AMOUNT = rf"\$? ?{_NUMBER} ?(?:{_WORD})?{_PESOS}"

_EMAIL_RE = re.compile(rf"(?:{EMAIL})")
_AMOUNT_RE = re.compile(rf"\$? ?({_NUMBER}) ?({_WORD})?{_PESOS}")  # AMOUNT, with the number and the word


def is_email(value: str) -> bool:
    return len(value) <= 254 and _EMAIL_RE.fullmatch(value) is not None


def amount(value: str) -> float | None:
    """The amount typed, in pesos; None when it is not one (the schema then says so)."""
    found = _AMOUNT_RE.fullmatch(value.strip())
    if not found:
        return None
    number, word = found.group(1).strip(), found.group(2)
    if word and re.fullmatch(r"[0-9]{1,3},[0-9]{1,2}", number):  # "4,2 millones": a decimal comma
        number = number.replace(",", ".")
    plain = number.replace(",", "").replace(" ", "")
    if plain.count(".") > 1:
        return None
    scale = 1 if not word else 1_000 if word.lower() == "mil" else 1_000_000
    return float(plain) * scale
