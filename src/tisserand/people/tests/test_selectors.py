"""Selectors added for the person and household pages."""

import datetime as dt

import pytest

from tisserand.people.models import FamilyQuotient, Membership, Person, SchoolEnrollment
from tisserand.people.selectors import household_with_details, person_with_details
from tisserand.testing.factories import HouseholdFactory, PersonFactory, SchoolFactory

pytestmark = pytest.mark.django_db


def test_person_with_details_loads_household_and_enrollments_in_two_queries(
    django_assert_num_queries,
):
    household = HouseholdFactory(name="Famille Haddad")
    person = PersonFactory(household=household)
    for year in (2019, 2020):
        SchoolEnrollment.objects.create(
            person=person, school_year=year, school=SchoolFactory(), level="CP"
        )
    with django_assert_num_queries(2):
        loaded = person_with_details().get(pk=person.pk)
        years = [e.school_year for e in loaded.enrollments.all()]
        schools = [e.school.name for e in loaded.enrollments.all()]
        assert loaded.household.name == "Famille Haddad"
    assert years == [2020, 2019]  # latest school year first
    assert len(schools) == 2


def test_household_with_details_lists_parents_first():
    household = HouseholdFactory()
    child = PersonFactory(last_name="Aaa", household=household,
                          household_role=Person.HouseholdRole.CHILD)
    other = PersonFactory(last_name="Bbb", household=household,
                          household_role=Person.HouseholdRole.OTHER)
    parent = PersonFactory(last_name="Zzz", household=household,
                           household_role=Person.HouseholdRole.PARENT)
    loaded = household_with_details().get(pk=household.pk)
    assert list(loaded.members.all()) == [parent, child, other]


def test_household_with_details_prefetches_quotients_and_memberships(
    django_assert_num_queries,
):
    household = HouseholdFactory()
    FamilyQuotient.objects.create(household=household, amount=300,
                                  valid_from=dt.date(2020, 1, 1), valid_to=dt.date(2020, 12, 31))
    Membership.objects.create(household=household, season=2020, paid_on=dt.date(2020, 9, 9))
    with django_assert_num_queries(4):
        loaded = household_with_details().get(pk=household.pk)
        assert [q.amount for q in loaded.quotients.all()] == [300]
        assert [m.season for m in loaded.memberships.all()] == [2020]
        assert list(loaded.members.all()) == []
