"""The demo also runs the current season, relative to the day it is loaded.

The demo is loaded with the clock set to two days: a Wednesday of November 2025 (the school
holidays are known: term-time ateliers skip them) and a Saturday of March 2027 (beyond the
school calendar: sessions are generated without school holidays, issue 14). Each day is one
load for the whole module (``live_demo``); the clock stays there while its tests run.
"""

import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count, F
from django.urls import reverse

from tisserand.activities.models import Attendance, Session
from tisserand.demo.live_season import live_season_of
from tisserand.desks.models import Appointment
from tisserand.followup.models import Contact
from tisserand.people.models import Person
from tisserand.testing.demo import built_demo_centre

pytestmark = pytest.mark.django_db

D = dt.date
WEDNESDAY_IN_TERM, SATURDAY_NEXT_YEAR = D(2025, 11, 19), D(2027, 3, 13)


@pytest.fixture(scope="module", params=[WEDNESDAY_IN_TERM, SATURDAY_NEXT_YEAR],
                ids=["2025-11-19", "2027-03-13"])
def live_demo(request, django_db_setup, django_db_blocker):
    """GIVEN the demo loaded on the given day (the clock stays on that day, 10 h)."""
    moment = dt.datetime.combine(request.param, dt.time(10, 0),
                                 tzinfo=ZoneInfo(settings.TIME_ZONE))
    with time_machine.travel(moment, tick=False), built_demo_centre(django_db_blocker):
        yield request.param


def dashboard(client, username: str) -> str:
    client.force_login(get_user_model().objects.get(username=username))
    return client.get(reverse("dashboard")).content.decode()


def figure(content: str, name: str) -> int:
    return int(re.search(rf'id="figure-{name}">(\d+)<', content).group(1))


def today_card(content: str) -> str:
    """The "Aujourd'hui" card of the dashboard (up to the "Cette semaine" card)."""
    return content[content.index("<h2>Aujourd"):content.index("Cette semaine")]


def test_sessions_today_and_this_week(live_demo):
    today = live_demo
    monday = today - dt.timedelta(days=today.weekday())
    week = Session.objects.filter(date__range=(monday, monday + dt.timedelta(days=6)))
    assert Session.objects.filter(date=today).exclude(status="cancelled").count() >= 2
    assert week.exclude(date=today).count() >= 10
    # Today's and the coming sessions wait to be marked; the past ones were held.
    assert not Session.objects.filter(date__gte=today, status="held").exists()
    assert not Session.objects.filter(date__range=(D(2021, 9, 1), today - dt.timedelta(days=1)),
                                      status="planned").exists()


def test_attendance_up_to_yesterday_and_none_from_today(live_demo):
    today = live_demo
    season_start = D(today.year if today.month >= 9 else today.year - 1, 9, 1)
    recent = Attendance.objects.filter(session__date__range=(season_start, today))
    assert recent.count() > 1000
    assert not recent.filter(session__date=today).exists()
    assert not Attendance.objects.filter(session__date__gt=today).exists()
    # Regulars come back week after week; the 2019-2020 inhabitants are among them.
    by_person = recent.values("person").annotate(n=Count("id"))
    assert by_person.filter(n__gte=5).count() > 100
    assert recent.filter(person__attendances__session__date__year=2020).exists()
    # Nobody attends a cancelled session, and some sessions of the season were cancelled.
    assert not recent.filter(session__status="cancelled").exists()
    assert Session.objects.filter(date__gte=season_start, status="cancelled").count() >= 6
    # Newcomers of the season were recorded this season, never back in the history.
    assert Person.objects.filter(created_at__date__gte=season_start).count() >= 20
    assert not Person.objects.filter(created_at__date__range=(D(2021, 1, 1), season_start
                                                              - dt.timedelta(days=1))).exists()


def test_appointments_next_week_and_held_ones_before(live_demo):
    today = live_demo
    next_monday = today + dt.timedelta(days=7 - today.weekday())
    booked = Appointment.objects.filter(
        session__date__range=(next_monday, next_monday + dt.timedelta(days=6)), status="booked")
    assert booked.count() >= 2
    past = Appointment.objects.filter(
        session__date__range=(today - dt.timedelta(weeks=6), today - dt.timedelta(days=1)))
    assert past.filter(status="honoured").count() >= 5
    assert not past.filter(status="booked").exists()


def test_follow_up_contacts_this_year_up_to_yesterday(live_demo):
    contacts = Contact.objects.filter(date__year=live_demo.year)
    assert contacts.count() >= 5
    assert not Contact.objects.filter(date__gte=live_demo).exists()


def test_direction_dashboard_shows_the_current_year(client, live_demo):
    content = dashboard(client, "direction")
    assert f"L'année {live_demo.year} en chiffres" in content
    for name in ("held", "attendances", "persons", "households"):
        assert figure(content, name) > 0, name


@pytest.mark.parametrize("username", ["animateur", "benevole"])
def test_animateur_and_benevole_have_a_session_today(client, live_demo, username):
    card = today_card(dashboard(client, username))
    assert "CLAS Cornette / Dupleix" in card
    assert "Aucune séance aujourd" not in card


def test_current_year_report_has_figures(live_demo, tmp_path):
    """``report --year <current year>``: the CLAS children counted by school this year."""
    output = tmp_path / "rapport.html"
    call_command("report", "--year", str(live_demo.year), "--output", str(output),
                 stdout=io.StringIO())
    text = output.read_text(encoding="utf-8")
    pupils = [int(n) for n in re.findall(r"(\d+) enfants scolarisés, par école", text)]
    assert pupils and max(pupils) >= 10
    assert "Séances réalisées" in text


def test_no_live_season_while_it_could_touch_the_history():
    assert live_season_of(D(2020, 12, 3), 2020) is None
    assert live_season_of(D(2021, 8, 31), 2020) is None
    assert live_season_of(D(2021, 9, 1), 2020).period.start == D(2021, 9, 1)


def test_regulars_are_enrolled_and_head_the_roster_of_today(client, live_demo):
    """The season's regulars are enrolled (up to each atelier's places, the rest waiting),
    so the animateur's roster of today starts with them."""
    from tisserand.activities.models import Enrolment
    from tisserand.activities.selectors import session_roster

    today = live_demo
    season = today.year if today.month >= 9 else today.year - 1
    enrolled = Enrolment.objects.filter(season=season, status="enrolled")
    assert enrolled.count() > 100
    for activity_id, count in enrolled.values_list("activity").annotate(n=Count("id")):
        capacity = Session.objects.filter(activity_id=activity_id).first().activity.capacity
        assert capacity is None or count <= capacity
    # Most enrolled persons really came this season (they are its regulars).
    came = enrolled.filter(person__attendances__session__date__gte=D(season, 9, 1),
                           person__attendances__session__activity=F("activity")).distinct()
    assert came.count() >= 0.8 * enrolled.count()

    session = (Session.objects.filter(date=today, activity__enrolments__season=season)
               .exclude(status="cancelled").distinct().first())
    roster = session_roster(session=session)
    enrolled_here = set(enrolled.filter(activity=session.activity)
                        .values_list("person_id", flat=True))
    head = roster[:len(enrolled_here)]
    assert enrolled_here and {entry.person.pk for entry in head} == enrolled_here
    assert all(entry.enrolled for entry in head)
