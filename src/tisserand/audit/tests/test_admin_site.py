"""The Django admin goes through the audit trail (issue 12, item 4).

Personal data are not in the admin at all; what remains (reference data) writes an audit
entry for each addition, change and deletion, of an object and of its inline rows; the
admin's own log names objects by number, never by their text; user accounts are neither
edited nor deleted there (deactivated in « Utilisateurs »).
"""

import json

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType

from tisserand.audit.admin_site import AuditedAdminSite, AuditedModelAdmin
from tisserand.audit.models import AuditEntry
from tisserand.core.models import Contributor, Place
from tisserand.desks.models import Appointment, Reminder
from tisserand.followup.models import Contact, FollowUpFile, Referral
from tisserand.people.models import (
    Anonymisation,
    Consent,
    FamilyQuotient,
    Household,
    Membership,
    Person,
    SchoolEnrollment,
)
from tisserand.reports.models import Answer, EvaluationGrid, EvaluationSheet
from tisserand.testing.factories import ActionFactory, UserFactory

pytestmark = pytest.mark.django_db

PERSONAL = [Person, Household, FamilyQuotient, Membership, SchoolEnrollment, Consent,
            Anonymisation, FollowUpFile, Contact, Referral, Appointment, Reminder,
            get_user_model(), Group]


@pytest.fixture
def superuser():
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


def _entries(model, action):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), action=action
    )


def test_every_admin_is_audited_and_no_personal_data_is_registered():
    assert isinstance(admin.site, AuditedAdminSite)
    assert admin.site._registry  # the reference data are there
    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, AuditedModelAdmin), model
    for model in PERSONAL:
        assert not admin.site.is_registered(model), model


def test_users_are_neither_edited_nor_deleted_in_the_admin(client_for, superuser):
    """A user deleted in the admin used to leave entries without an author: accounts
    are managed (and deactivated, never deleted) in « Utilisateurs »."""
    other = UserFactory(username="accueil2")
    client = client_for(superuser)
    assert client.get("/admin/auth/user/").status_code == 404
    delete = client.post(f"/admin/auth/user/{other.pk}/delete/", {"post": "yes"})
    assert delete.status_code == 404
    assert get_user_model().objects.filter(pk=other.pk).exists()
    assert client.get("/admin/auth/group/").status_code == 404


