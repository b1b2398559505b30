"""The yearly report does not degrade with the size of a household (issue 12).

A household of 10,000 members made the report take 21 s instead of 0.2 s: "is this
household new?" was asked once per member present, each time through every member's
attendances. The work is counted, not timed: SQLite's virtual machine steps for the whole
report (``sqlite3``'s progress handler), the same number of persons split into one large
household or into households of two.
"""

import datetime as dt

import pytest
from django.db import connection

from tisserand.activities.figures.participation import participation_figures_by
from tisserand.activities.models import Attendance, Session
from tisserand.core.periods import calendar_year
from tisserand.people.models import Household, Person
from tisserand.reports.builder import build_report
from tisserand.testing.factories import ActivityFactory, SessionFactory

pytestmark = pytest.mark.django_db

PERSONS = 400


def centre_with(persons: int, household_size: int) -> None:
    """``persons`` present at a session of 2020, and half of them at one of 2019, in
    households of ``household_size`` members."""
    activity = ActivityFactory()
    before = SessionFactory(activity=activity, date=dt.date(2019, 3, 4),
                            status=Session.Status.HELD)
    now = SessionFactory(activity=activity, date=dt.date(2020, 3, 2),
                         status=Session.Status.HELD)
    households = Household.objects.bulk_create(
        Household(name=f"Famille {n}") for n in range(-(-persons // household_size))
    )
    people = Person.objects.bulk_create(
        Person(first_name=f"P{n}", last_name="Test", birth_date=dt.date(1990, 1, 1),
               household=households[n // household_size])
        for n in range(persons)
    )
    Attendance.objects.bulk_create(
        [Attendance(session=now, person=p) for p in people]
        + [Attendance(session=before, person=p) for p in people[::2]]
    )


def sqlite_steps(function) -> int:
    """How many times SQLite's virtual machine runs 100 more steps during ``function()``."""
    steps = 0

    def count():
        nonlocal steps
        steps += 1
        return 0

    connection.ensure_connection()
    raw = connection.connection
    raw.set_progress_handler(count, 100)
    try:
        function()
    finally:
        raw.set_progress_handler(None, 100)
    return steps


def report_steps(persons: int, household_size: int) -> int:
    centre_with(persons, household_size)
    report = lambda: build_report(calendar_year(2020), with_charts=False)  # noqa: E731
    report()  # warm-up: reference data read once
    steps = sqlite_steps(report)
    Attendance.objects.all().delete()
    Session.objects.all().delete()
    Person.objects.all().delete()
    Household.objects.all().delete()
    return steps


@pytest.mark.skipif(connection.vendor != "sqlite", reason="compteur d'étapes de SQLite")
def test_one_large_household_costs_the_report_what_small_ones_do():
    small = report_steps(PERSONS, household_size=2)
    large = report_steps(PERSONS, household_size=PERSONS)
    # Before the fix: about five times more for 400 members, 25 times more for 2,000.
    assert large < 1.25 * small, (small, large)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="compteur d'étapes de SQLite")
def test_the_report_grows_with_the_persons_present_not_with_their_square():
    hundred = report_steps(100, household_size=100)
    four_hundred = report_steps(400, household_size=400)
    assert four_hundred < 4.5 * hundred, (hundred, four_hundred)


def test_a_large_household_still_counts_right():
    """400 members of one household, half of them present in 2019: in 2020, 200 new
    persons and no new family; the 2019 report finds the family new."""
    centre_with(PERSONS, PERSONS)
    now = participation_figures_by(calendar_year(2020), None)
    assert [(f.new_persons, f.new_households) for f in now.values()] == [(200, 0)]
    before = participation_figures_by(calendar_year(2019), None)
    assert [(f.new_persons, f.new_households) for f in before.values()] == [(200, 1)]
