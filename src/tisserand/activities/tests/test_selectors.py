"""Reads of the programme: figures, who runs which atelier, the roster, sessions by month."""

import datetime as dt

import pytest

from tisserand.activities import selectors
from tisserand.activities.models import Attendance, Headcount, Session
from tisserand.core.periods import calendar_year, season
from tisserand.testing.factories import (
    ActivityFactory,
    CancellationReasonFactory,
    HouseholdFactory,
    PersonFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


def test_period_figures_count_in_the_database():
    family, other_family = HouseholdFactory(), HouseholdFactory()
    mum, child = PersonFactory(household=family), PersonFactory(household=family)
    alone = PersonFactory(household=None)
    neighbour = PersonFactory(household=other_family)
    activity = ActivityFactory()
    a = SessionFactory(activity=activity, date=dt.date(2020, 1, 9), status="held")
    b = SessionFactory(date=dt.date(2020, 10, 1), status="held")
    SessionFactory(
        activity=activity, date=dt.date(2020, 3, 19), status="cancelled",
        cancellation_reason=CancellationReasonFactory(),
    )
    SessionFactory(activity=activity, date=dt.date(2020, 12, 3))
    outside = SessionFactory(activity=activity, date=dt.date(2019, 12, 31), status="held")
    for session, person in [(a, mum), (a, child), (a, alone), (b, mum), (b, neighbour),
                            (outside, neighbour)]:
        Attendance.objects.create(session=session, person=person)

    figures = selectors.period_figures(period=calendar_year(2020))
    assert figures == selectors.Figures(
        sessions_held=2, sessions_planned=1, sessions_cancelled=1,
        attendances=5, persons=4, households=2,
    )
    only_one = selectors.period_figures(period=calendar_year(2020), activity=activity)
    assert (only_one.sessions_held, only_one.attendances, only_one.persons) == (1, 3, 3)


def test_user_can_run_only_assigned_activities(direction_user, accueil_user, animateur_user):
    mine, theirs = ActivityFactory(), ActivityFactory()
    mine.contributors.add(animateur_user.contributor)
    assert selectors.user_can_run_activity(user=animateur_user, activity=mine)
    assert not selectors.user_can_run_activity(user=animateur_user, activity=theirs)
    assert selectors.user_can_run_activity(user=direction_user, activity=theirs)
    assert selectors.user_can_run_activity(user=accueil_user, activity=theirs)


def test_sessions_between_keeps_the_animateurs_own(animateur_user, accueil_user):
    mine, theirs = ActivityFactory(), ActivityFactory()
    mine.contributors.add(animateur_user.contributor)
    day = dt.date(2020, 2, 6)
    own = SessionFactory(activity=mine, date=day)
    other = SessionFactory(activity=theirs, date=day)
    SessionFactory(activity=mine, date=day + dt.timedelta(days=8))
    Attendance.objects.create(session=own, person=PersonFactory())
    Headcount.objects.create(session=own, category="children", count=7)
    found = selectors.sessions_between(user=animateur_user, start=day, end=day)
    assert found == [own]
    assert (found[0].attendance_count, found[0].headcount_total) == (1, 7)
    everyone = selectors.sessions_between(user=accueil_user, start=day, end=day)
    assert set(everyone) == {own, other}


def test_sessions_by_month_in_date_order():
    activity = ActivityFactory()
    march = SessionFactory(activity=activity, date=dt.date(2020, 3, 5))
    jan_b = SessionFactory(activity=activity, date=dt.date(2020, 1, 16))
    jan_a = SessionFactory(activity=activity, date=dt.date(2020, 1, 9))
    SessionFactory(activity=activity, date=dt.date(2020, 9, 10))  # next season
    months = selectors.activity_sessions_by_month(activity=activity, period=season(2019))
    assert [m.month for m in months] == [dt.date(2020, 1, 1), dt.date(2020, 3, 1)]
    assert months[0].sessions == [jan_a, jan_b]
    assert months[1].sessions == [march]


def test_activity_seasons_latest_first():
    activity = ActivityFactory()
    for day in [dt.date(2019, 10, 3), dt.date(2020, 3, 5), dt.date(2020, 9, 10)]:
        SessionFactory(activity=activity, date=day)
    assert [p.label for p in selectors.activity_seasons(activity=activity)] == [
        "2020-2021", "2019-2020",
    ]


def test_roster_is_this_season_of_this_activity_plus_those_marked():
    activity = ActivityFactory()
    today = SessionFactory(activity=activity, date=dt.date(2020, 2, 6))
    october = SessionFactory(activity=activity, date=dt.date(2019, 10, 3))
    june = SessionFactory(activity=activity, date=dt.date(2019, 6, 6))  # previous season
    other = SessionFactory(date=dt.date(2019, 10, 3))
    regular = PersonFactory(last_name="Bernard")
    walk_in = PersonFactory(last_name="Amrani")
    former = PersonFactory(last_name="Caron")
    elsewhere = PersonFactory(last_name="Dupont")
    Attendance.objects.create(session=october, person=regular)
    Attendance.objects.create(session=today, person=walk_in)
    Attendance.objects.create(session=june, person=former)
    Attendance.objects.create(session=other, person=elsewhere)
    roster = selectors.session_roster(session=today)
    assert [(e.person.last_name, e.present) for e in roster] == [
        ("Amrani", True), ("Bernard", False),
    ]


def test_the_roster_gives_ages_on_the_session_day():
    session = SessionFactory(date=dt.date(2020, 2, 6))
    ages = {
        PersonFactory(birth_date=dt.date(2012, 2, 6)).pk: 8,  # birthday that day
        PersonFactory(birth_date=dt.date(2012, 2, 7)).pk: 7,
        PersonFactory(birth_date=None, birth_year=2010).pk: 10,
        PersonFactory(birth_date=None, birth_year=None).pk: None,
    }
    for person_pk in ages:
        Attendance.objects.create(session=session, person_id=person_pk)
    roster = selectors.session_roster(session=session)
    assert {entry.person.pk: entry.age for entry in roster} == ages


def test_search_roster_ignores_accents_and_flags_marked():
    session = SessionFactory()
    helene = PersonFactory(first_name="Hélène", last_name="Lefèvre")
    PersonFactory(first_name="Paul", last_name="Lefort")
    Attendance.objects.create(session=session, person=helene)
    entries = selectors.session_search_roster(session=session, query="LEFEVRE")
    assert [(e.person, e.present) for e in entries] == [(helene, True)]


def test_facilitator_choices_are_the_team_plus_those_recorded(animateur_user):
    from tisserand.activities.models import SessionContributor
    from tisserand.testing.factories import ContributorFactory

    session = SessionFactory()
    session.activity.contributors.add(animateur_user.contributor)
    stand_in = ContributorFactory(last_name="Remplaçante")
    ContributorFactory(last_name="Ailleurs")
    SessionContributor.objects.create(session=session, contributor=stand_in)
    choices = selectors.session_facilitator_choices(session=session)
    assert set(choices) == {animateur_user.contributor, stand_in}
    assert selectors.session_facilitator_ids(session=session) == {stand_in.pk}


def test_status_of_a_cancelled_session_is_cancelled():
    """Guard for the badges: the selector keeps the reason loaded with the session."""
    reason = CancellationReasonFactory(label="Confinement")
    session = SessionFactory(status=Session.Status.CANCELLED, cancellation_reason=reason)
    loaded = selectors.session_for_page().get(pk=session.pk)
    assert loaded.is_cancelled
    assert loaded.cancellation_reason.label == "Confinement"