def test_adding_changing_and_deleting_in_the_admin_writes_the_trail(client_for, superuser):
    client = client_for(superuser)
    added = client.post("/admin/core/place/add/", {"name": "Salle Lefèvre", "address": ""})
    assert added.status_code == 302, added.content.decode()[:2000]
    place = Place.objects.get(name="Salle Lefèvre")
    create = _entries(Place, "create").get()
    assert (create.actor, create.object_id, create.fields) == (superuser, str(place.pk),
                                                               ["name"])

    changed = client.post(f"/admin/core/place/{place.pk}/change/",
                          {"name": "Salle Lefèvre", "address": "1 rue Haute"})
    assert changed.status_code == 302
    assert _entries(Place, "update").get().fields == ["address"]

    deleted = client.post(f"/admin/core/place/{place.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302
    assert not Place.objects.filter(pk=place.pk).exists()
    delete = _entries(Place, "delete").get()
    assert (delete.actor, delete.object_id) == (superuser, str(place.pk))


def test_the_admin_log_names_no_one(client_for, superuser):
    """A contributor is a person: the admin's log says « Intervenant n° 3 », and its
    change messages name fields, not values."""
    client = client_for(superuser)
    response = client.post("/admin/core/contributor/add/", {
        "first_name": "Hélène", "last_name": "Lefèvre", "kind": "staff",
        "job_title": "", "phone": "06 11 22 33 44", "email": "", "start_date": "",
        "end_date": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    contributor = Contributor.objects.get(last_name="Lefèvre")
    client.post(f"/admin/core/contributor/{contributor.pk}/change/", {
        "first_name": "Hélène", "last_name": "Lefèvre-Martin", "kind": "staff",
        "job_title": "", "phone": "", "email": "", "start_date": "", "end_date": "",
    })
    logs = LogEntry.objects.filter(object_id=str(contributor.pk))
    assert logs.count() == 2
    for log in logs:
        assert log.object_repr == f"Intervenant n° {contributor.pk}"
        assert "Lef" not in log.change_message and "06 11" not in log.change_message
        assert "Hélène" not in log.get_change_message()
    assert _entries(Contributor, "update").get().fields == ["last_name", "phone"]
    client.get("/admin/")  # shows (and consumes) the success messages, to its author
    history = client.get("/admin/").content.decode()  # the recent actions
    assert "Lefèvre" not in history and f"Intervenant n° {contributor.pk}" in history


def test_inline_rows_are_audited_and_logged_by_number(client_for, superuser):
    """An evaluation answer typed in the sheet's inline: an entry for the answer, and the
    admin's log shows « réponse n° 5 », not the answer's text."""
    grid = EvaluationGrid.objects.first() or EvaluationGrid.objects.create(name="Grille")
    question = grid.questions.first() or grid.questions.create(position=1, text="Effets ?")
    sheet = EvaluationSheet.objects.create(action=ActionFactory(), year=2020, grid=grid)
    client = client_for(superuser)
    response = client.post(f"/admin/reports/evaluationsheet/{sheet.pk}/change/", {
        "action": sheet.action_id, "year": "2020", "grid": grid.pk,
        "answers-TOTAL_FORMS": "1", "answers-INITIAL_FORMS": "0",
        "answers-MIN_NUM_FORMS": "0", "answers-MAX_NUM_FORMS": "1000",
        "answers-0-question": question.pk, "answers-0-text": "Merci à Hélène Lefèvre",
        "answers-0-id": "", "answers-0-sheet": sheet.pk,
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    answer = Answer.objects.get(sheet=sheet)
    entry = _entries(Answer, "create").get()
    assert entry.object_id == str(answer.pk) and "text" in entry.fields
    assert entry.actor == superuser
    log = LogEntry.objects.get(object_id=str(sheet.pk),
                               content_type=ContentType.objects.get_for_model(EvaluationSheet))
    message = json.loads(log.change_message)
    assert {"added": {"name": "réponse", "object": f"n° {answer.pk}"}} in message
    assert "Lef" not in log.change_message

    client.post(f"/admin/reports/evaluationsheet/{sheet.pk}/change/", {
        "action": sheet.action_id, "year": "2020", "grid": grid.pk,
        "answers-TOTAL_FORMS": "1", "answers-INITIAL_FORMS": "1",
        "answers-MIN_NUM_FORMS": "0", "answers-MAX_NUM_FORMS": "1000",
        "answers-0-question": question.pk, "answers-0-text": "",
        "answers-0-id": answer.pk, "answers-0-sheet": sheet.pk, "answers-0-DELETE": "on",
    })
    assert not Answer.objects.filter(pk=answer.pk).exists()
    assert _entries(Answer, "delete").get().object_id == str(answer.pk)


def test_a_deletion_says_what_goes_with_it(client_for, superuser):
    """A session deleted in the admin takes its attendances along: the entry says so."""
    from tisserand.activities.models import Attendance, Session
    from tisserand.activities.services import attendance_mark
    from tisserand.testing.factories import PersonFactory, SessionFactory

    session = SessionFactory()
    attendance_mark(session=session, person=PersonFactory())
    attendance_mark(session=session, person=PersonFactory())
    response = client_for(superuser).post(
        f"/admin/activities/session/{session.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Attendance.objects.exists()
    entry = _entries(Session, "delete").get()
    assert entry.note == "site d'administration ; avec : 2 présences"


def test_the_admin_log_written_before_is_rewritten_without_names(superuser):
    """The migration audit/0003 rewrites the entries written before issue 12."""
    import importlib

    from django.apps import apps as django_apps
    from django.contrib.admin.models import CHANGE

    migration = importlib.import_module("tisserand.audit.migrations.0003_admin_log_without_names")
    person_type = ContentType.objects.get_for_model(Person)
    old = LogEntry.objects.create(
        user=superuser, content_type=person_type, object_id="42",
        object_repr="Hélène Lefèvre", action_flag=CHANGE,
        change_message=json.dumps([{"changed": {"fields": ["Nom"]}},
                                   {"added": {"name": "scolarité",
                                              "object": "Noé Lefèvre 2019-2020 CP"}}]),
    )
    migration.neutralise(django_apps, None)
    old.refresh_from_db()
    assert old.object_repr == "Personne n° 42"
    assert "Lef" not in old.change_message and "Noé" not in old.change_message
    assert json.loads(old.change_message)[0] == {"changed": {"fields": ["Nom"]}}
