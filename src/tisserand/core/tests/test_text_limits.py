"""Every free text has a length limit, with a French message that gives both lengths."""

import datetime as dt

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from tisserand.activities.forms import JournalForm
from tisserand.activities.services import session_update_journal
from tisserand.core.limits import (
    NOTE_MAX_LENGTH,
    REPORT_TEXT_MAX_LENGTH,
    LimitedTextField,
    TextLengthValidator,
)
from tisserand.followup.forms import ContactForm
from tisserand.people.forms import PersonForm
from tisserand.people.models import Person
from tisserand.reports.forms import CentreSectionForm
from tisserand.testing.desk_factories import FollowUpFileFactory
from tisserand.testing.factories import ActivityFactory, HouseholdFactory, SessionFactory

TOO_LONG = "x" * (NOTE_MAX_LENGTH + 2345)
MESSAGE = "Ce texte est trop long : 12\u202f345 caractères pour 10\u202f000 au plus."


def project_text_fields():
    for model in apps.get_models():
        if not model.__module__.startswith("tisserand."):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.TextField):
                yield model, field


def test_every_text_field_of_the_project_has_a_limit():
    """A new ``models.TextField`` fails here: declare it with ``LimitedTextField``."""
    fields = list(project_text_fields())
    assert len(fields) >= 10  # notes, remarks, journal, answers, descriptions…
    unlimited = [f"{model.__name__}.{field.name}" for model, field in fields
                 if not isinstance(field, LimitedTextField)]
    assert not unlimited, "Textes sans limite de longueur : " + ", ".join(unlimited)
    for _model, field in fields:
        too_long = "x" * (field.max_chars + 1)
        with pytest.raises(ValidationError):
            field.run_validators(too_long)
        field.run_validators("x" * field.max_chars)


def test_the_message_gives_both_lengths_in_french():
    with pytest.raises(ValidationError) as error:
        TextLengthValidator(NOTE_MAX_LENGTH)(TOO_LONG)
    assert error.value.messages == [MESSAGE]


def test_the_limit_is_no_migration():
    """For the migrations the field is a plain TextField: changing a limit changes nothing
    in the database."""
    field = Person._meta.get_field("notes")
    _name, path, _args, kwargs = field.deconstruct()
    assert path == "django.db.models.TextField" and "validators" not in kwargs


@pytest.mark.django_db
def test_a_person_form_refuses_a_long_remark_with_one_message():
    household = HouseholdFactory()
    form = PersonForm(data={
        "first_name": "Léa", "last_name": "Martin", "household": household.pk,
        "notes": TOO_LONG,
    })
    assert not form.is_valid()
    assert form.errors["notes"] == [MESSAGE]  # once: the form field and the model agree
    assert not Person.objects.filter(last_name="Martin").exists()


@pytest.mark.django_db
def test_a_contact_note_and_a_journal_are_limited_in_their_forms():
    contact = ContactForm(data={"date": "2020-03-02", "mode": "phone", "note": TOO_LONG},
                          file=FollowUpFileFactory())
    assert not contact.is_valid() and contact.errors["note"] == [MESSAGE]
    journal = JournalForm(data={"journal": TOO_LONG})
    assert not journal.is_valid() and journal.errors["journal"] == [MESSAGE]
    assert JournalForm(data={"journal": "x" * NOTE_MAX_LENGTH}).is_valid()


def test_a_report_text_may_be_longer_but_not_without_end():
    form = CentreSectionForm(data={"title": "Vie associative",
                                   "text": "x" * REPORT_TEXT_MAX_LENGTH})
    assert form.is_valid(), form.errors
    form = CentreSectionForm(data={"title": "Vie associative",
                                   "text": "x" * (REPORT_TEXT_MAX_LENGTH + 1)})
    assert not form.is_valid() and "Ce texte est trop long" in form.errors["text"][0]


@pytest.mark.django_db
def test_the_service_refuses_it_too():
    """Whatever the screen: the services validate with ``full_clean()``."""
    session = SessionFactory(activity=ActivityFactory(), date=dt.date(2020, 2, 6))
    with pytest.raises(ValidationError) as error:
        session_update_journal(session=session, journal=TOO_LONG)
    assert error.value.message_dict["journal"] == [MESSAGE]
    session.refresh_from_db()
    assert session.journal == ""


@pytest.mark.django_db
def test_the_session_page_says_so_and_saves_nothing(client_for, animateur_user):
    activity = ActivityFactory()
    activity.contributors.add(animateur_user.contributor)
    session = SessionFactory(activity=activity, date=dt.date(2020, 2, 6))
    response = client_for(animateur_user).post(
        reverse("session_journal", args=[session.pk]), {"journal": TOO_LONG}, follow=True,
    )
    assert response.status_code in (200, 400)
    assert MESSAGE in response.content.decode()
    session.refresh_from_db()
    assert session.journal == ""
