"""When an atelier met, read from its sessions: days and parts of the day, hours, school
holidays, frequency, separate runs, persons present, team of each run."""

import datetime as dt

import pytest

from tisserand.activities.figures.rhythm import held_sessions_by
from tisserand.activities.models import Attendance, Headcount, Session, SessionContributor
from tisserand.core.models import Contributor
from tisserand.core.periods import calendar_year
from tisserand.testing.factories import (
    ActivityFactory,
    CancellationReasonFactory,
    ContributorFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db
YEAR = calendar_year(2020)
D = dt.date


def held(activity, day, start="10:00", end="11:00", present=0, counted=0,
         status=Session.Status.HELD):
    session = Session.objects.create(
        activity=activity, date=day, start_time=dt.time.fromisoformat(start),
        end_time=dt.time.fromisoformat(end), status=status,
        cancellation_reason=CancellationReasonFactory() if status == "cancelled" else None,
    )
    Attendance.objects.bulk_create(
        Attendance(session=session, person=PersonFactory()) for _ in range(present)
    )
    if counted:
        Headcount.objects.create(session=session, category=Headcount.Category.CHILDREN,
                                 count=counted)
    return session


def rhythm(activity):
    return held_sessions_by(YEAR, "activity")[activity.pk]


def test_an_atelier_without_slots_on_saturday_mornings_twice_a_month():
    activity = ActivityFactory()
    saturdays = [D(2020, 1, 11), D(2020, 1, 25), D(2020, 2, 8), D(2020, 3, 7),
                 D(2020, 3, 21), D(2020, 10, 3), D(2020, 10, 17) + dt.timedelta(days=7)]
    for day in saturdays:
        held(activity, day)
    assert rhythm(activity).days_text(YEAR) == (
        "le samedi matin de 10 h 00 à 11 h 00, 2 fois par mois"
    )


def test_separate_runs_and_the_persons_present_at_each():
    """GIVEN 8 Monday sessions from January to March and 4 in September and October
    WHEN the year is told THEN the two runs are told apart, with who came."""
    activity = ActivityFactory()
    mondays = [D(2020, 1, 6) + dt.timedelta(weeks=n) for n in range(10) if n not in (5, 7)]
    mondays += [D(2020, 9, 21) + dt.timedelta(weeks=n) for n in range(4)]
    for number, day in enumerate(mondays):
        held(activity, day, "16:30", "18:00", present=7 + number % 7 if number < 8 else 5)
    found = rhythm(activity)
    assert found.runs_text(YEAR) == "8 de janvier à mars, puis 4 en septembre et octobre"
    assert found.runs_text(YEAR, with_presents=True) == (
        "8 de janvier à mars (7 à 13 présents), puis 4 en septembre et octobre (5 présents)"
    )
    assert found.duration() == dt.timedelta(hours=1, minutes=30)


def test_one_run_says_its_months_and_a_late_start_says_since():
    activity = ActivityFactory()
    for n in range(18):  # Mondays and Thursdays from mid-October to mid-December
        held(activity, D(2020, 10, 12) + dt.timedelta(days=3 * n + n // 2))
    found = rhythm(activity)
    assert found.runs_text(YEAR) == "d’octobre à décembre"
    assert found.frequency_text(YEAR) == "2 fois par semaine depuis octobre"


def test_an_atelier_of_the_school_holidays():
    activity = ActivityFactory()
    for day in (D(2020, 2, 26), D(2020, 7, 10), D(2020, 7, 15), D(2020, 10, 21)):
        held(activity, day)
    found = rhythm(activity)
    assert found.days_text(YEAR) == "pendant les vacances scolaires"
    assert found.in_school_holidays() == 4


def test_the_usual_number_present_leaves_out_the_two_extreme_sessions():
    activity = ActivityFactory()
    for n in range(12):
        counted = {0: 3, 5: 27}.get(n, 10 + n % 6)
        held(activity, D(2020, 1, 8) + dt.timedelta(weeks=n), counted=counted)
    assert rhythm(activity).present_range() == (3, 27, 10, 15)


def test_the_team_of_each_run_when_it_changes():
    """Two volunteers until March, four from September; an external facilitator in the
    first run only."""
    activity = ActivityFactory()
    volunteers = [ContributorFactory(kind=Contributor.Kind.VOLUNTEER) for _ in range(4)]
    facilitator = ContributorFactory(kind=Contributor.Kind.FACILITATOR,
                                     job_title="Diététicienne")
    spring = [held(activity, D(2020, 1, 6) + dt.timedelta(weeks=n)) for n in range(3)]
    autumn = [held(activity, D(2020, 9, 21) + dt.timedelta(weeks=n)) for n in range(2)]
    for session in spring:
        for contributor in (*volunteers[:2], facilitator):
            SessionContributor.objects.create(session=session, contributor=contributor)
    for session in autumn:
        for contributor in volunteers:
            SessionContributor.objects.create(session=session, contributor=contributor)
    assert rhythm(activity).runs_text(YEAR, with_team=True) == (
        "3 en janvier (2 bénévoles, avec Diététicienne), puis 2 en septembre (4 bénévoles)"
    )


def test_planned_sessions_give_the_frequency_and_cancelled_ones_no_run():
    activity = ActivityFactory()
    for n in range(12):  # every other Thursday all year, half of them cancelled
        status = Session.Status.HELD if n % 2 == 0 else Session.Status.CANCELLED
        held(activity, D(2020, 1, 9) + dt.timedelta(weeks=2 * n), status=status)
    found = rhythm(activity)
    assert found.held == 6
    assert found.frequency_text(YEAR) == "2 fois par mois"


def test_no_session_no_rhythm():
    activity = ActivityFactory()
    held(activity, D(2019, 5, 4))
    assert activity.pk not in held_sessions_by(YEAR, "activity")
