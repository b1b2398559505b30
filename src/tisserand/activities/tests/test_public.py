"""The public of an atelier: ages on each person's first attendance in the period, and what
follows from them (children and adults, girls and boys, women and men, age range)."""

import datetime as dt

import pytest

from tisserand.activities.figures.public import public_figures, public_figures_by
from tisserand.activities.figures.scope import Scope
from tisserand.activities.models import Attendance, Session
from tisserand.core.periods import Period, calendar_year
from tisserand.people.models import Person
from tisserand.testing.factories import ActivityFactory, PersonFactory

pytestmark = pytest.mark.django_db
F, M = Person.Sex.FEMALE, Person.Sex.MALE


def attend(activity, person, *days):
    for day in days:
        session, _created = Session.objects.get_or_create(
            activity=activity, date=day,
            defaults={"start_time": dt.time(14), "end_time": dt.time(16),
                      "status": Session.Status.HELD},
        )
        Attendance.objects.create(session=session, person=person)


@pytest.mark.parametrize(
    "first_day, age",
    [
        (dt.date(2021, 2, 28), 4),  # 2021 has no 29 February: the birthday is 1 March
        (dt.date(2021, 3, 1), 5),
        (dt.date(2020, 2, 28), 3),
        (dt.date(2020, 2, 29), 4),
    ],
)
def test_a_29_february_birthday_on_the_first_attendance(first_day, age):
    activity = ActivityFactory()
    attend(activity, PersonFactory(birth_date=dt.date(2016, 2, 29)), first_day,
           first_day + dt.timedelta(days=30))
    public = public_figures(Scope(activity=activity), calendar_year(first_day.year))
    assert (public.youngest_age, public.oldest_age) == (age, age)
    assert public.children == 1


def test_the_age_is_taken_on_the_first_attendance_of_the_period_not_its_start():
    """GIVEN a teenager born on 10 April 2005 WHEN she first comes in May 2020 THEN she is
    15 (on 1 January she was 14); another who came in March too is 14."""
    activity = ActivityFactory()
    attend(activity, PersonFactory(birth_date=dt.date(2005, 4, 10)), dt.date(2020, 5, 6))
    attend(activity, PersonFactory(birth_date=dt.date(2005, 4, 12)), dt.date(2020, 3, 4),
           dt.date(2020, 5, 6))
    public = public_figures(Scope(activity=activity), calendar_year(2020))
    assert (public.youngest_age, public.oldest_age) == (14, 15)
    # Over another period the first attendance is another one.
    may = Period(dt.date(2020, 5, 1), dt.date(2020, 5, 31))
    assert public_figures(Scope(activity=activity), may).youngest_age == 15


def test_children_and_adults_by_sex_and_the_birth_year_alone():
    activity = ActivityFactory()
    day = dt.date(2020, 10, 7)
    people = [
        PersonFactory(sex=F, birth_date=dt.date(2013, 1, 1)),  # girl, 7
        PersonFactory(sex=M, birth_date=dt.date(2012, 1, 1)),  # boy, 8
        PersonFactory(sex=M, birth_date=None, birth_year=2003),  # 17 by the years: a boy
        PersonFactory(sex=F, birth_date=dt.date(1990, 1, 1)),  # woman
        PersonFactory(sex=M, birth_date=dt.date(2002, 10, 7)),  # 18 that very day: a man
        PersonFactory(sex=F, birth_date=None, birth_year=None),  # age unknown
    ]
    for person in people:
        attend(activity, person, day)
    public = public_figures(Scope(activity=activity), calendar_year(2020))
    assert (public.girls, public.boys, public.women, public.men) == (1, 2, 1, 1)
    assert (public.children, public.adults, public.age_unknown) == (3, 2, 1)
    assert (public.youngest_child, public.oldest_child) == (7, 17)
    assert (public.youngest_age, public.oldest_age) == (7, 30)


def test_a_baby_born_during_the_year_is_never_counted_before_birth():
    activity = ActivityFactory()
    attend(activity, PersonFactory(birth_date=dt.date(2020, 6, 1)), dt.date(2020, 6, 15))
    public = public_figures(Scope(activity=activity), calendar_year(2020))
    assert (public.youngest_age, public.children) == (0, 1)
    assert public.age_bands[0].total == 1  # 0-3 ans


def test_most_children_are_in_the_narrowest_range_holding_more_than_half():
    activity = ActivityFactory()
    day = dt.date(2020, 6, 3)
    for years in (3, 6, 7, 7, 8, 9, 11):
        attend(activity, PersonFactory(birth_date=dt.date(2020 - years, 1, 1)), day)
    public = public_figures(Scope(activity=activity), calendar_year(2020))
    assert public.children_majority == (6, 8)  # 4 of 7 children


def test_figures_of_several_ateliers_in_one_grouped_query(django_assert_num_queries):
    first, second = ActivityFactory(), ActivityFactory()
    attend(first, PersonFactory(birth_date=dt.date(2010, 5, 5)), dt.date(2020, 6, 3))
    mother = PersonFactory(sex=F, household_role=Person.HouseholdRole.PARENT)
    father = PersonFactory(sex=M, household_role=Person.HouseholdRole.PARENT)
    attend(second, mother, dt.date(2020, 6, 4))
    attend(second, father, dt.date(2020, 6, 4))
    with django_assert_num_queries(3):
        by_activity = public_figures_by(calendar_year(2020), "activity")
    assert by_activity[first.pk].children == 1
    second_public = by_activity[second.pk]
    assert (second_public.parents, second_public.mothers, second_public.fathers) == (2, 1, 1)
