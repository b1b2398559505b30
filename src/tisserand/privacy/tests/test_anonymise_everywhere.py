"""THE acceptance test of issue 12 (item 5): after an anonymisation, the person's name,
phone and e-mail are nowhere in the database.

A distinctive identity is planted in every place that can hold it (session journal,
another person's remarks, another person's follow-up notes and contact note, an
evaluation answer, a section of the report, another person's appointment subject, the
admin's log, the audit trail, a reminder error, the reminders outbox, a search address),
written as people write it (accents or not, upper case, « Nom Prénom », a phone with dots
or +33). The direction anonymises the person through the confirmation page; then EVERY
text column of EVERY model of the app registry is read and none of them may still hold
the name, the phone or the e-mail.
"""

import contextlib
import datetime as dt
import json
import logging
import re

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse

from tisserand.activities.models import Session
from tisserand.audit.logs import WithoutQueryString, without_query_string
from tisserand.audit.models import AuditEntry
from tisserand.audit.services import log_action
from tisserand.core.text import search_key
from tisserand.desks.models import Reminder
from tisserand.desks.reminders.backends import FileBackend
from tisserand.desks.reminders.messages import ReminderMessage
from tisserand.followup import services as followup
from tisserand.followup.models import Contact
from tisserand.people.models import Household, Person
from tisserand.reports.models import Answer, CentreSection, EvaluationGrid, EvaluationSheet
from tisserand.testing.desk_factories import AppointmentFactory, DeskSessionFactory
from tisserand.testing.factories import (
    ActionFactory,
    ActivityFactory,
    HouseholdFactory,
    PersonFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

FIRST, LAST = "Zélie", "Vandermoortèle"
PHONE = "06 71 82 93 04"
EMAIL = "zelie.vdm@exemple.fr"
NEEDLES = ("zelie vandermoortele", "vandermoortele zelie", "vandermoortele", EMAIL)
PHONE_DIGITS = "671829304"


def _leaks(text: str) -> list[str]:
    """What of the planted identity ``text`` still holds (accents and case ignored, the
    phone whatever its separators, the JSON escapes of the admin's log decoded)."""
    if not text:
        return []
    forms = [text]
    if text[:1] in "[{":
        with contextlib.suppress(ValueError):
            forms.append(json.dumps(json.loads(text), ensure_ascii=False))
    found = []
    for form in forms:
        key = search_key(form.replace("-", " "))
        found += [needle for needle in NEEDLES if needle in key]
        if PHONE_DIGITS in re.sub(r"\D", "", form):
            found.append("phone")
    return found


def _every_text_column() -> list[tuple[str, object, str, list[str]]]:
    """(model, pk, field, leaks) for every row and every text column of every model."""
    leaks = []
    for model in apps.get_models():
        columns = [
            f for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if not columns:
            continue
        for row in model._base_manager.values_list("pk", *[f.attname for f in columns]):
            for f, value in zip(columns, row[1:], strict=True):
                text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                if found := _leaks(text):
                    leaks.append((model._meta.label, row[0], f.name, found))
    return leaks


@pytest.fixture
def planted(settings, tmp_path, direction_user):
    settings.DATA_DIR = tmp_path
    household = HouseholdFactory(name=f"Famille {LAST}", address="3 impasse des Lilas",
                                 phone="03 20 11 11 11")
    person = PersonFactory(first_name=FIRST, last_name=LAST, household=household,
                           phone=PHONE, email=EMAIL, birth_date=dt.date(2012, 6, 20),
                           notes=f"Joindre au {PHONE}")
    other = PersonFactory(first_name="Marc", last_name="Durand",
                          notes=f"Voisin de {LAST.upper()} {FIRST.upper()}, tél. 06.71.82.93.04")
    session = SessionFactory(
        activity=ActivityFactory(action=ActionFactory(name="Accompagnement scolaire")),
        journal=f"zelie vandermoortele est venue avec sa sœur ; maman : {EMAIL.upper()}",
        status=Session.Status.HELD, date=dt.date(2020, 1, 6),
    )
    other_file = followup.follow_up_open(
        person=other, opened_on=dt.date(2020, 1, 20),
        notes=f"Hébergé chez {FIRST} {LAST} (+33 6 71 82 93 04)",
    )
    followup.contact_add(file=other_file, date=dt.date(2020, 2, 3),
                         mode=Contact.Mode.PHONE, minutes=10,
                         note=f"Appel de {LAST}, {FIRST} au 0033671829304")
    sheet = EvaluationSheet.objects.create(
        action=session.activity.action, year=2020, grid=EvaluationGrid.objects.first()
        or EvaluationGrid.objects.create(name="Grille"),
    )
    question = sheet.grid.questions.first() or sheet.grid.questions.create(
        position=1, text="Quels effets ?")
    Answer.objects.create(sheet=sheet, question=question,
                          text=f"Le parcours de {FIRST} {LAST} montre l'effet du CLAS.")
    CentreSection.objects.create(year=2020, position=9, title=f"Merci à {FIRST} {LAST}",
                                 text=f"Écrire à {EMAIL}")
    desk_session = DeskSessionFactory(date=dt.date(2020, 2, 4))
    appointment = AppointmentFactory(session=desk_session, person=other,
                                     subject=f"Courrier pour {FIRST} {LAST}")
    Reminder.objects.create(appointment=appointment, channel=Reminder.Channel.SMS,
                            status=Reminder.Status.FAILED, error=f"refusé : +33{PHONE[1:]}")
    # The admin's log from before issue 12, with the person's name in it.
    LogEntry.objects.create(
        user=direction_user, content_type=ContentType.objects.get_for_model(Person),
        object_id=str(person.pk), object_repr=f"{FIRST} {LAST}", action_flag=CHANGE,
        change_message=json.dumps([{"added": {"name": "scolarité",
                                              "object": f"{FIRST} {LAST} 2019-2020 CP"}}]),
    )
    log_action(action="update", obj=other, note=f"à la demande de {FIRST} {LAST}")
    FileBackend().send(ReminderMessage(channel="sms", recipient="+33671829304",
                                       text="Rappel de votre rendez-vous demain"))
    FileBackend().send(ReminderMessage(channel="email", recipient=EMAIL,
                                       text="Rappel de votre rendez-vous demain"))
    return {"person": person, "household": household, "other": other, "tmp": tmp_path}


def test_the_identity_is_nowhere_after_the_anonymisation(planted, client_for, direction_user):
    person = planted["person"]
    client = client_for(direction_user)
    # A search for her by name, before: the address holds the name.
    assert client.get(reverse("person_list"), {"q": f"{FIRST} {LAST}"}).status_code == 200

    before = _every_text_column()
    places = {label for label, _pk, _field, _found in before}
    for model in ("activities.Session", "people.Person", "followup.FollowUpFile",
                  "followup.Contact", "reports.Answer", "reports.CentreSection",
                  "desks.Appointment", "desks.Reminder", "admin.LogEntry",
                  "audit.AuditEntry", "people.Household"):
        assert model in places, model  # planted where the test says

    page = client.get(reverse("person_anonymise", args=[person.pk])).content.decode()
    assert "Séance n° " in page and "Réponse n° " in page  # listed before confirming
    response = client.post(reverse("person_anonymise", args=[person.pk]), {"confirm": "on"})
    assert response.status_code == 302

    leaks = _every_text_column()
    assert not leaks, leaks
    outbox = "".join(p.read_text() for p in (planted["tmp"] / "outbox").glob("*.jsonl"))
    assert outbox.count("\n") == 2  # the two messages stay, without their address
    assert not _leaks(outbox), outbox
    assert "[personne anonymisée]" in Session.objects.get().journal

    # The birth date keeps its year; the household, with no other member, its city.
    person.refresh_from_db()
    assert person.birth_date.year == 2012
    assert person.birth_date != dt.date(2012, 6, 20)
    household = Household.objects.get(pk=planted["household"].pk)
    assert household.address == "" and LAST not in household.name

    # The other person keeps their own name; each record changed has an audit entry that
    # names its fields, never their values.
    assert Person.objects.get(pk=planted["other"].pk).last_name == "Durand"
    entries = AuditEntry.objects.filter(action="anonymise", object_label__startswith="Séance")
    assert entries.get().fields == ["journal"]


def test_search_addresses_are_logged_without_their_query_string(settings):
    """The development server's request lines and any logged address lose the query
    string, where a searched name travels; gunicorn's format has no query string."""
    from tisserand.audit.logs import ACCESS_LOG_FORMAT

    line = "GET /habitants/?q=Z%C3%A9lie+Vandermoort%C3%A8le HTTP/1.1"
    record = logging.LogRecord("django.server", logging.INFO, __file__, 1,
                               '"%s" %s %s', (line, "200", "512"), None)
    assert WithoutQueryString().filter(record)
    message = record.getMessage()
    assert "Vandermoort" not in message and "/habitants/?…" in message
    login = without_query_string("GET /connexion/?next=/habitants/%3Fq%3DDurand HTTP/1.1")
    assert "Durand" not in login
    assert "%(r)s" not in ACCESS_LOG_FORMAT and "%(q)s" not in ACCESS_LOG_FORMAT
    assert "%(f)s" not in ACCESS_LOG_FORMAT and "%(U)s" in ACCESS_LOG_FORMAT
    server = logging.getLogger("django.server").handlers
    assert server and all(
        any(isinstance(f, WithoutQueryString) for f in h.filters) for h in server
    )
    for name, handler in settings.LOGGING["handlers"].items():
        assert "without_query_string" in handler.get("filters", []), name
