"""Several periods counted at once (the report's trends) agree with each period's own
figures, for every group and for a set of actions."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tisserand.activities.figures.history import counts_by_period
from tisserand.activities.figures.indicators import session_figures_by
from tisserand.activities.figures.public import public_figures_by
from tisserand.activities.figures.scope import Scope
from tisserand.activities.models import Attendance, Headcount, Session
from tisserand.core.periods import calendar_year, season
from tisserand.testing.factories import (
    ActivityFactory,
    CancellationReasonFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db
YEARS = [calendar_year(2017), calendar_year(2018), calendar_year(2019)]


def _session(activity, day, status=Session.Status.HELD, present=(), counted=0):
    session = Session.objects.create(
        activity=activity, date=day, start_time=dt.time(10), end_time=dt.time(11),
        status=status,
        cancellation_reason=CancellationReasonFactory() if status == "cancelled" else None,
    )
    Attendance.objects.bulk_create(Attendance(session=session, person=p) for p in present)
    if counted:
        Headcount.objects.create(session=session, category=Headcount.Category.ADULTS,
                                 count=counted)
    return session


@pytest.fixture
def two_actions():
    dance, fair = ActivityFactory(), ActivityFactory()
    ann, bob, cat = PersonFactory.create_batch(3)
    _session(dance, dt.date(2017, 3, 1), present=[ann, bob])
    _session(dance, dt.date(2017, 3, 8), present=[ann])
    _session(dance, dt.date(2018, 12, 31), present=[cat])
    _session(dance, dt.date(2019, 1, 1), status=Session.Status.CANCELLED)
    _session(dance, dt.date(2016, 12, 31), present=[bob])  # before the first period
    _session(fair, dt.date(2019, 6, 20), counted=120)  # an event counted without names
    return dance, fair


def test_each_period_counts_as_its_own_figures(two_actions):
    counted = counts_by_period(YEARS, "action")
    for period, counts in zip(YEARS, counted, strict=True):
        sessions, public = session_figures_by(period, "action"), public_figures_by(
            period, "action")
        assert counts.keys() == {k for k, s in sessions.items() if s.held} | public.keys()
        for key, (held, persons) in counts.items():
            assert held.held == sessions[key].held
            assert (persons.persons, persons.attendances, persons.headcount) == (
                public[key].persons, public[key].attendances, public[key].headcount)
    dance, fair = two_actions
    assert counted[0][dance.action_id][1].persons == 2
    assert counted[0][dance.action_id][1].passages == 3
    assert counted[1][dance.action_id][0].held == 1
    assert dance.action_id not in counted[2]  # only a cancelled session in 2019
    assert counted[2][fair.action_id][1].passages == 120


def test_the_centre_and_a_set_of_actions(two_actions):
    dance, fair = two_actions
    centre = counts_by_period(YEARS, None)
    assert [c[0][1].persons if c else 0 for c in centre] == [2, 1, 0]
    only_fair = counts_by_period(YEARS, "action", Scope(action_ids=frozenset({fair.action_id})))
    assert [set(c) for c in only_fair] == [set(), set(), {fair.action_id}]


def test_three_queries_for_any_number_of_periods(two_actions):
    with CaptureQueriesContext(connection) as two:
        counts_by_period(YEARS[:2], "action")
    with CaptureQueriesContext(connection) as three:
        counts_by_period(YEARS, "action")
    assert len(two) == len(three) == 3


def test_overlapping_periods_are_refused():
    with pytest.raises(ValueError):
        counts_by_period([calendar_year(2019), season(2019)])
