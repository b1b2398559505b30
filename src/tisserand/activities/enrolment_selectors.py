"""Reads on enrolments: an atelier's enrolled and waiting lists, who counts as a child,
and person searches that put children first in a children's atelier."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When

from tisserand.activities.models import Activity, Enrolment
from tisserand.people.models import Person
from tisserand.people.selectors import person_search

ADULT_AGE = 18


def is_children_activity(activity: Activity) -> bool:
    """An atelier whose age range stops before adulthood (CLAS, éveil, ateliers enfants)."""
    return activity.max_age is not None and activity.max_age < ADULT_AGE


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def with_child_rank(persons: QuerySet[Person], *, day: dt.date) -> QuerySet[Person]:
    """``child_rank``: 0 for a child on ``day``, 1 for an unknown age, 2 for an adult."""
    adult_born_by = _years_before(day, ADULT_AGE)
    return persons.annotate(
        child_rank=Case(
            When(birth_date__gt=adult_born_by, then=Value(0)),
            When(birth_date__isnull=True, birth_year__gt=day.year - ADULT_AGE, then=Value(0)),
            When(birth_date__isnull=True, birth_year__isnull=True, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    )


def person_order(activity: Activity) -> list[str]:
    """How persons are listed for this atelier: children first in a children's atelier."""
    names = ["last_name", "first_name", "id"]
    return ["child_rank", *names] if is_children_activity(activity) else names


def person_sort_key(person: Person, *, activity: Activity, day: dt.date) -> tuple:
    """``person_order`` for persons already loaded (no query)."""
    names = (person.last_name.lower(), person.first_name.lower(), person.pk)
    if not is_children_activity(activity):
        return names
    age = person.age_on(day)
    rank = 1 if age is None else (0 if age < ADULT_AGE else 2)
    return (rank, *names)


def search_for_activity(
    *, activity: Activity, query: str, day: dt.date, limit: int = 20
) -> QuerySet[Person]:
    """Persons whose name matches, children first in a children's atelier (before the
    limit cuts the list, so that an adult namesake never hides the child)."""
    persons = with_child_rank(person_search(query=query, limit=None), day=day)
    return persons.order_by(*person_order(activity))[:limit]


def live_enrolled_ids(*, activity_id: int, season_start: int) -> QuerySet:
    return Enrolment.objects.filter(
        activity_id=activity_id, season=season_start, status=Enrolment.Status.ENROLLED
    ).values("person_id")


@dataclass
class ActivityEnrolments:
    season: int
    enrolled: list[Enrolment]
    waiting: list[Enrolment]

    @property
    def label(self) -> str:
        return f"{self.season}-{self.season + 1}"


def activity_enrolments(*, activity: Activity, season_start: int) -> ActivityEnrolments:
    """The enrolled (children first in a children's atelier) and the waiting list in its
    order, for one season: one query whatever their number."""
    rows = list(
        Enrolment.objects.select_related("person")
        .filter(activity=activity, season=season_start,
                status__in=(Enrolment.Status.ENROLLED, Enrolment.Status.WAITING))
        .order_by("waiting_position", "id")
    )
    day = dt.date(season_start, 9, 1)
    enrolled = sorted(
        (e for e in rows if e.status == Enrolment.Status.ENROLLED),
        key=lambda e: person_sort_key(e.person, activity=activity, day=day),
    )
    waiting = [e for e in rows if e.status == Enrolment.Status.WAITING]
    return ActivityEnrolments(season=season_start, enrolled=enrolled, waiting=waiting)


def with_live_enrolment(
    persons: QuerySet[Person], *, activity: Activity, season_start: int
) -> QuerySet[Person]:
    """``live_enrolment``: is the person enrolled or waiting this season already?"""
    live = Enrolment.objects.filter(
        activity=activity, season=season_start, person=OuterRef("pk"),
        status__in=(Enrolment.Status.ENROLLED, Enrolment.Status.WAITING),
    )
    return persons.annotate(live_enrolment=Exists(live))


def enrolment_for_activity(*, activity: Activity, pk: int) -> Enrolment | None:
    return Enrolment.objects.select_related("activity", "person").filter(
        Q(pk=pk), activity=activity
    ).first()
