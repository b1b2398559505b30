"""A person's age, the one rule every screen and figure uses (``Person.age_on``)."""

import datetime as dt

import pytest

from tisserand.people.models import Person

LEAP_BABY = dt.date(2016, 2, 29)


@pytest.mark.parametrize(
    "day, age",
    [
        (dt.date(2017, 2, 28), 0),  # no 29 February in 2017: the birthday is 1 March
        (dt.date(2017, 3, 1), 1),
        (dt.date(2020, 2, 28), 3),
        (dt.date(2020, 2, 29), 4),  # a real birthday again
        (dt.date(2016, 2, 29), 0),
        (dt.date(2015, 12, 31), -1),  # before birth: negative, never hidden
    ],
)
def test_age_from_a_29_february_birth_date(day, age):
    person = Person(first_name="Léa", last_name="Bissextile", birth_date=LEAP_BABY)
    assert person.age_on(day) == age
    assert person.age_is_exact


def test_age_from_the_birth_year_alone_is_the_difference_of_years():
    person = Person(first_name="Ali", last_name="Sans-Date", birth_year=1980)
    assert person.age_on(dt.date(2020, 1, 1)) == 40
    assert person.age_on(dt.date(2020, 12, 31)) == 40
    assert not person.age_is_exact


def test_no_age_without_a_birth_date_or_year():
    assert Person(first_name="X", last_name="Y").age_on(dt.date(2020, 6, 1)) is None


@pytest.mark.django_db
def test_a_quotient_cannot_end_before_it_starts_even_outside_the_forms():
    from django.db import IntegrityError, transaction

    from tisserand.people.models import FamilyQuotient
    from tisserand.testing.factories import HouseholdFactory

    household = HouseholdFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        FamilyQuotient.objects.create(household=household, amount=420,
                                      valid_from=dt.date(2020, 9, 1), valid_to=dt.date(2020, 8, 31))
    FamilyQuotient.objects.create(household=household, amount=420,
                                  valid_from=dt.date(2020, 9, 1), valid_to=dt.date(2020, 9, 1))
    assert FamilyQuotient.objects.count() == 1
