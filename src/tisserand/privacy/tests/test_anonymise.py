"""Anonymisation: the identity goes, the links stay, twice is once."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType

from tisserand.activities.figures.indicators import indicators_for
from tisserand.activities.figures.scope import WHOLE_CENTRE
from tisserand.activities.models import Attendance
from tisserand.audit.models import AuditEntry
from tisserand.core.periods import calendar_year
from tisserand.people.models import Anonymisation, Consent, Household, Person, PriorityArea
from tisserand.privacy.services import person_anonymise

pytestmark = pytest.mark.django_db


def _entries(obj, action="anonymise"):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk),
        action=action,
    )


def test_identity_is_erased(family, direction_user):
    """WHEN the direction anonymises Hélène
    THEN her names become "Anonyme n° X", phone, email, notes and consents are gone."""
    person_anonymise(person=family["mother"], by=direction_user)
    mother = Person.objects.get(pk=family["mother"].pk)
    mark = Anonymisation.objects.get(person=mother)
    assert (mother.first_name, mother.last_name) == ("Anonyme", f"n° {mark.pk}")
    assert (mother.phone, mother.email, mother.notes) == ("", "", "")
    assert "lefevre" not in mother.search_name and "helene" not in mother.search_name
    assert not Consent.objects.filter(person=mother).exists()
    assert Consent.objects.filter(person=family["neighbour"]).count() == 1  # not hers: kept


def test_links_and_statistical_fields_are_kept(family):
    """THEN attendances, household and role, schooling, sex, birth year, QPV are kept,
    and so are the household's family quotient and membership; the birth date keeps its
    year and what the reports need of the day: Hélène (born 17 May 1985) first came on
    6 January 2020, so she becomes born on 7 January 1985: 34 on her first attendance of
    the year and of the season, and on 1 January 2020, as before."""
    mother = family["mother"]
    person_anonymise(person=mother)
    person_anonymise(person=family["son"])
    mother.refresh_from_db()
    son = Person.objects.get(pk=family["son"].pk)
    assert Attendance.objects.filter(person=mother).count() == 2
    assert Attendance.objects.filter(person=son).count() == 1
    assert mother.household_id == family["household"].pk
    assert mother.household_role == Person.HouseholdRole.PARENT
    assert (mother.sex, mother.birth_date) == ("F", dt.date(1985, 1, 7))
    for day in (dt.date(2020, 1, 6), dt.date(2020, 1, 1)):
        assert mother.age_on(day) == 34
    assert mother.age_on(dt.date(2019, 9, 1)) == 34
    assert mother.priority_area == PriorityArea.YES
    enrollment = son.enrollments.get()
    assert (enrollment.school.name, enrollment.level) == ("École Jules Ferry", "CP")
    household = Household.objects.get(pk=family["household"].pk)
    assert household.quotients.get().amount == 512
    assert household.memberships.get().season == 2019


def test_figures_of_the_year_do_not_change(family):
    """THEN the 2020 indicators of the whole centre are the same before and after."""
    before = indicators_for(WHOLE_CENTRE, calendar_year(2020))
    for person in Person.objects.all():
        person_anonymise(person=person)
    after = indicators_for(WHOLE_CENTRE, calendar_year(2020))
    assert after == before
    assert before.public.persons == 3


def test_household_is_erased_only_when_every_member_is_anonymised(family):
    """GIVEN the Lefèvre household (mother and son)
    WHEN only the mother is anonymised THEN the household keeps its name and address;
    WHEN the son is too THEN its name, address and phone are erased, the city stays."""
    household = family["household"]
    person_anonymise(person=family["mother"])
    household.refresh_from_db()
    assert household.name == "Famille Lefèvre"
    assert household.address == "12 rue des Tisserands"
    person_anonymise(person=family["son"])
    household.refresh_from_db()
    assert household.name == f"Foyer anonyme n° {household.pk}"
    assert (household.address, household.phone) == ("", "")
    assert (household.postcode, household.city) == ("59000", "Lille")
    assert _entries(household).get().fields == ["name", "address", "phone"]


def test_anonymising_twice_changes_nothing_more(family, direction_user):
    """Idempotent: the second call keeps the same number and writes no second entry."""
    mother = family["mother"]
    person_anonymise(person=mother, by=direction_user)
    name = Person.objects.get(pk=mother.pk).last_name
    person_anonymise(person=mother, by=direction_user)
    assert Person.objects.get(pk=mother.pk).last_name == name
    assert Anonymisation.objects.filter(person=mother).count() == 1
    assert _entries(mother).count() == 1


def test_audit_entry_names_the_erased_fields_but_no_value(family, direction_user):
    mother = family["mother"]
    person_anonymise(person=mother, by=direction_user)
    entry = _entries(mother).get()
    assert entry.actor == direction_user
    assert entry.fields == ["first_name", "last_name", "phone", "email", "notes", "birth_date"]
    assert entry.note == "Demande de la personne ou décision de la direction"
    assert "Lefèvre" not in str(entry) and "Hélène" not in entry.object_label


def test_an_old_inconsistency_does_not_block_the_erasure(family):
    """GIVEN a record whose birth year does not match its birth date (an old import)
    THEN it is anonymised all the same."""
    neighbour = family["neighbour"]
    Person.objects.filter(pk=neighbour.pk).update(birth_year=1971)
    person_anonymise(person=neighbour)
    neighbour.refresh_from_db()
    assert neighbour.first_name == "Anonyme"
    assert neighbour.birth_year == 1971


def test_an_anonymised_identity_cannot_be_edited_back(family, direction_user):
    """GIVEN Hélène anonymised WHEN someone types her name back in THEN it is refused."""
    from django.core.exceptions import ValidationError

    from tisserand.people.services import person_update

    person_anonymise(person=family["mother"], by=direction_user)
    mother = Person.objects.get(pk=family["mother"].pk)
    with pytest.raises(ValidationError, match="anonymisée"):
        person_update(person=mother, first_name="Hélène")
    assert Person.objects.get(pk=mother.pk).first_name == "Anonyme"


def test_age_bands_of_the_report_are_kept(family):
    """GIVEN a teenager born on 10 October 2002 and a child born on 20 June 2016, both first
    at the CLAS on 6 January 2020 (17 and 3: bands 15-17 and 0-3), then again in October
    2020 (18 and 4)
    WHEN they are anonymised (their birth dates reduced)
    THEN the public of 2020, of the season 2019-2020 and of 2020-2021 keeps its age bands,
    its ages and its children: with the birth year alone the teenager would be counted
    an adult of 18 in 2020 and the child 4 (checked below, so the test can fail)."""
    from django.db import transaction

    from tisserand.activities.services import attendance_mark
    from tisserand.core.periods import season
    from tisserand.testing.factories import PersonFactory, SessionFactory

    clas = Attendance.objects.filter(person=family["son"]).get().session
    autumn = SessionFactory(activity=clas.activity, date=dt.date(2020, 10, 12))
    teen = PersonFactory(first_name="Inès", last_name="Haddad", sex="F",
                         birth_date=dt.date(2002, 10, 10))
    child = PersonFactory(first_name="Lou", last_name="Martin", sex="M",
                          birth_date=dt.date(2016, 6, 20))
    for person in (teen, child):
        attendance_mark(session=clas, person=person)
        attendance_mark(session=autumn, person=person)
    periods = [calendar_year(2020), season(2019), season(2020)]

    def public():
        return [indicators_for(WHOLE_CENTRE, period).public for period in periods]

    before = public()
    assert [row.total for row in before[0].age_bands][:4] == [1, 1, 0, 1]  # aged 3, 6, 17
    with transaction.atomic():  # the naive reduction, rolled back: it moves the bands
        Person.objects.filter(pk__in=[teen.pk, child.pk]).update(birth_date=None)
        Person.objects.filter(pk=teen.pk).update(birth_year=2002)
        Person.objects.filter(pk=child.pk).update(birth_year=2016)
        assert public()[0].age_bands != before[0].age_bands
        transaction.set_rollback(True)

    for person in (teen, child):
        person_anonymise(person=person)
    teen.refresh_from_db()
    child.refresh_from_db()
    assert (teen.birth_date.year, child.birth_date.year) == (2002, 2016)
    assert teen.birth_date != dt.date(2002, 10, 10)
    after = public()
    for period, old, new in zip(periods, before, after, strict=True):
        assert new.age_bands == old.age_bands, period
        assert (new.youngest_age, new.oldest_age, new.children, new.adults) == (
            old.youngest_age, old.oldest_age, old.children, old.adults), period
