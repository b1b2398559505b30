import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tisserand.people.models import FamilyQuotient, Membership, Person
from tisserand.people.selectors import person_search
from tisserand.people.services import (
    PossibleDuplicate,
    enrollment_set,
    family_quotient_add,
    membership_record,
    person_create,
    person_update,
)
from tisserand.testing.factories import (
    HouseholdFactory,
    PartnerFactory,
    PersonFactory,
    SchoolFactory,
)

pytestmark = pytest.mark.django_db


def test_birth_date_in_the_future_is_refused():
    with pytest.raises(ValidationError) as error:
        person_create(first_name="Inès", last_name="Durand", birth_date=dt.date(2999, 1, 1))
    assert "futur" in str(error.value)
    assert Person.objects.count() == 0


def test_homonym_with_same_birth_date_warns_then_can_be_confirmed():
    """GIVEN Hélène Dupré born 3 March 1980 WHEN reception creates "helene DUPRE" born the
    same day THEN a warning names the existing person, and saving needs a confirmation."""
    existing = PersonFactory(first_name="Hélène", last_name="Dupré", birth_date=dt.date(1980, 3, 3))
    with pytest.raises(PossibleDuplicate) as warning:
        person_create(first_name="helene", last_name="DUPRE", birth_date=dt.date(1980, 3, 3))
    assert warning.value.homonyms == [existing]
    assert Person.objects.count() == 1
    person_create(
        first_name="helene", last_name="DUPRE", birth_date=dt.date(1980, 3, 3), allow_homonym=True
    )
    assert Person.objects.count() == 2


def test_same_name_other_birth_date_is_not_a_duplicate():
    PersonFactory(first_name="Hélène", last_name="Dupré", birth_date=dt.date(1980, 3, 3))
    person_create(first_name="Hélène", last_name="Dupré", birth_date=dt.date(1990, 3, 3))
    assert Person.objects.count() == 2


def test_person_update_validates():
    person = PersonFactory()
    with pytest.raises(ValidationError):
        person_update(person=person, birth_date=dt.date(2999, 1, 1))
    person.refresh_from_db()
    assert person.birth_date.year < 2999


def test_search_ignores_accents_and_case():
    PersonFactory(first_name="Hélène", last_name="Dupré")
    PersonFactory(first_name="Karim", last_name="Benali")
    assert [str(p) for p in person_search(query="helene")] == ["Hélène Dupré"]
    assert [str(p) for p in person_search(query="DUPRE hel")] == ["Hélène Dupré"]
    assert list(person_search(query="zzz")) == []


def test_overlapping_family_quotients_are_refused():
    household = HouseholdFactory()
    family_quotient_add(
        household=household, amount=450,
        valid_from=dt.date(2020, 1, 1), valid_to=dt.date(2020, 12, 31),
    )
    with pytest.raises(ValidationError, match="chevaucher"):
        family_quotient_add(
            household=household, amount=500,
            valid_from=dt.date(2020, 6, 1), valid_to=dt.date(2021, 5, 31),
        )
    with pytest.raises(ValidationError, match="précède"):
        family_quotient_add(
            household=household, amount=500,
            valid_from=dt.date(2022, 6, 1), valid_to=dt.date(2021, 5, 31),
        )
    family_quotient_add(
        household=household, amount=520,
        valid_from=dt.date(2021, 1, 1), valid_to=dt.date(2021, 12, 31),
    )
    # Another household may have the same dates.
    family_quotient_add(
        household=HouseholdFactory(), amount=300,
        valid_from=dt.date(2020, 1, 1), valid_to=dt.date(2020, 12, 31),
    )
    assert FamilyQuotient.objects.filter(household=household).count() == 2


def test_one_membership_per_season():
    household = HouseholdFactory()
    membership_record(household=household, season=2019, paid_on=dt.date(2019, 9, 10), amount=10)
    with pytest.raises(ValidationError, match="2019-2020"):
        membership_record(household=household, season=2019, paid_on=dt.date(2019, 10, 1))
    membership_record(household=household, season=2020, paid_on=dt.date(2020, 9, 14))
    assert Membership.objects.filter(household=household).count() == 2


def test_enrollment_is_per_school_year_and_only_in_schools():
    child = PersonFactory(birth_date=dt.date(2013, 4, 2))
    school = SchoolFactory(name="École Dupleix")
    enrollment_set(person=child, school_year=2019, school=school, level="CP")
    enrollment_set(person=child, school_year=2020, school=school, level="CE1")
    enrollment_set(person=child, school_year=2020, school=school, level="CE2")  # corrected
    assert dict(child.enrollments.values_list("school_year", "level")) == {2019: "CP", 2020: "CE2"}
    with pytest.raises(ValidationError, match="pas une école"):
        enrollment_set(person=child, school_year=2021, school=PartnerFactory(), level="CM1")
