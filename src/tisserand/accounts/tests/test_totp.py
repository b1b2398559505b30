"""The TOTP algorithm against the RFC 6238 appendix B vectors (SHA1)."""

import base64
from urllib.parse import parse_qs, urlparse

import pytest

from tisserand.accounts import totp

RFC_KEY = b"12345678901234567890"
RFC_SECRET = base64.b32encode(RFC_KEY).decode()

# RFC 6238, appendix B, SHA1 column: (unix time, step in hex, 8-digit TOTP).
RFC_VECTORS = [
    (59, 0x1, "94287082"),
    (1111111109, 0x23523EC, "07081804"),
    (1111111111, 0x23523ED, "14050471"),
    (1234567890, 0x273EF07, "89005924"),
    (2000000000, 0x3F940AA, "69279037"),
    (20000000000, 0x27BC86AA, "65353130"),
]


@pytest.mark.parametrize(("at", "step", "expected"), RFC_VECTORS)
def test_rfc6238_sha1_vectors(at, step, expected):
    assert totp.time_step(at) == step
    assert totp.totp(RFC_KEY, at, digits=8) == expected
    assert totp.totp(RFC_KEY, at) == expected[-6:]


def test_rfc4226_hotp_vectors():
    """RFC 4226 appendix D, counters 0 to 9."""
    expected = ["755224", "287082", "359152", "969429", "338314",
                "254676", "287922", "162583", "399871", "520489"]
    assert [totp.hotp(RFC_KEY, counter) for counter in range(10)] == expected


def test_secret_round_trip_ignores_case_spaces_and_padding():
    assert totp.decode_secret(RFC_SECRET) == RFC_KEY
    assert totp.decode_secret(totp.group_secret(RFC_SECRET).lower()) == RFC_KEY


def test_generated_secrets_are_160_bits_and_distinct():
    first, second = totp.generate_secret(), totp.generate_secret()
    assert len(totp.decode_secret(first)) == 20
    assert len(first) == 32 and first != second


def test_group_secret_in_fours():
    assert totp.group_secret("JBSWY3DPEHPK3PXP") == "JBSW Y3DP EHPK 3PXP"


@pytest.mark.parametrize(("offset", "accepted"), [(-60, False), (-30, True), (0, True),
                                                   (30, True), (60, False)])
def test_one_step_of_drift_either_side(offset, accepted):
    at = 1111111111
    code = totp.totp(RFC_KEY, at + offset)
    step = totp.matching_step(RFC_SECRET, code, at)
    assert (step == totp.time_step(at + offset)) if accepted else step is None


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef", "05O471", "²²²²²²",
                                  "\u0660\u0661\u0662\u0663\u0664\u0665"])
def test_malformed_codes_never_match(code):
    assert totp.matching_step(RFC_SECRET, code, 1111111111) is None


@pytest.mark.parametrize("code", ["²²²²²²", "\u0660\u0661\u0662\u0663\u0664\u0665"])
def test_the_code_form_refuses_digits_that_are_not_ascii(code):
    """"²".isdigit() is true: such a code is refused in French, never compared (which
    would raise on non-ASCII text)."""
    from tisserand.accounts.forms import CodeForm

    form = CodeForm({"code": code})
    assert not form.is_valid()
    assert form.errors["code"] == ["Saisissez les 6 chiffres affichés par l'application."]


def test_spaces_inside_the_code_are_ignored():
    assert totp.matching_step(RFC_SECRET, "050 471", 1111111111) == 0x23523ED


def test_provisioning_uri_for_authenticator_apps():
    uri = totp.provisioning_uri(secret=RFC_SECRET, account="marie d", issuer="Tisserand")
    parsed = urlparse(uri)
    assert (parsed.scheme, parsed.netloc) == ("otpauth", "totp")
    assert parsed.path == "/Tisserand:marie%20d"
    query = parse_qs(parsed.query)
    assert query["secret"] == [RFC_SECRET]
    assert query["issuer"] == ["Tisserand"]
    assert (query["digits"], query["period"], query["algorithm"]) == (["6"], ["30"], ["SHA1"])
