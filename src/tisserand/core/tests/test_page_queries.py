"""The main pages take the same number of queries on a dataset and on one ten times larger
(issue 6): no page loads its rows one query at a time.

Pages already checked on two sizes in their own app are not repeated here:
activity page (activities/test_views_programme.py), session page with a search
(activities/test_views_session.py), person page and household page
(people/test_views.py), desk week and desk day pages (desks/test_views.py).
This module covers the dashboard, the action page, the session page's roster and search
fragments, the people search with a name typed, the one-tap attendance request and the
follow-up file page, with the same "grow ten times" dataset for all of them.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tisserand.activities.models import Activity, Attendance, Session
from tisserand.core.periods import season, season_of
from tisserand.core.text import search_key
from tisserand.desks.models import Appointment
from tisserand.followup.models import Contact, Referral, Theme
from tisserand.people.models import Household, Person
from tisserand.testing.desk_factories import (
    ContactFactory,
    DeskFactory,
    DeskSessionFactory,
    FollowUpFileFactory,
)
from tisserand.testing.factories import (
    ActionFactory,
    ActivityFactory,
    PartnerFactory,
    PersonFactory,
    SessionFactory,
)

PERSONS_PER_UNIT = 12
SESSIONS_PER_UNIT = 4
HTMX = {"HTTP_HX_REQUEST": "true"}


def _persons(unit: int, count: int) -> list[Person]:
    """``count`` persons named Martin (the frequent search term), three to a household."""
    households = Household.objects.bulk_create(
        Household(name=f"Foyer {unit}-{i}", search_name=f"foyer {unit}-{i}")
        for i in range(count // 3)
    )
    persons = [
        Person(first_name=f"Prénom{unit}x{i}", last_name="Martin", household=households[i // 3],
               birth_date=dt.date(1980 + i, 1, 1 + unit % 28),
               search_name=search_key(f"Martin Prénom{unit}x{i}"))
        for i in range(count)
    ]
    return Person.objects.bulk_create(persons)


@pytest.fixture
def world(db):
    """One action with one atelier whose session is today, a regular of that atelier and
    her follow-up file; ``grow`` adds data around them."""
    today = timezone.localdate()
    action = ActionFactory(name="Accompagnement à la scolarité")
    activity = ActivityFactory(action=action, name="CLAS primaire")
    session = SessionFactory(activity=activity, date=today, status=Session.Status.HELD)
    regular = PersonFactory(first_name="Hélène", last_name="Martin")
    Attendance.objects.create(session=session, person=regular)
    file = FollowUpFileFactory(person=regular, action=action, opened_on=dt.date(2019, 1, 2))
    world = {
        "today": today, "action": action, "activity": activity, "session": session,
        "regular": regular, "file": file, "units": 0,
        "theme": Theme.objects.get_or_create(name="Logement")[0],
        "partner": PartnerFactory(name="CAF"),
    }
    grow(world, 1)
    return world


def grow(world: dict, times: int) -> None:
    """``times`` more units, each: an atelier of the action with sessions this week, more
    sessions of the main atelier this season, a dozen persons attending them all (so the
    roster, the search results and the figures grow), a desk day this week with its
    appointments, and contacts and referrals in the follow-up file."""
    today, current = world["today"], season(season_of(world["today"]))
    monday = today - dt.timedelta(days=today.weekday())
    for unit in range(world["units"], world["units"] + times):
        persons = _persons(unit, PERSONS_PER_UNIT) + [world["regular"]]
        other = Activity.objects.create(action=world["action"], name=f"Atelier {unit}")
        sessions = Session.objects.bulk_create(
            [Session(activity=other, date=monday + dt.timedelta(days=day),
                     start_time=dt.time(10), end_time=dt.time(12), status=Session.Status.HELD)
             for day in (0, 6)]
            + [Session(activity=world["activity"],
                       date=current.start + dt.timedelta(days=unit * SESSIONS_PER_UNIT + k),
                       start_time=dt.time(16), end_time=dt.time(18),
                       status=Session.Status.HELD)
               for k in range(SESSIONS_PER_UNIT)]
        )
        Attendance.objects.bulk_create(
            Attendance(session=s, person=p) for s in sessions for p in persons
        )
        _grow_desk(world, unit, monday, persons)
        _grow_file(world, unit)
    world["units"] += times


def _grow_desk(world: dict, unit: int, monday: dt.date, persons: list[Person]) -> None:
    """A desk day this week (the dashboard lists them) with a few appointments."""
    day = DeskSessionFactory(desk=DeskFactory(name=f"Permanence {unit}"),
                             date=monday + dt.timedelta(days=unit % 7))
    Appointment.objects.bulk_create(
        Appointment(session=day, person=person, start_time=dt.time(14, 30 * (i % 2)))
        for i, person in enumerate(persons[:4])
    )


def _grow_file(world: dict, unit: int) -> None:
    file = world["file"]
    for mode in (Contact.Mode.CENTRE, Contact.Mode.PHONE):
        contact = ContactFactory(file=file, date=dt.date(2019, 2, 1) + dt.timedelta(unit),
                                 mode=mode, note=f"Passage {unit}")
        contact.themes.add(world["theme"])
    Referral.objects.create(file=file, date=dt.date(2019, 3, 1) + dt.timedelta(unit),
                            partner=world["partner"], reason="Ouverture de droits")


# --- the pages --------------------------------------------------------------------------
# Each opens the page for ``world`` and returns the response; ``step`` changes with each
# call so that a write (the attendance mark) marks someone new every time.


def _dashboard(client, world, step):
    return client.get(reverse("dashboard"))


def _action(client, world, step):
    return client.get(reverse("action_detail", args=[world["action"].pk]),
                      {"annee": world["today"].year})


def _roster(client, world, step):
    return client.get(reverse("session_roster", args=[world["session"].pk]), **HTMX)


def _session_search(client, world, step):
    return client.get(reverse("session_search", args=[world["session"].pk]), {"q": "martin"},
                      **HTMX)


def _people_search(client, world, step):
    return client.get(reverse("person_list"), {"q": "martin"})


def _attendance_toggle(client, world, step):
    """Mark a newcomer present, then take the mark back (both one-tap requests)."""
    person = PersonFactory(last_name=f"Nouveau{step}")
    url = reverse("attendance_toggle", args=[world["session"].pk, person.pk])
    marked = client.post(url, {"present": "1", "origin": "search"}, **HTMX)
    assert marked.status_code == 200
    assert Attendance.objects.filter(session=world["session"], person=person).exists()
    return client.post(url, {"present": "0"}, **HTMX)


def _followup_file(client, world, step):
    return client.get(reverse("followup_detail", args=[world["file"].pk]))


PAGES = {
    "dashboard": _dashboard,
    "action_detail": _action,
    "session_roster": _roster,
    "session_search": _session_search,
    "person_list?q=": _people_search,
    "attendance_toggle": _attendance_toggle,
    "followup_detail": _followup_file,
}


@pytest.mark.parametrize("name", PAGES)
def test_page_query_count_does_not_grow_with_the_data(
    client_for, direction_user, world, django_assert_num_queries, name
):
    """GIVEN a dataset, then the same grown ten times (persons, sessions, attendances,
    appointments, contacts)
    WHEN the page is opened on each
    THEN it takes exactly the same number of queries."""
    open_page, client = PAGES[name], client_for(direction_user)
    assert open_page(client, world, 0).status_code == 200  # warm-up: caches, content types
    with CaptureQueriesContext(connection) as small:
        assert open_page(client, world, 1).status_code == 200
    grow(world, 9)
    with django_assert_num_queries(len(small)):
        response = open_page(client, world, 2)
    assert response.status_code == 200


def test_the_grown_dataset_shows_ten_times_more_rows(client_for, direction_user, world):
    """GIVEN the dataset grown ten times
    WHEN the pages are opened
    THEN they show the grown rows (the budget above was measured on real content)."""
    client = client_for(direction_user)
    grow(world, 9)
    roster = _roster(client, world, 0).content.decode()
    assert roster.count("<li>") == 10 * PERSONS_PER_UNIT + 1  # the regulars of the season
    assert roster.count('aria-pressed="true"') == 1  # only the regular is marked today
    search = _people_search(client, world, 0).content.decode()
    assert "121 personnes" in search and "page 1 sur 3" in search  # 121 Martins: 3 pages
    dashboard = _dashboard(client, world, 0).content.decode()
    assert all(f"Atelier {unit}" in dashboard for unit in range(10))
    assert all(f"Permanence {unit}" in dashboard for unit in range(10))
    file_page = _followup_file(client, world, 0).content.decode()
    assert file_page.count("Passage ") == 20
