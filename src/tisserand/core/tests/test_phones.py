"""Phone numbers: checked, normalised (French by default) and turned into a search."""

import pytest
from django.core.exceptions import ValidationError

from tisserand.core.phones import normalised_phone, phone_lookup, validate_phone


@pytest.mark.parametrize("typed", [
    "06 12 34 56 78", "+33612345678", "0033 6 12 34 56 78", "06.12.34.56.78", "(0)6-12-34-56-78",
])
def test_one_french_number_however_typed(typed):
    assert normalised_phone(typed) == "+33612345678"


def test_foreign_number_keeps_its_country_code():
    assert normalised_phone("+44 20 7946 0958") == "+442079460958"


def test_an_unreadable_old_number_keeps_its_digits_and_no_number_is_empty():
    assert normalised_phone("06 12 34") == "061234"
    assert normalised_phone("") == ""


@pytest.mark.parametrize("typed", ["pas un numéro", "06 12 34", "123", "06 12 34 56 78 90 12",
                                   "06 12 34 56 7a", "²²²²²²²²²²"])
def test_nonsense_is_refused_in_french(typed):
    with pytest.raises(ValidationError) as refused:
        validate_phone(typed)
    assert "Numéro de téléphone non reconnu" in refused.value.messages[0]


@pytest.mark.parametrize("typed", ["", "06 12 34 56 78", "+44 20 7946 0958", "+1 202 555 0143",
                                   "06 39 98 01 02"])
def test_french_foreign_and_fiction_numbers_are_accepted(typed):
    validate_phone(typed)  # no error


@pytest.mark.parametrize(("query", "lookup"), [
    ("06 12 34 56 78", {"exact": "+33612345678"}),
    ("0033 6 12 34 56 78", {"exact": "+33612345678"}),
    ("06 12", {"startswith": "+33612"}),
    ("+33 6 12", {"startswith": "+33612"}),
    ("0033 612", {"startswith": "+33612"}),
    ("5678", {"contains": "5678"}),
])
def test_a_search_finds_whole_numbers_their_start_or_four_digits(query, lookup):
    assert phone_lookup(query) == lookup


@pytest.mark.parametrize("query", ["", "dupont", "123", "rue 12345"])
def test_names_and_short_numbers_are_no_phone_search(query):
    assert phone_lookup(query) is None
