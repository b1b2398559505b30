"""Consents: dated records, the latest of each kind is the current choice."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tisserand.people.models import Consent
from tisserand.privacy.selectors import consents_current
from tisserand.privacy.services import consent_record, person_anonymise

pytestmark = pytest.mark.django_db


def _current(person) -> dict:
    return {row["kind"]: row["consent"] for row in consents_current(person=person)}


def test_latest_record_of_each_kind_is_the_current_choice(family):
    """GIVEN photos agreed in September then refused in January
    THEN photos are refused since 10 Jan, and the other kinds were never asked."""
    current = _current(family["mother"])
    assert current[Consent.Kind.PHOTOS].given is False
    assert current[Consent.Kind.PHOTOS].recorded_on == dt.date(2020, 1, 10)
    assert current[Consent.Kind.NEWSLETTER] is None
    assert current[Consent.Kind.PARTNERS] is None


def test_a_record_dated_earlier_does_not_override_the_later_one(family):
    """WHEN an old paper form (agreed, 1 Dec 2019) is typed in after the January refusal
    THEN the current choice stays the refusal of 10 Jan; the history holds three records."""
    mother = family["mother"]
    consent_record(person=mother, kind=Consent.Kind.PHOTOS, given=True, on=dt.date(2019, 12, 1))
    assert _current(mother)[Consent.Kind.PHOTOS].given is False
    assert mother.consents.filter(kind=Consent.Kind.PHOTOS).count() == 3


def test_future_date_and_unknown_kind_are_refused_and_nothing_saved(family):
    mother = family["mother"]
    before = Consent.objects.count()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        consent_record(person=mother, kind=Consent.Kind.PHOTOS, given=True, on=tomorrow)
    assert "futur" in str(error.value)
    with pytest.raises(ValidationError):
        consent_record(person=mother, kind="tattoos", given=True, on=dt.date(2020, 1, 1))
    assert Consent.objects.count() == before


def test_no_consent_can_be_recorded_for_an_anonymised_person(family):
    neighbour = family["neighbour"]
    person_anonymise(person=neighbour)
    with pytest.raises(ValidationError, match="anonymisée"):
        consent_record(person=neighbour, kind=Consent.Kind.PHOTOS, given=True,
                       on=dt.date(2021, 1, 1))
    assert not Consent.objects.filter(person=neighbour).exists()
