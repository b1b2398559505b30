"""Dates between 1900 and 2100, everywhere: every form of the project refuses the year 1
and the year 9999 with one French message, and the screens that gave a 500 on them (the
journal's filter, an atelier's dates, a desk's week) answer with that message instead."""

import datetime as dt
import importlib
import pkgutil

import pytest
from django import forms
from django.urls import reverse

import tisserand
from tisserand.activities.models import Session
from tisserand.core.forms import BoundedDateField
from tisserand.core.request_params import asked_date, date_from
from tisserand.testing.desk_factories import DeskFactory
from tisserand.testing.factories import (
    ActivityFactory,
    CancellationReasonFactory,
    SessionFactory,
    WeeklySlotFactory,
)

OUT_OF_RANGE = "Date hors limites : entre 1900 et 2100"
HOSTILE_DATES = ["0001-01-01", "9999-12-31", "01/01/0001", "31/12/9999", "1899-12-31",
                 "2101-01-01"]


def project_form_classes() -> list[type[forms.BaseForm]]:
    """Every form class defined in the project's modules (tests and migrations aside)."""
    for module in pkgutil.walk_packages(tisserand.__path__, "tisserand."):
        if not any(part in module.name for part in (".tests", ".migrations", ".management")):
            importlib.import_module(module.name)
    found, todo = set(), [forms.BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("tisserand.") and ".tests" not in sub.__module__:
                found.add(sub)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


def date_fields() -> list[tuple[str, forms.Field]]:
    return [
        (f"{cls.__module__}.{cls.__qualname__}.{name}", field)
        for cls in project_form_classes()
        for name, field in getattr(cls, "base_fields", {}).items()
        if isinstance(field, forms.DateField | forms.DateTimeField)
    ]


@pytest.mark.django_db
def test_the_walk_finds_the_forms_with_dates():
    """The introspection sees the forms it must check (else the test below checks nothing)."""
    names = {name for name, _field in date_fields()}
    assert "tisserand.people.forms.PersonForm.birth_date" in names
    assert "tisserand.audit.forms.AuditFilterForm.end" in names
    assert "tisserand.followup.forms.ContactForm.date" in names
    assert len(names) >= 15


@pytest.mark.django_db
@pytest.mark.parametrize("value", HOSTILE_DATES)
def test_every_date_field_of_every_form_refuses_dates_out_of_range(value):
    """GIVEN any date field of any form of the project WHEN it is given a date outside
    1900-2100 THEN it refuses it with the French message (a new form cannot forget)."""
    forgetful = []
    for name, field in date_fields():
        try:
            field.clean(value)
        except forms.ValidationError as error:
            if not any(OUT_OF_RANGE in message for message in error.messages):
                forgetful.append(f"{name}: {error.messages}")
        else:
            forgetful.append(f"{name}: accepted")
    assert not forgetful, forgetful


def test_the_bounds_themselves_are_dates():
    field = BoundedDateField()
    assert field.clean("1900-01-01") == dt.date(1900, 1, 1)
    assert field.clean("31/12/2100") == dt.date(2100, 12, 31)
    assert 'min="1900-01-01"' in field.widget.render("d", None, field.widget_attrs(field.widget))


def test_the_query_string_reader_says_why_a_day_is_ignored(rf):
    assert asked_date(rf.get("/?semaine=2020-03-17"), "semaine") == (dt.date(2020, 3, 17), None)
    assert asked_date(rf.get("/"), "semaine") == (None, None)
    day, reason = asked_date(rf.get("/?semaine=9999-12-31"), "semaine")
    assert day is None and OUT_OF_RANGE in reason
    day, reason = asked_date(rf.get("/?semaine=n'importe"), "semaine")
    assert day is None and "JJ/MM/AAAA" in reason
    assert date_from("0001-01-01") is None


# --- the screens that gave a 500 -----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["end=9999-12-31", "start=0001-01-01", "au=31/12/9999"])
def test_the_journal_filter_says_the_date_is_out_of_range(client_for, direction_user, query):
    key, value = query.split("=")
    key = {"au": "end"}.get(key, key)
    response = client_for(direction_user).get(reverse("audit_list"), {key: value})
    assert response.status_code == 200
    assert OUT_OF_RANGE in response.content.decode()


@pytest.mark.django_db
def test_generating_sessions_from_the_year_1_changes_nothing(client_for, direction_user):
    activity = ActivityFactory()
    WeeklySlotFactory(activity=activity)
    response = client_for(direction_user).post(
        reverse("sessions_generate", args=[activity.pk]),
        {"start": "0001-01-02", "end": "2020-01-01", "calendar_filter": "all"},
    )
    assert response.status_code == 200
    assert OUT_OF_RANGE in response.content.decode()
    assert not Session.objects.filter(activity=activity).exists()


@pytest.mark.django_db
def test_cancelling_sessions_from_the_year_1_changes_nothing(client_for, direction_user):
    session = SessionFactory(date=dt.date(2020, 1, 7))
    response = client_for(direction_user).post(
        reverse("sessions_cancel_range"),
        {"start": "0001-01-02", "end": "2020-12-31", "scope": "all",
         "reason": CancellationReasonFactory().pk},
    )
    assert response.status_code == 200
    assert OUT_OF_RANGE in response.content.decode()
    session.refresh_from_db()
    assert session.status != Session.Status.CANCELLED


@pytest.mark.django_db
@pytest.mark.parametrize("week", ["9999-12-31", "0001-01-01"])
def test_a_desk_week_out_of_range_shows_this_week_and_says_why(client_for, direction_user,
                                                                week):
    desk = DeskFactory()
    response = client_for(direction_user).get(reverse("desk_week", args=[desk.pk]),
                                              {"semaine": week})
    assert response.status_code == 200
    assert OUT_OF_RANGE in response.content.decode()
    assert response.context["week"].monday <= dt.date.today() <= response.context["week"].sunday


@pytest.mark.django_db
def test_the_admin_forms_refuse_dates_out_of_range(rf, django_user_model):
    """The admin's forms are built per request: each one with a date refuses the year 1."""
    from django.contrib import admin

    request = rf.get("/")
    request.user = django_user_model.objects.create_superuser("root", password="x" * 12)
    checked = []
    for model, model_admin in admin.site._registry.items():
        if not model.__module__.startswith("tisserand."):
            continue
        form = model_admin.get_form(request)
        for name, field in form.base_fields.items():
            if isinstance(field, forms.DateField) and not isinstance(field,
                                                                     forms.DateTimeField):
                with pytest.raises(forms.ValidationError, match=OUT_OF_RANGE):
                    field.clean("0001-01-01")
                checked.append(f"{model.__name__}.{name}")
    assert "Activity.start_date" in checked and "Centre.records_start" in checked
