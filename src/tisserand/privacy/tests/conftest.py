"""A small family with a past: attendances, schooling, quotients, memberships, consents."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group

from tisserand.activities.services import attendance_mark
from tisserand.people.models import Consent, Person, PriorityArea
from tisserand.people.services import enrollment_set, family_quotient_add, membership_record
from tisserand.privacy.services import consent_record
from tisserand.testing.factories import (
    ActionFactory,
    ActivityFactory,
    HouseholdFactory,
    PersonFactory,
    PlaceFactory,
    SchoolFactory,
    SessionFactory,
    UserFactory,
)


@pytest.fixture
def coordination_user(db):
    """The coordination role (created by the roles migration of issue 4 when it lands)."""
    user = UserFactory(username="coordination")
    group, _created = Group.objects.get_or_create(name="coordination")
    user.groups.add(group)
    return user


@pytest.fixture
def family(db):
    """GIVEN the Lefèvre family (mother Hélène, son Noé) and a neighbour, Karim Benali.

    Hélène came to "Gym douce" on 6 Jan and 3 Feb 2020, Noé to "Aide aux devoirs" on
    6 Jan 2020; Karim came to "Gym douce" on 3 Feb 2020. The household has a QF of 512 €
    and adhered for 2019-2020; Noé is in CP at École Jules Ferry in 2019-2020; Hélène
    agreed to photos on 2 Sept 2019, then refused them on 10 Jan 2020.
    """
    household = HouseholdFactory(
        name="Famille Lefèvre", address="12 rue des Tisserands", postcode="59000",
        city="Lille", phone="03 20 00 00 01",
    )
    mother = PersonFactory(
        first_name="Hélène", last_name="Lefèvre", household=household, sex="F",
        household_role=Person.HouseholdRole.PARENT, birth_date=dt.date(1985, 5, 17),
        phone="06 11 22 33 44", email="helene.lefevre@example.org",
        notes="Préfère être appelée le soir", priority_area=PriorityArea.YES,
    )
    son = PersonFactory(
        first_name="Noé", last_name="Lefèvre", household=household, sex="M",
        household_role=Person.HouseholdRole.CHILD, birth_date=dt.date(2013, 3, 2),
    )
    neighbour = PersonFactory(
        first_name="Karim", last_name="Benali", sex="M", birth_date=dt.date(1970, 1, 1),
        phone="06 99 88 77 66",
    )
    place = PlaceFactory(name="Salle polyvalente")
    gym = ActivityFactory(name="Gym douce", action=ActionFactory(name="Projet Santé"),
                          default_place=place)
    homework = ActivityFactory(name="Aide aux devoirs", action=ActionFactory(name="CLAS"))
    jan = SessionFactory(activity=gym, date=dt.date(2020, 1, 6))
    feb = SessionFactory(activity=gym, date=dt.date(2020, 2, 3))
    clas = SessionFactory(activity=homework, date=dt.date(2020, 1, 6))
    attendance_mark(session=jan, person=mother)
    attendance_mark(session=feb, person=mother)
    attendance_mark(session=clas, person=son)
    attendance_mark(session=feb, person=neighbour)
    family_quotient_add(
        household=household, amount=512, valid_from=dt.date(2020, 1, 1),
        valid_to=dt.date(2020, 12, 31),
    )
    membership_record(household=household, season=2019, paid_on=dt.date(2019, 9, 12), amount=10)
    enrollment_set(
        person=son, school_year=2019, school=SchoolFactory(name="École Jules Ferry"), level="CP"
    )
    consent_record(person=mother, kind=Consent.Kind.PHOTOS, given=True, on=dt.date(2019, 9, 2))
    consent_record(person=mother, kind=Consent.Kind.PHOTOS, given=False, on=dt.date(2020, 1, 10))
    consent_record(person=neighbour, kind=Consent.Kind.NEWSLETTER, given=True,
                   on=dt.date(2020, 2, 3))
    return {"household": household, "mother": mother, "son": son, "neighbour": neighbour}
