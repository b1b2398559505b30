"""Merging two records of one person or one household: everything that pointed to the
removed record moves (nothing lost), clashes keep one row, one audit entry, the yearly
figures are those of the merged data."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse

from tisserand.activities.models import Attendance
from tisserand.activities.selectors import period_figures
from tisserand.audit.models import AuditEntry
from tisserand.core.periods import calendar_year
from tisserand.core.roles import ACCUEIL, COORDINATION
from tisserand.desks.models import Appointment
from tisserand.followup.models import FollowUpFile
from tisserand.people import merging
from tisserand.people.models import (
    Consent,
    FamilyQuotient,
    Household,
    Membership,
    Person,
    SchoolEnrollment,
)
from tisserand.people.services import person_update
from tisserand.testing.desk_factories import AppointmentFactory, FollowUpFileFactory
from tisserand.testing.factories import (
    HouseholdFactory,
    PersonFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def twins():
    """Awa recorded twice: at the CLAS (two sessions, one shared) and at the desk."""
    household = HouseholdFactory(name="Diallo")
    first = PersonFactory(first_name="Awa", last_name="Diallo", household=household,
                          birth_date=None, birth_year=1990, phone="")
    second = PersonFactory(first_name="Awa", last_name="DIALLO", birth_date=dt.date(1990, 4, 2),
                           phone="06 12 34 56 78")
    shared, only_first, only_second = (SessionFactory(date=dt.date(2020, 2, d))
                                       for d in (3, 10, 17))
    for session, person in ((shared, first), (only_first, first), (shared, second),
                            (only_second, second)):
        Attendance.objects.create(session=session, person=person)
    AppointmentFactory(person=second)
    FollowUpFileFactory(person=second)
    SchoolEnrollment.objects.create(person=second, school_year=2019, level="CM1")
    Consent.objects.create(person=second, kind="photos", given=True,
                           recorded_on=dt.date(2020, 1, 6))
    return first, second


def test_nothing_is_lost_and_the_duplicate_attendance_becomes_one(twins):
    """GIVEN two records of Awa, both present at one session WHEN merged THEN the kept
    record holds every row of both, the shared session once, and the other is gone."""
    first, second = twins
    result = merging.person_merge(keep=first, drop=second,
                                  values={"birth_date": second.birth_date})
    assert not Person.objects.filter(pk=second.pk).exists()
    assert Attendance.objects.filter(person=first).count() == 3  # 2 + 2, one shared
    assert Appointment.objects.filter(person=first).count() == 1
    assert FollowUpFile.objects.filter(person=first).count() == 1
    assert SchoolEnrollment.objects.filter(person=first).count() == 1
    assert Consent.objects.filter(person=first).count() == 1
    assert result.merged == 1
    assert result.moved_total == 1 + 4  # the attendance that did not clash, 4 other rows
    kept = Person.objects.get(pk=first.pk)
    assert kept.birth_date == dt.date(1990, 4, 2) and kept.household.name == "Diallo"
    assert kept.version == first.version + 1


def test_one_audit_entry_names_both_records_and_the_old_trail_stays(twins):
    first, second = twins
    person_update(person=second, notes="venue au CLAS")  # an entry about the old record
    merging.person_merge(keep=first, drop=second, values={"phone": "06 12 34 56 78"})
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Person), object_id=str(first.pk))
    merge = entries.get(note__startswith="Fusion")
    assert f"Personne n° {second.pk} réunie à cette fiche" in merge.note
    assert "5 lignes rattachées, 1 doublons réunis" in merge.note
    assert merge.fields == ["phone"]
    assert "06 12" not in merge.note and "Awa" not in merge.note
    old = AuditEntry.objects.get(object_id=str(second.pk), action=AuditEntry.Action.UPDATE,
                                 content_type=merge.content_type)
    assert old.object_label == f"Personne n° {second.pk}"


def test_the_yearly_figures_count_one_person_after_the_merge(twins):
    first, second = twins
    year = calendar_year(2020)
    before = period_figures(period=year)
    assert (before.persons, before.households, before.attendances) == (2, 1, 4)
    merging.person_merge(keep=first, drop=second)
    after = period_figures(period=year)
    assert (after.persons, after.households, after.attendances) == (1, 1, 3)


def test_an_anonymised_record_is_not_merged(twins):
    from tisserand.privacy.services import person_anonymise

    first, second = twins
    person_anonymise(person=second)
    with pytest.raises(ValidationError, match="anonymisée"):
        merging.person_merge(keep=first, drop=second)
    assert Attendance.objects.filter(person=second).count() == 2


def test_households_merge_members_quotients_and_memberships():
    keep, drop = HouseholdFactory(name="Martin"), HouseholdFactory(name="Martin",
                                                                     address="3 rue Haute")
    PersonFactory(household=keep)
    PersonFactory.create_batch(2, household=drop)
    FamilyQuotient.objects.create(household=drop, amount=420, valid_from=dt.date(2020, 1, 1),
                                  valid_to=dt.date(2020, 12, 31))
    for household in (keep, drop):  # the same season twice: one stays
        Membership.objects.create(household=household, season=2019,
                                  paid_on=dt.date(2019, 9, 9))
    Membership.objects.create(household=drop, season=2020, paid_on=dt.date(2020, 9, 9))
    result = merging.household_merge(keep=keep, drop=drop, values={"address": "3 rue Haute"})
    assert not Household.objects.filter(pk=drop.pk).exists()
    assert keep.members.count() == 3
    assert keep.quotients.count() == 1
    assert sorted(keep.memberships.values_list("season", flat=True)) == [2019, 2020]
    assert result.merged == 1
    assert Household.objects.get(pk=keep.pk).address == "3 rue Haute"


def test_a_record_is_not_merged_with_itself(twins):
    with pytest.raises(ValidationError, match="deux fiches différentes"):
        merging.person_merge(keep=twins[0], drop=twins[0])


# --- the screen --------------------------------------------------------------------------


def test_the_screen_shows_both_side_by_side_and_merges_as_chosen(client, twins):
    first, second = twins
    client.force_login(UserFactory(username="coord", roles=[COORDINATION]))
    url = reverse("person_merge") + f"?a={first.pk}&b={second.pk}"
    page = client.get(url).content.decode()
    assert "02/04/1990" in page and "06 12 34 56 78" in page
    assert 'name="value_phone"' in page and 'name="value_first_name"' not in page  # same
    response = client.post(url, {"keep": "second", "value_phone": "second",
                                 "value_household": "first", "value_birth_date": "second",
                                 "value_birth_year": "first", "value_last_name": "first"})
    assert response.status_code == 302
    assert not Person.objects.filter(pk=first.pk).exists()
    kept = Person.objects.get(pk=second.pk)
    assert kept.household.name == "Diallo" and kept.last_name == "Diallo"
    assert kept.attendances.count() == 3


def test_the_screen_helps_choose_the_second_record(client, twins):
    first, second = twins
    client.force_login(UserFactory(username="coord", roles=[COORDINATION]))
    page = client.get(reverse("person_merge"), {"a": first.pk, "q": "awa"}).content.decode()
    assert f"?a={first.pk}&amp;b={second.pk}" in page
    assert f"b={first.pk}\"" not in page  # not itself


def test_reception_may_not_merge(client, twins):
    client.force_login(UserFactory(username="acc", roles=[ACCUEIL]))
    first, second = twins
    url = reverse("person_merge") + f"?a={first.pk}&b={second.pk}"
    assert client.post(url, {"keep": "first"}).status_code == 403
    assert Person.objects.filter(pk=second.pk).exists()


# --- namesakes ---------------------------------------------------------------------------


def test_a_namesake_without_birth_date_is_a_possible_duplicate(client, twins):
    from tisserand.people.selectors import person_homonyms

    first, second = twins  # first: born 1990 (year only); second: 02/04/1990
    found = person_homonyms(first_name="awa", last_name="diallo", birth_date=None,
                            birth_year=None)
    assert set(found) == {first, second}
    assert set(person_homonyms(first_name="Awa", last_name="Diallo",
                               birth_date=dt.date(1990, 4, 2), birth_year=None)) == {first, second}
    assert person_homonyms(first_name="Awa", last_name="Diallo",
                           birth_date=dt.date(1991, 4, 2), birth_year=None) == []
    undated = PersonFactory(first_name="Awa", last_name="Diallo", birth_date=None)
    assert undated in person_homonyms(first_name="Awa", last_name="Diallo",
                                      birth_date=dt.date(1975, 1, 1), birth_year=None)


def test_the_person_form_warns_of_a_namesake_whatever_the_birth_date_known(client, twins):
    client.force_login(UserFactory(username="acc", roles=[ACCUEIL]))
    data = {"first_name": "Awa", "last_name": "Diallo", "sex": "", "birth_date": "",
            "birth_year": "", "household": "", "household_role": "", "phone": "",
            "email": "", "priority_area": "unknown", "notes": ""}
    page = client.post(reverse("person_create"), data).content.decode()
    assert "existe déjà" in page and 'name="confirm_homonym"' in page
    assert Person.objects.count() == 2


def test_the_household_screen_merges_two_households(client):
    keep, drop = HouseholdFactory(name="Martin"), HouseholdFactory(name="Martin")
    PersonFactory(household=drop, first_name="Inès")
    client.force_login(UserFactory(username="coord", roles=[COORDINATION]))
    url = reverse("household_merge") + f"?a={keep.pk}&b={drop.pk}"
    response = client.post(url, {"keep": "first"})
    assert response.status_code == 302
    assert response["Location"] == reverse("household_detail", args=[keep.pk])
    assert keep.members.get().first_name == "Inès"


def test_enrolments_of_both_records_become_one_and_the_place_is_kept():
    """GIVEN Awa waiting for the CLAS under one record and enrolled under the other (and
    enrolled in Danse under the first only) WHEN merged into the waiting one THEN she keeps
    her place in the CLAS, once, and her Danse enrolment: nothing lost, no double count."""
    from tisserand.activities.models import Enrolment
    from tisserand.testing.factories import ActivityFactory

    clas, danse = ActivityFactory(name="CLAS"), ActivityFactory(name="Danse")
    first = PersonFactory(first_name="Awa", last_name="Diallo")
    second = PersonFactory(first_name="Awa", last_name="Diallo")
    day = dt.date(2020, 9, 14)
    Enrolment.objects.create(activity=clas, person=first, season=2020, enrolled_on=day,
                             status=Enrolment.Status.WAITING, waiting_position=1)
    Enrolment.objects.create(activity=danse, person=first, season=2020, enrolled_on=day)
    Enrolment.objects.create(activity=clas, person=second, season=2020,
                             enrolled_on=dt.date(2020, 9, 1))

    result = merging.person_merge(keep=first, drop=second, values={})

    kept = {e.activity.name: e for e in Enrolment.objects.filter(person=first)}
    assert set(kept) == {"CLAS", "Danse"}
    assert kept["CLAS"].status == Enrolment.Status.ENROLLED
    assert kept["CLAS"].enrolled_on == dt.date(2020, 9, 1)
    assert Enrolment.objects.count() == 2
    assert result.merged == 1
