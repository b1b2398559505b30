"""Reads on persons and households."""

import datetime as dt

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When

from tisserand.core.calendar import years_before
from tisserand.core.phones import phone_lookup
from tisserand.core.text import search_key
from tisserand.people.models import Household, Person, SchoolEnrollment


def _phone_q(query: str, prefix: str = "") -> Q | None:
    """``Q`` on the normalised number(s) at ``prefix``, ``None`` if ``query`` is no number."""
    lookup = phone_lookup(query)
    if lookup is None:
        return None
    ((kind, value),) = lookup.items()
    return Q(**{f"{prefix}phone_normalised__{kind}": value})


def _persons_matching(persons: QuerySet[Person], query: str) -> QuerySet[Person]:
    """A phone number (the person's or their household's, however typed), else every word
    typed in the name, the household's name or its address (accents and case ignored)."""
    by_phone = _phone_q(query)
    if by_phone is not None:
        return persons.filter(by_phone | _phone_q(query, "household__"))
    for word, key in _words(query):
        persons = persons.filter(
            Q(search_name__contains=key)
            | Q(household__search_name__contains=key)
            | Q(household__address__icontains=word)
        )
    return persons


def _words(query: str) -> list[tuple[str, str]]:
    """Each word typed, as typed (for the address, kept with its accents) and as a search
    key (for the names)."""
    return [(word, key) for word in query.split() if (key := search_key(word))]


def _households_matching(households: QuerySet[Household], query: str) -> QuerySet[Household]:
    """A phone number (the household's or a member's), else every word in the name or the
    address."""
    by_phone = _phone_q(query)
    if by_phone is not None:
        member_ids = Person.objects.filter(_phone_q(query)).values("household_id")
        return households.filter(by_phone | Q(pk__in=member_ids))
    for word, key in _words(query):
        households = households.filter(Q(search_name__contains=key) | Q(address__icontains=word))
    return households


def person_search(*, query: str = "", limit: int = 50) -> QuerySet[Person]:
    """Persons found by name, phone number, household name or address
    (``_persons_matching``)."""
    persons = _persons_matching(Person.objects.select_related("household"), query)
    return persons.order_by("last_name", "first_name", "id")[:limit]


def household_search(*, query: str = "", limit: int = 50) -> QuerySet[Household]:
    households = _households_matching(
        Household.objects.annotate(member_count=Count("members")), query
    )
    return households.order_by("name", "id")[:limit]


def household_choices(*, query: str, limit: int = 15) -> list[Household]:
    """Households to choose for a person: name, address and the members' first names, so
    that two "Martin" households are told apart. Two queries."""
    if not query.strip():
        return []
    members = Person.objects.only("first_name", "household_id").order_by("first_name", "id")
    households = _households_matching(Household.objects.all(), query)
    return list(
        households.prefetch_related(Prefetch("members", queryset=members))
        .order_by("name", "id")[:limit]
    )


def persons_filtered(
    *,
    today: dt.date,
    query: str = "",
    min_age: int | None = None,
    max_age: int | None = None,
    priority_area: str = "",
    membership_season: int | None = None,
    among: QuerySet | None = None,
) -> QuerySet[Person]:
    """The persons list's rows: every filter given, combined. Ages on ``today`` (from the
    birth date, else the birth year, as ``Person.age_on``); ``among``: a query of person
    ids (those present in an atelier, given by the layer that knows attendance)."""
    persons = _persons_matching(Person.objects.select_related("household"), query)
    if min_age is not None:
        persons = persons.filter(
            Q(birth_date__lte=years_before(today, min_age))
            | Q(birth_date__isnull=True, birth_year__lte=today.year - min_age)
        )
    if max_age is not None:
        persons = persons.filter(
            Q(birth_date__gt=years_before(today, max_age + 1))
            | Q(birth_date__isnull=True, birth_year__gte=today.year - max_age)
        )
    if priority_area:
        persons = persons.filter(priority_area=priority_area)
    if membership_season is not None:
        persons = persons.filter(household__memberships__season=membership_season)
    if among is not None:
        persons = persons.filter(pk__in=among)
    return persons.order_by("last_name", "first_name", "id")


def households_filtered(
    *, query: str = "", membership_season: int | None = None, members: QuerySet | None = None
) -> QuerySet[Household]:
    """The households list's rows; ``members``: the persons of which a household must
    count one (``persons_filtered``), ``None`` for no filter on the members."""
    households = _households_matching(
        Household.objects.annotate(member_count=Count("members")), query
    )
    if membership_season is not None:
        households = households.filter(memberships__season=membership_season)
    if members is not None:
        households = households.filter(pk__in=members.values("household_id"))
    return households.order_by("name", "id")


def person_homonyms(
    *, first_name: str, last_name: str, birth_date: dt.date | None, birth_year: int | None
) -> list[Person]:
    """Existing persons with the same name (accents and case ignored) whose birth does not
    contradict the one given: the same date or year, or unknown on either side (a namesake
    recorded without a birth date may well be the same person)."""
    same_name = Person.objects.filter(search_name=search_key(f"{last_name} {first_name}"))
    unknown = Q(birth_date__isnull=True, birth_year__isnull=True)
    if birth_date:
        same_name = same_name.filter(
            Q(birth_date=birth_date) | Q(birth_date__isnull=True, birth_year=birth_date.year)
            | unknown
        )
    elif birth_year:
        same_name = same_name.filter(
            Q(birth_year=birth_year) | Q(birth_date__year=birth_year) | unknown
        )
    return list(same_name.order_by("last_name", "first_name", "id"))


def merge_candidates(*, query: str, exclude: int | None = None, limit: int = 20):
    """Persons to choose for a merge (the first, then the second record)."""
    persons = _persons_matching(Person.objects.select_related("household"), query)
    if exclude:
        persons = persons.exclude(pk=exclude)
    return list(persons.order_by("last_name", "first_name", "id")[:limit])


def household_merge_candidates(*, query: str, exclude: int | None = None, limit: int = 20):
    households = _households_matching(
        Household.objects.annotate(member_count=Count("members")), query
    )
    if exclude:
        households = households.exclude(pk=exclude)
    return list(households.order_by("name", "id")[:limit])


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
