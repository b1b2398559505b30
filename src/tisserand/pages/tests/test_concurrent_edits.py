"""No lost update: two people edit the same record from the same starting point; the second
save is refused with a message showing the first person's change, keeps what the second
typed, and saving again keeps it (a merge made by a person)."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from tisserand.audit.models import AuditEntry
from tisserand.core.roles import ACCUEIL, COORDINATION, DIRECTION, MEDIATION
from tisserand.people.models import Household, Person
from tisserand.testing.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def version_in(page) -> str:
    match = re.search(r'name="version" value="(\d+)"', page.content.decode())
    assert match, "the form carries the version it started from"
    return match.group(1)


def form_values(page) -> dict:
    """The form's fields as a browser would post them unchanged (inputs and selected
    options)."""
    html = page.content.decode()
    values = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html):
        values[name] = value
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        selected = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        values[name] = selected.group(1) if selected else ""
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html,
                                 re.S):
        values[name] = body.strip()
    values.pop("csrfmiddlewaretoken", None)
    return values


@pytest.fixture
def two_people():
    first, second = Client(), Client()
    first.force_login(UserFactory(username="marie", first_name="Marie", last_name="Durand",
                                  roles=[DIRECTION]))
    second.force_login(UserFactory(username="karim", roles=[ACCUEIL, COORDINATION, MEDIATION]))
    return first, second


def edit_twice(two_people, url, first_change: dict, second_change: dict):
    first, second = two_people
    first_form, second_form = form_values(first.get(url)), form_values(second.get(url))
    assert first_form["version"] == second_form["version"]
    saved = first.post(url, {**first_form, **first_change})
    assert saved.status_code == 302, saved.content.decode()[:2000]
    refused = second.post(url, {**second_form, **second_change})
    assert refused.status_code == 200
    return refused


@pytest.mark.parametrize("kind", ["person", "household"])
def test_the_second_of_two_concurrent_edits_is_refused_then_merged(two_people, kind):
    person = PersonFactory(phone="06 11 22 33 44")
    household = Household.objects.create(name="Martin", address="1 rue Haute")
    if kind == "person":
        url = reverse("person_update", args=[person.pk])
        first_change, second_change = {"phone": "06 99 88 77 66"}, {"notes": "Allergie"}
        stored = lambda: Person.objects.get(pk=person.pk)  # noqa: E731
        mine, theirs = ("notes", "Allergie"), ("phone", "06 99 88 77 66")
    else:
        url = reverse("household_update", args=[household.pk])
        first_change, second_change = {"address": "2 rue Basse"}, {"city": "Lille"}
        stored = lambda: Household.objects.get(pk=household.pk)  # noqa: E731
        mine, theirs = ("city", "Lille"), ("address", "2 rue Basse")

    refused = edit_twice(two_people, url, first_change, second_change)
    text = refused.content.decode()
    author = AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE).get().actor_label
    assert f"Pendant que vous modifiiez cette fiche, {author}, le " in text
    assert author != "karim"
    assert theirs[1] in text  # the first person's change is shown
    assert getattr(stored(), theirs[0]) == theirs[1]  # and kept
    assert getattr(stored(), mine[0]) != mine[1]  # nothing of the second saved yet
    # The second person's typing is still in the form, now at the current version.
    again = form_values(refused)
    assert again[mine[0]] == mine[1]
    assert again["version"] == str(stored().version)
    # Having read the change, they keep the other's value and save again: both are kept.
    again[theirs[0]] = theirs[1]
    assert two_people[1].post(url, again).status_code == 302
    record = stored()
    assert (getattr(record, mine[0]), getattr(record, theirs[0])) == (mine[1], theirs[1])


def test_a_save_outside_the_forms_moves_the_version_on():
    """GIVEN a person saved by code that did not claim a version (a command) WHEN a form
    opened before saves THEN it is refused: the version moved on in the database."""
    from tisserand.core.versioning import EditConflict
    from tisserand.people.services import person_update

    person = PersonFactory()
    opened_at = person.version
    elsewhere = Person.objects.get(pk=person.pk)
    elsewhere.notes = "écrit par une commande"
    elsewhere.save()
    assert Person.objects.get(pk=person.pk).version == opened_at + 1
    with pytest.raises(EditConflict):
        person_update(person=Person.objects.get(pk=person.pk), expected_version=opened_at,
                      phone="01 02 03 04 05")
    assert Person.objects.get(pk=person.pk).phone != "01 02 03 04 05"


def test_two_people_writing_the_same_sheet(two_people, world):
    """GIVEN two people on the same evaluation sheet WHEN both write the same answer THEN
    the second is refused with the first's text shown, and nothing of theirs is lost."""
    from tisserand.reports.models import EvaluationSheet

    first, second = two_people
    url = reverse("sheet_edit", args=[2020, world["action"].pk])
    first_page, second_page = first.get(url), second.get(url)
    sheet = EvaluationSheet.objects.get()
    name = f"answer-{sheet.grid.questions.get(position=1).pk}"
    assert version_in(first_page) == version_in(second_page)
    base = {"version": version_in(first_page)}
    assert first.post(url, {**base, name: "Le texte de Marie."}).status_code == 302
    refused = second.post(url, {**base, name: "Le texte de Karim."})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "Pendant que vous modifiiez cette fiche" in html and "Le texte de Marie." in html
    assert "Le texte de Karim.</textarea>" in html
    assert sheet.answers.get(question__position=1).text == "Le texte de Marie."
    merged = {"version": version_in(refused), name: "Le texte de Marie. Le texte de Karim."}
    assert second.post(url, merged).status_code == 302
    assert sheet.answers.get(question__position=1).text == "Le texte de Marie. Le texte de Karim."


