"""Reads on persons and households."""

import datetime as dt

from django.db.models import Case, Count, IntegerField, Prefetch, QuerySet, Value, When

from tisserand.core.text import search_key
from tisserand.people.models import Household, Person, SchoolEnrollment


def person_search(*, query: str = "", limit: int = 50) -> QuerySet[Person]:
    """Persons whose name contains every word typed, accents and case ignored."""
    persons = Person.objects.select_related("household")
    for word in search_key(query).split():
        persons = persons.filter(search_name__contains=word)
    return persons.order_by("last_name", "first_name", "id")[:limit]


def household_search(*, query: str = "", limit: int = 50) -> QuerySet[Household]:
    households = Household.objects.annotate(member_count=Count("members"))
    for word in search_key(query).split():
        households = households.filter(search_name__contains=word)
    return households.order_by("name", "id")[:limit]


def person_homonyms(
    *, first_name: str, last_name: str, birth_date: dt.date | None, birth_year: int | None
) -> list[Person]:
    """Existing persons with the same name and the same birth date (or year)."""
    same_name = Person.objects.filter(
        search_name=search_key(f"{last_name} {first_name}")
    )
    if birth_date:
        same_name = same_name.filter(birth_date=birth_date) | same_name.filter(
            birth_date__isnull=True, birth_year=birth_date.year
        )
    elif birth_year:
        same_name = same_name.filter(birth_year=birth_year) | same_name.filter(
            birth_date__year=birth_year
        )
    else:
        return []
    return list(same_name)


def person_with_details() -> QuerySet[Person]:
    """Persons ready for their page: household and school enrolments (with school) loaded."""
    return Person.objects.select_related("household").prefetch_related(
        Prefetch(
            "enrollments",
            queryset=SchoolEnrollment.objects.select_related("school").order_by("-school_year"),
        )
    )


def household_with_details() -> QuerySet[Household]:
    """Households ready for their page: members, family quotients and memberships loaded."""
    return Household.objects.prefetch_related(
        Prefetch(
            "members",
            queryset=Person.objects.annotate(
                role_rank=Case(
                    When(household_role=Person.HouseholdRole.PARENT, then=Value(0)),
                    When(household_role=Person.HouseholdRole.CHILD, then=Value(1)),
                    default=Value(2),
                    output_field=IntegerField(),
                )
            ).order_by("role_rank", "last_name", "first_name", "id"),
        ),
        "quotients",
        "memberships",
    )
