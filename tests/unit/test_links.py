"""Signed links and stamps (pure): exact expiry, and nothing but the genuine token verifies."""
from chalicelib import config
from chalicelib.domain import links
from tests.factories import tamper

KEY = b"k" * 32


def test_a_link_is_valid_until_the_second_before_its_expiry():
    token = links.sign(KEY, "scorecard", "a-1", 1_000_000)
    assert links.verify(KEY, "scorecard", "a-1", token, 999_999)
    assert not links.verify(KEY, "scorecard", "a-1", token, 1_000_000)
    assert not links.verify(KEY, "scorecard", "a-1", token, 1_000_001)


def test_a_token_is_bound_to_its_key_purpose_subject_and_expiry():
    token = links.sign(KEY, "scorecard", "a-1", 1_000_000)
    mac = token.split(".", 1)[1]
    for forged in (tamper(token), f"1000001.{mac}", links.sign(b"x" * 32, "scorecard", "a-1", 1_000_000), "", None,
                   "garbage", "1000000."):
        assert not links.verify(KEY, "scorecard", "a-1", forged, 0), forged
    assert not links.verify(KEY, "draft", "a-1", token, 0)
    assert not links.verify(KEY, "scorecard", "a-2", token, 0)


def test_a_stamp_gives_back_its_moment_only_when_genuine():
    stamp = links.stamp(KEY, "form", 1234)
    assert links.stamped_at(KEY, "form", stamp) == 1234
    assert links.stamped_at(KEY, "form", tamper(stamp)) is None
    assert links.stamped_at(KEY, "other", stamp) is None
    # two forms served in the same second are two stamps (each serves one submission)
    assert links.stamp(KEY,
                       "form", 1234) != stamp and links.stamped_at(KEY, "form", links.stamp(KEY, "form", 1234)) == 1234
    assert links.stamped_at(KEY, "form", "1234." + stamp.split(".", 1)[1]) is None  # another nonce: forged


def test_e_mailed_links_last_thirty_days_unless_configured():
    assert config.load({}).link_ttl_days == 30
    assert config.load({"LINK_TTL_DAYS": "7"}).link_ttl_days == 7


def test_a_token_has_one_spelling():
    from chalicelib.domain import links
    key, good = b"k", links.sign(b"k", "p", "s", 2_000_000_000)
    assert links.verify(key, "p", "s", good, 1)
    moment, mac = good.split(".", 1)
    for odd in (f"+{moment}.{mac}", f"0{moment}.{mac}", f" {moment}.{mac}", f"{moment} .{mac}",
                "٢" + moment[1:] + "." + mac, f"{moment}.", ""):
        assert not links.verify(key, "p", "s", odd, 1), odd
