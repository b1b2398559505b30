"""Each write service of personal data leaves an entry: who, which object, which fields,
and never a value (a name, a phone number, an amount)."""

import datetime as dt

import pytest
from django.urls import reverse

from tisserand.activities import services as activities
from tisserand.activities.models import Attendance, Headcount
from tisserand.audit.middleware import acting_as
from tisserand.audit.models import AuditEntry
from tisserand.audit.tests.helpers import assert_no_values, only_entry
from tisserand.people import services as people
from tisserand.people.models import FamilyQuotient, Household, Membership, Person
from tisserand.reports import services as reports
from tisserand.reports.models import Answer, CentreSection
from tisserand.testing.factories import (
    ActionFactory,
    CancellationReasonFactory,
    HouseholdFactory,
    PersonFactory,
    SchoolFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


def _ct(model) -> str:
    return model._meta.model_name


# People ----------------------------------------------------------------------------------


def test_person_create_records_the_fields_given(accueil_user):
    with acting_as(accueil_user):
        person = people.person_create(
            first_name="Zéphirine", last_name="Brocéliande", phone="0611223344",
            birth_year=1987,
        )
    entry = only_entry(action="create")
    assert entry.actor == accueil_user and entry.actor_label == "accueil"
    assert (entry.content_type.model, entry.object_id) == (_ct(Person), str(person.pk))
    assert entry.object_label == f"Personne n° {person.pk}"
    assert sorted(entry.fields) == ["birth_year", "first_name", "last_name", "phone"]
    assert_no_values("Zéphirine", "Brocéliande", "0611223344", "1987")


def test_person_update_records_only_the_changed_field_names(accueil_user):
    person = PersonFactory(first_name="Zéphirine", phone="0600000000", notes="")
    with acting_as(accueil_user):
        people.person_update(
            person=person, first_name="Zéphirine", phone="0611223344",
            notes="Suivie pour son dossier MDPH",
        )
    entry = only_entry(action="update")
    assert entry.object_id == str(person.pk)
    assert entry.fields == ["phone", "notes"]
    assert_no_values("Zéphirine", "0611223344", "0600000000", "MDPH")


def test_person_update_through_the_form_still_sees_the_changes(client_for, accueil_user):
    """The model form copies its data onto the instance before the service: the trail
    compares with the database, so the change is not missed."""
    person = PersonFactory(first_name="Ana", last_name="Vidal", phone="")
    client = client_for(accueil_user)
    data = {
        "first_name": "Ana", "last_name": "Vidal", "sex": "F", "birth_date": "1985-05-17",
        "birth_year": "", "household": "", "household_role": "", "phone": "0611223344",
        "email": "", "priority_area": "unknown", "notes": "",
    }
    response = client.post(reverse("person_update", args=[person.pk]), data)
    assert response.status_code == 302
    entry = only_entry(action="update")
    assert entry.actor == accueil_user
    assert entry.fields == ["phone"]
    assert_no_values("0611223344", "Vidal")


def test_an_update_that_changes_nothing_writes_no_entry():
    person = PersonFactory(phone="0600000000")
    people.person_update(person=person, phone="0600000000")
    assert not AuditEntry.objects.exists()


def test_a_refused_update_writes_no_entry():
    person = PersonFactory()
    with pytest.raises(Exception):  # noqa: B017  (ValidationError from full_clean)
        people.person_update(person=person, birth_date=dt.date(2999, 1, 1))
    assert not AuditEntry.objects.exists()


def test_household_create_and_update(direction_user):
    with acting_as(direction_user):
        household = people.household_create(name="Famille Brocéliande", city="Roubaix")
        people.household_update(household=household, phone="0320000000", city="Roubaix")
    created = only_entry(action="create")
    updated = only_entry(action="update")
    assert created.content_type.model == _ct(Household)
    assert sorted(created.fields) == ["city", "name"]
    assert updated.fields == ["phone"]
    assert updated.actor == direction_user
    assert_no_values("Brocéliande", "Roubaix", "0320000000")


def test_family_quotient_add_names_no_amount(accueil_user):
    household = HouseholdFactory(name="Famille Brocéliande")
    with acting_as(accueil_user):
        quotient = people.family_quotient_add(
            household=household, amount=987, valid_from=dt.date(2020, 1, 1),
            valid_to=dt.date(2020, 12, 31),
        )
    entry = only_entry(action="create")
    assert entry.content_type.model == _ct(FamilyQuotient)
    assert entry.object_label == f"Quotient familial n° {quotient.pk}"
    assert sorted(entry.fields) == ["amount", "valid_from", "valid_to"]
    assert entry.note == f"Foyer n° {household.pk}"
    assert_no_values("987", "Brocéliande", "2020-01-01")


def test_membership_record():
    household = HouseholdFactory()
    membership = people.membership_record(
        household=household, season=2020, paid_on=dt.date(2020, 9, 14), amount=15
    )
    entry = only_entry(action="create")
    assert entry.content_type.model == _ct(Membership)
    assert entry.object_id == str(membership.pk)
    assert sorted(entry.fields) == ["amount", "paid_on", "season"]
    assert entry.actor_label == "système"


def test_enrollment_set_creates_then_updates():
    child = PersonFactory(first_name="Zéphirine")
    school = SchoolFactory(name="École Jules Ferry")
    people.enrollment_set(person=child, school_year=2020, school=school, level="CM1")
    people.enrollment_set(person=child, school_year=2020, school=school, level="CM2")
    created = only_entry(action="create")
    updated = only_entry(action="update")
    assert sorted(created.fields) == ["level", "school", "school_year"]
    assert updated.fields == ["level"]
    assert updated.note == f"Personne n° {child.pk}"
    assert_no_values("CM1", "CM2", "Jules Ferry", "Zéphirine")


# Attendance ------------------------------------------------------------------------------


def test_attendance_mark_and_unmark(animateur_user):
    session = SessionFactory()
    person = PersonFactory(first_name="Zéphirine", last_name="Brocéliande")
    with acting_as(animateur_user):
        activities.attendance_mark(session=session, person=person, user=animateur_user)
        activities.attendance_mark(session=session, person=person, user=animateur_user)
        attendance_pk = Attendance.objects.get().pk
        activities.attendance_unmark(session=session, person=person)
        activities.attendance_unmark(session=session, person=person)
    created = only_entry(action="create")  # marking twice changes nothing the second time
    deleted = only_entry(action="delete")  # neither does unmarking twice
    for entry in (created, deleted):
        assert entry.actor == animateur_user
        assert entry.content_type.model == _ct(Attendance)
        assert entry.object_id == str(attendance_pk)
        assert entry.note == f"Personne n° {person.pk}, Séance n° {session.pk}"
    assert sorted(created.fields) == ["person", "session"]
    assert_no_values("Zéphirine", "Brocéliande")


def test_attendance_add_newcomer_records_the_person_and_the_attendance(animateur_user):
    session = SessionFactory()
    with acting_as(animateur_user):
        person = activities.attendance_add_newcomer(
            session=session, first_name="Zéphirine", last_name="Brocéliande",
            phone="0611223344", user=animateur_user,
        )
    kinds = set(AuditEntry.objects.values_list("content_type__model", "action", "object_id"))
    attendance = Attendance.objects.get()
    assert kinds == {
        (_ct(Person), "create", str(person.pk)),
        (_ct(Attendance), "create", str(attendance.pk)),
    }
    assert set(AuditEntry.objects.values_list("actor_label", flat=True)) == {"animateur"}
    assert_no_values("Zéphirine", "Brocéliande", "0611223344")


def test_a_mark_on_a_cancelled_session_is_refused_without_entry():
    session = SessionFactory(
        status="cancelled", cancellation_reason=CancellationReasonFactory()
    )
    with pytest.raises(Exception):  # noqa: B017
        activities.attendance_mark(session=session, person=PersonFactory())
    assert not AuditEntry.objects.exists()


def test_headcount_set_create_update_delete():
    session = SessionFactory()
    activities.headcount_set(session=session, category="children", count=12)
    activities.headcount_set(session=session, category="children", count=12)
    activities.headcount_set(session=session, category="children", count=14)
    headcount_pk = Headcount.objects.get().pk
    activities.headcount_set(session=session, category="children", count=0)
    actions = list(
        AuditEntry.objects.order_by("id").values_list("action", "object_id", "fields", "note")
    )
    note = f"Séance n° {session.pk}"
    assert actions == [
        ("create", str(headcount_pk), ["category", "count"], note),
        ("update", str(headcount_pk), ["count"], note),
        ("delete", str(headcount_pk), [], note),
    ]


def test_session_journal_change_is_recorded_without_its_text():
    session = SessionFactory(journal="")
    activities.session_update_journal(session=session, journal="Mme Brocéliande absente")
    activities.session_update_journal(session=session, journal="Mme Brocéliande absente")
    entry = only_entry(action="update")
    assert entry.fields == ["journal"]
    assert_no_values("Brocéliande")


# Reports ---------------------------------------------------------------------------------


def test_answer_save_records_the_answer_not_its_text(direction_user):
    sheet = reports.sheet_open(action=ActionFactory(), year=2020)
    question = sheet.grid.questions.filter(draft="").first()
    with acting_as(direction_user):
        answer = reports.answer_save(sheet=sheet, question=question, text="Zéphirine a aidé")
        reports.answer_save(sheet=sheet, question=question, text="Zéphirine a aidé")
        reports.answer_save(sheet=sheet, question=question, text="Brocéliande aussi")
    entries = list(
        AuditEntry.objects.filter(content_type__model=_ct(Answer)).order_by("id")
        .values_list("action", "object_id", "fields", "note", "actor_label")
    )
    sheet_label = f"Fiche bilan n° {sheet.pk}"
    assert entries == [
        ("create", str(answer.pk), ["text"], sheet_label, "direction"),
        ("update", str(answer.pk), ["text"], sheet_label, "direction"),
    ]
    assert_no_values("Zéphirine", "Brocéliande")


def test_centre_section_save_and_delete():
    section = reports.centre_section_save(year=2020, title="Vie associative", text="Texte A")
    reports.centre_section_save(
        year=2020, title="Vie associative", text="Texte B", section=section
    )
    section_pk = section.pk
    reports.centre_section_delete(section=section)
    entries = list(
        AuditEntry.objects.filter(content_type__model=_ct(CentreSection)).order_by("id")
        .values_list("action", "object_id", "fields")
    )
    assert entries == [
        ("create", str(section_pk), ["year", "title", "text"]),
        ("update", str(section_pk), ["text"]),
        ("delete", str(section_pk), []),
    ]
    assert_no_values("Texte A", "Texte B", "Vie associative")