def test_two_people_writing_the_same_follow_up_file(two_people):
    """The confidential notes of a file: the second save is refused, then merged."""
    from tisserand.followup.models import FollowUpFile
    from tisserand.testing.desk_factories import ContactFactory, FollowUpFileFactory

    file = FollowUpFileFactory(notes="Premier rendez-vous.")
    url = reverse("followup_update", args=[file.pk])
    first, second = two_people
    first_form, second_form = form_values(first.get(url)), form_values(second.get(url))
    assert first.post(url, {**first_form, "notes": "Dossier CAF déposé."}).status_code == 302
    # A contact recorded meanwhile moves the last-contact date, not the notes' version.
    ContactFactory(file=file)
    refused = second.post(url, {**second_form, "notes": "Appel à la mairie."})
    assert refused.status_code == 200
    assert "Dossier CAF déposé." in refused.content.decode()
    assert FollowUpFile.objects.get(pk=file.pk).notes == "Dossier CAF déposé."
    merged = {**form_values(refused), "notes": "Dossier CAF déposé. Appel à la mairie."}
    assert second.post(url, merged).status_code == 302
    assert FollowUpFile.objects.get(pk=file.pk).notes == "Dossier CAF déposé. Appel à la mairie."


def test_two_people_writing_the_same_session_journal(two_people):
    """The session journal: the second save is refused, the session itself (attendance,
    status) still changes freely."""
    from tisserand.activities.models import Session
    from tisserand.testing.factories import SessionFactory

    session = SessionFactory()
    page_url = reverse("session_detail", args=[session.pk])
    url = reverse("session_journal", args=[session.pk])
    first, second = two_people
    version = version_in(first.get(page_url))
    assert version_in(second.get(page_url)) == version
    assert first.post(url, {"version": version, "journal": "Sortie au parc."}).status_code == 302
    Session.objects.filter(pk=session.pk).update(status=Session.Status.HELD)
    refused = second.post(url, {"version": version, "journal": "Pluie, repli en salle."})
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Sortie au parc." in html and "Pluie, repli en salle.</textarea>" in html
    assert Session.objects.get(pk=session.pk).journal == "Sortie au parc."
    merged = {"version": version_in(refused), "journal": "Sortie au parc, puis pluie."}
    assert second.post(url, merged).status_code == 302
    assert Session.objects.get(pk=session.pk).journal == "Sortie au parc, puis pluie."


def test_two_people_recording_the_same_interview(two_people):
    """A desk interview recorded twice from the same page: the second is refused with the
    first's demands and time shown; reception changing the status meanwhile is no conflict."""
    from tisserand.desks.models import Appointment, RequestKind
    from tisserand.testing.desk_factories import AppointmentFactory, DeskSessionFactory

    appointment = AppointmentFactory(session=DeskSessionFactory(), person=PersonFactory(),
                                     start_time=dt.time(14))
    kinds = RequestKind.objects
    housing, _new = kinds.get_or_create(group=RequestKind.Group.OTHER, name="Logement")
    taxes, _new = kinds.get_or_create(group=RequestKind.Group.FORM, name="Impôts")
    page_url = reverse("desk_session_detail", args=[appointment.session_id])
    url = reverse("appointment_interview", args=[appointment.pk])
    first, second = two_people
    version = re.search(r'name="version" value="(\d+)"', first.get(page_url).content.decode())[1]
    first.post(url, {"version": version, "kinds": [housing.pk], "minutes_spent": 30})
    Appointment.objects.filter(pk=appointment.pk).update(status=Appointment.Status.HONOURED)
    refused = second.post(url, {"version": version, "kinds": [taxes.pk], "minutes_spent": 45},
                          follow=True)
    text = refused.content.decode()
    assert "Pendant que vous modifiiez cette fiche" in text
    assert "Logement, 30 min" in text and "Impôts, 45 min" in text
    appointment.refresh_from_db()
    assert (list(appointment.kinds.all()), appointment.minutes_spent) == ([housing], 30)
    again = re.search(r'name="version" value="(\d+)"', text)[1]
    second.post(url, {"version": again, "kinds": [housing.pk, taxes.pk], "minutes_spent": 45})
    appointment.refresh_from_db()
    assert set(appointment.kinds.all()) == {housing, taxes}
