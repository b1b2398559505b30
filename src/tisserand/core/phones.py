"""Phone numbers: checked, normalised and searched however they were typed.

French numbers by default ("06 12 34 56 78", "+33 6 12 34 56 78" and "0033 6 12 34 56 78"
are one number); a foreign one is written with its country code ("+44 20 7946 0958").
Records keep the number as typed and, beside it, its normalised form (E.164,
"+33612345678") in an indexed column that the search reads.
"""

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DEFAULT_REGION = "FR"
# What a typed number may hold besides digits: separators and the leading "+".
_ALLOWED = re.compile(r"^[0-9+ .\-()/]+$")
# A search of fewer digits would match almost every number.
MIN_SEARCH_DIGITS = 4

PHONE_ERROR = _(
    "Numéro de téléphone non reconnu : indiquez un numéro français (06 12 34 56 78) ou un "
    "numéro étranger précédé de son indicatif (+44 20 7946 0958)."
)


def _parsed(raw: str) -> phonenumbers.PhoneNumber | None:
    text = (raw or "").strip()
    if not text or not _ALLOWED.match(text):
        return None
    try:
        number = phonenumbers.parse(text, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    # "Possible" (the length fits the country's plan) rather than "valid": numbers of the
    # ranges kept for fiction (06 39 98 …), those of the demo, are possible.
    return number if phonenumbers.is_possible_number(number) else None


def validate_phone(value: str) -> None:
    """A model or form validator: an empty value passes (the fields are optional)."""
    if value and value.strip() and _parsed(value) is None:
        raise ValidationError(PHONE_ERROR, code="invalid_phone")


def digits_of(text: str) -> str:
    """The ASCII digits of ``text`` ("²" is a digit for Python, not for a phone)."""
    return "".join(c for c in text or "" if c.isascii() and c.isdigit())


def normalised_phone(raw: str) -> str:
    """The E.164 form of a number ("+33612345678"); for a number recorded before the check
    existed that cannot be read, its bare digits, so that a partial search still finds it;
    empty for no number."""
    number = _parsed(raw)
    if number is None:
        return digits_of(raw)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_lookup(query: str) -> dict | None:
    """The lookup on a normalised column that finds the numbers ``query`` stands for, or
    ``None`` when ``query`` is no phone number (a name, or fewer than 4 digits).

    A whole number matches exactly; the start of a number typed the French way ("06 12")
    or the international way ("+33 6", "0033 6") matches the numbers that start so; other
    digits ("5678") match anywhere in the number."""
    text = (query or "").strip()
    if not text or not _ALLOWED.match(text):
        return None
    digits = digits_of(text)
    if len(digits) < MIN_SEARCH_DIGITS:
        return None
    number = _parsed(text)
    if number is not None:
        return {"exact": phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)}
    if text.startswith("+"):
        return {"startswith": "+" + digits}
    if digits.startswith("00"):
        return {"startswith": "+" + digits[2:]}
    if digits.startswith("0"):
        country = phonenumbers.country_code_for_region(DEFAULT_REGION)
        return {"startswith": f"+{country}{digits[1:]}"}
    return {"contains": digits}
