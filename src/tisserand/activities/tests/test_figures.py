import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tisserand.activities.figures.indicators import indicators_by, indicators_for, session_figures
from tisserand.activities.figures.participation import participation_figures
from tisserand.activities.figures.public import public_figures
from tisserand.activities.figures.scope import Scope
from tisserand.activities.models import Attendance, Session
from tisserand.activities.services import attendance_mark
from tisserand.core.periods import calendar_year
from tisserand.people.models import Person
from tisserand.testing.factories import (
    HouseholdFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db
YEAR_2020 = calendar_year(2020)


def test_session_figures_for_the_centre(world):
    figures = session_figures(Scope(), YEAR_2020)
    assert (figures.planned, figures.held, figures.cancelled) == (5, 3, 1)
    assert (figures.held_in_centre, figures.held_outreach) == (2, 1)
    assert figures.hours == 6.75  # three held sessions of 2 h 15
    assert figures.cancelled_by_reason == {"Confinement": 1}


def test_public_figures_for_the_centre(world):
    public = public_figures(Scope(), YEAR_2020)
    assert (public.attendances, public.headcount, public.passages) == (9, 10, 19)
    assert (public.persons, public.households) == (5, 2)  # the man alone is his own household
    assert (public.female, public.male, public.sex_unspecified) == (2, 3, 0)
    assert (public.children, public.adults, public.age_unknown) == (2, 3, 0)
    assert (public.youngest_age, public.oldest_age) == (5, 70)
    bands = {row.label: (row.female, row.male) for row in public.age_bands}
    assert bands["4-10 ans"] == (1, 1)
    assert bands["26-59 ans"] == (1, 1)
    assert bands["60 ans et plus"] == (0, 1)
    assert sum(row.total for row in public.age_bands) == 5
    assert (public.mothers, public.fathers) == (1, 1)
    assert (public.priority_area, public.priority_area_unknown) == (1, 4)
    assert public.headcount_by_category == {"Adultes": 10}


def test_scope_narrows_to_an_atelier(world):
    public = public_figures(Scope(activity=world["y"]), YEAR_2020)
    assert (public.persons, public.attendances, public.headcount) == (2, 2, 0)
    assert session_figures(Scope(activity=world["y"]), YEAR_2020).held == 1
    assert public_figures(Scope(sector=world["sector"]), YEAR_2020).persons == 5


def test_newcomers_and_regulars(world):
    figures = participation_figures(Scope(), YEAR_2020)
    # Everyone but the mother came for the first time in 2020; the family had come in 2019.
    assert (figures.new_persons, figures.new_households) == (4, 1)
    assert figures.regulars == 5  # with 50 %, once out of X's two sessions is enough
    strict = participation_figures(Scope(), YEAR_2020, regular_threshold=1.0)
    assert strict.regulars == 3  # mother and son at both X sessions; the man and son at Y


def test_everything_for_the_centre(world):
    figures = indicators_for(Scope(), YEAR_2020)
    spring, autumn = figures.schooling
    assert (spring.label, spring.participants, spring.by_school, spring.by_level) == (
        "2019-2020", 5, {"École A": 1}, {"CP": 1},
    )
    assert (autumn.label, autumn.participants, autumn.by_level) == ("2020-2021", 2, {"CE1": 1})
    assert (figures.contributors.volunteers, figures.contributors.volunteer_hours) == (1, 4.5)
    assert (figures.contributors.staff, figures.contributors.staff_hours) == (1, 2.25)
    assert [(p.name, p.roles) for p in figures.partners] == [("École A", ["Oriente le public"])]
    by_month = dict(figures.by_month)
    assert len(by_month) == 12
    assert by_month[dt.date(2020, 1, 1)] == 4
    assert by_month[dt.date(2020, 2, 1)] == 13  # 3 named + 10 counted
    assert by_month[dt.date(2020, 4, 1)] == 0
    assert by_month[dt.date(2020, 9, 1)] == 2


def test_figures_follow_the_data(world):
    """Removing one attendance or cancelling a session moves the figures."""
    before = indicators_for(Scope(), YEAR_2020)
    Attendance.objects.filter(session__date=dt.date(2020, 9, 14)).first().delete()
    after = indicators_for(Scope(), YEAR_2020)
    assert after.public.attendances == before.public.attendances - 1


def _grow(world, copies):
    """Add ``copies`` more families attending every 2020 session of atelier X."""
    sessions = list(Session.objects.filter(activity=world["x"], status=Session.Status.HELD))
    for _ in range(copies):
        household = HouseholdFactory()
        people = PersonFactory.create_batch(
            3, household=household, household_role=Person.HouseholdRole.PARENT
        )
        for session in sessions:
            for person in people:
                attendance_mark(session=session, person=person)


def _count_queries():
    with CaptureQueriesContext(connection) as context:
        indicators_for(Scope(), YEAR_2020)
    return len(context)


def test_query_count_does_not_grow_with_the_data(world):
    _grow(world, 2)
    small = _count_queries()
    _grow(world, 20)
    assert Attendance.objects.count() > 100
    assert _count_queries() == small


@pytest.mark.parametrize("group", ["sector", "action", "activity"])
def test_grouped_figures_equal_the_figures_of_each_scope(world, group):
    """GIVEN the world WHEN figures are computed for every group in one pass THEN each group
    has exactly the figures of its own scope."""
    grouped = indicators_by(YEAR_2020, group)
    objects = {"sector": [world["sector"]], "action": [world["action"]],
               "activity": [world["x"], world["y"]]}[group]
    assert set(grouped) == {obj.pk for obj in objects}
    for obj in objects:
        alone = indicators_for(Scope(**{group: obj}), YEAR_2020)
        assert grouped[obj.pk] == alone


def test_a_scope_without_sessions_has_zero_figures(world):
    empty = indicators_for(Scope(activity=world["y"]), calendar_year(2019))
    assert (empty.sessions.planned, empty.public.persons, empty.public.passages) == (0, 0, 0)
    assert len(empty.by_month) == 12


def test_a_baby_born_during_the_period_is_aged_zero(world):
    """GIVEN a baby born in June 2020 present in September WHEN counting 2020 THEN the baby
    is a child of the 0-3 band, and the youngest age is 0, never negative."""
    baby = PersonFactory(sex="F", birth_date=dt.date(2020, 6, 1))
    attendance_mark(session=Session.objects.get(date=dt.date(2020, 9, 14)), person=baby)
    public = public_figures(Scope(), YEAR_2020)
    assert public.youngest_age == 0
    assert public.children == 3
    assert {row.label: row.female for row in public.age_bands}["0-3 ans"] == 1
    assert sum(row.total for row in public.age_bands) == public.persons == 6
