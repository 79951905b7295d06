"""DOF 2009 size, RFC rules, states and SCIAN sectors."""
import pytest

from chalicelib.domain import mexico, rfc, size


@pytest.mark.parametrize("sector,employees,sales,expected", [
    ("54", 25, 12_000_000, "pequena"),          # domain.md example: p = 2.5 + 10.8 = 13.3
    ("54", 10, 4_000_000, "micro"),             # p = 1 + 3.6 = 4.6, exactly the micro cap
    ("54", 10, 4_000_001, "pequena"),           # just above
    ("46", 0, 93 / 0.9 * 1_000_000, "pequena"),  # commerce small cap 93 (p = 93.0)
    ("46", 0, 94 / 0.9 * 1_000_000, "mediana"),  # p = 94: above commerce's 93
    ("54", 0, 94 / 0.9 * 1_000_000, "pequena"),  # services allow 95
    ("31-33", 0, 240 / 0.9 * 1_000_000, "mediana"),  # industry medium cap 250
    ("54", 0, 240 / 0.9 * 1_000_000, "grande"),      # services medium cap 235
    ("43", 2500, 0, "grande"),                   # p = 250
    ("11", 46, 0, "pequena"),                    # p = 4.6 says micro, but 46 workers are a small industry firm
    # the larger of the two strata (content review 1.5): the score alone called these "pequeña" and "micro"
    ("56", 300, 50_000_000, "grande"), ("31-33", 251, 10_000_000, "grande"), ("56", 40, 500_000, "pequena"),
    ("46", 31, 5_000_000, "mediana"),            # commerce: 31 workers are medium
])
def test_dof_2009_size(sector, employees, sales, expected):
    assert size.classify(sector, employees, sales) == expected


def test_combined_score_is_exact():
    from decimal import Decimal
    assert size.combined_score(46, 0) == size.combined_score(10, 4_000_000) == Decimal("4.6")


@pytest.mark.parametrize("code,expected", [
    ("54", "54"), ("31-33", "31-33"), ("31", "31-33"), ("332110", "31-33"), ("484110", "48-49"),
    ("461110", "46"), ("999999", None), ("12", None), ("5", None), ("5411", None)])
def test_sector_normalisation(code, expected):
    assert mexico.normalise_sector(code) == expected


def test_reference_data_counts():
    assert len(mexico.STATES) == 32 and all(len(c) == 2 for c in mexico.STATES)
    assert mexico.STATES["15"] == "México" and mexico.STATES["09"] == "Ciudad de México"
    assert len(mexico.SECTORS) == 20
    assert sorted(s for states in mexico.REGIONS.values() for s in states) == sorted(mexico.STATES)


@pytest.mark.parametrize("value,normalised,persona", [
    ("MAB9307148T4", "MAB9307148T4", "moral"), ("mab-930714-8t4", "MAB9307148T4", "moral"),
    ("GODE561231GR8", "GODE561231GR8", "fisica"), (" GODE 561231 GR8 ", "GODE561231GR8", "fisica")])
def test_valid_rfc(value, normalised, persona):
    result = rfc.check(value)
    assert (result.rfc, result.error, result.check_digit_ok, result.persona) == (normalised, None, True, persona)


@pytest.mark.parametrize("value,error", [
    ("MAB9313148T4", "rfc_invalid"),     # month 13
    ("MAB9302308T4", "rfc_invalid"),     # 30 February
    ("GODE561231", "rfc_invalid"),       # no homoclave
    ("MA9307148T4", "rfc_invalid"), ("", "rfc_invalid"), ("1234567890123", "rfc_invalid"),
    ("XAXX010101000", "rfc_generic"), ("XEXX010101000", "rfc_generic")])
def test_invalid_rfc(value, error):
    assert rfc.check(value).error == error


def test_wrong_check_digit_is_a_warning_not_an_error():
    result = rfc.check("MAB9307148T5")
    assert result.error is None and result.rfc == "MAB9307148T5" and result.check_digit_ok is False


def test_sales_too_low_for_the_staff_are_flagged_not_refused():
    assert size.implausible_sales(25, 12) and not size.implausible_sales(25, 12_000_000)
    assert not size.implausible_sales(0, 0) and size.implausible_sales(6, 299_999)
