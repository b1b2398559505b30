"""The public of the programme: who came, counted per group (centre, sector, action or
atelier) for a period.

**Ages** are taken on each person's *first attendance in the period* (their first held
session of the group in it): a teenager who turns 15 in March and first came in April is
15, as the animateur who met them would say; a child born during the year is never counted
before their birth. With a birth date the age is exact (a person born on 29 February has
their birthday on 1 March in other years); with a birth year only it is the difference of
the years.

Two statements, whatever the number of persons: the database first reduces the attendances
to one row per (group, person) with their number and first date, then
- sums the persons' conditions per group (sex, role in the household, QPV...);
- counts them per group, age and sex (an age histogram), from which the children, adults,
  girls, boys, women, men, age range and age bands are derived here.
"""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Min, Q, Sum

from tisserand.activities.figures.scope import (
    WHOLE_CENTRE,
    Scope,
    group_key,
    held_sessions_q,
)
from tisserand.activities.models import Attendance, Headcount
from tisserand.core.figures import (
    ADULT_AGE,
    ALL,
    DEFAULT_AGE_BANDS,
    SqlBuilder,
    age_band_label,
    date_number_sql,
)
from tisserand.core.periods import Period
from tisserand.people.models import Person, PriorityArea

FEMALE, MALE = Person.Sex.FEMALE, Person.Sex.MALE


@dataclass(frozen=True)
class AgeBandRow:
    label: str
    female: int
    male: int
    unspecified: int

    @property
    def total(self) -> int:
        return self.female + self.male + self.unspecified


@dataclass(frozen=True)
class PublicFigures:
    attendances: int = 0  # named attendances (passages)
    headcount: int = 0  # anonymous counts
    persons: int = 0
    households: int = 0  # a person with no household recorded counts as one
    female: int = 0
    male: int = 0
    sex_unspecified: int = 0
    children: int = 0  # under 18 at their first attendance
    adults: int = 0
    age_unknown: int = 0
    girls: int = 0
    boys: int = 0
    women: int = 0
    men: int = 0
    youngest_age: int | None = None
    oldest_age: int | None = None
    youngest_child: int | None = None
    oldest_child: int | None = None
    # The narrowest range of ages holding more than half of the children ("la plupart").
    children_majority: tuple[int, int] | None = None
    age_bands: list[AgeBandRow] = field(default_factory=list)
    parents: int = 0  # persons recorded as a parent of their household
    mothers: int = 0
    fathers: int = 0
    priority_area: int = 0
    priority_area_unknown: int = 0
    headcount_by_category: dict[str, int] = field(default_factory=dict)

    @property
    def passages(self) -> int:
        return self.attendances + self.headcount

    @property
    def counted_only(self) -> bool:
        """An event counted without names: passages, and nobody known."""
        return self.headcount > 0 and self.persons == 0


def empty_public(age_bands=DEFAULT_AGE_BANDS) -> PublicFigures:
    return PublicFigures(age_bands=[AgeBandRow(age_band_label(b), 0, 0, 0) for b in age_bands])


def _person_condition_sql(condition: Q) -> tuple[str, list]:
    """The SQL of a condition on a person, on the person table itself (not aliased)."""
    query = Person.objects.filter(condition).query
    compiler = query.get_compiler(connection=connection)
    sql, params = query.where.as_sql(compiler, connection)
    return sql, list(params)


def _per_person(period: Period, group: str | None, scope: Scope):
    """One row per (group, person): attendances and first date in the period."""
    return (
        Attendance.objects.filter(scope.sessions("session__"), held_sessions_q(period, "session__"))
        .annotate(key=group_key(group, "session__"))
        .values("key", "person")
        .annotate(n=Count("id"), first=Min("session__date"))
    )


def _totals(period, group, scope) -> dict[int, dict]:
    person = connection.ops.quote_name(Person._meta.db_table)
    female, male = Q(sex=FEMALE), Q(sex=MALE)
    parent = Q(household_role=Person.HouseholdRole.PARENT)
    flags = {
        "female": female,
        "male": male,
        "parents": parent,
        "mothers": parent & female,
        "fathers": parent & male,
        "qpv": Q(priority_area=PriorityArea.YES),
        "qpv_unknown": Q(priority_area=PriorityArea.UNKNOWN),
    }
    sql = SqlBuilder()
    sql.add(
        f'SELECT t."key", SUM(t."n"), COUNT(*), COUNT(DISTINCT {person}.household_id), '
        f"SUM(CASE WHEN {person}.household_id IS NULL THEN 1 ELSE 0 END)"
    )
    for condition in flags.values():
        condition_sql, params = _person_condition_sql(condition)
        sql.add(f", SUM(CASE WHEN {condition_sql} THEN 1 ELSE 0 END)", *params)
    sql.add(" FROM ")
    sql.table(_per_person(period, group, scope), "t")
    sql.add(f' INNER JOIN {person} ON {person}.id = t."person" GROUP BY t."key"')
    names = ["key", "attendances", "persons", "households", "alone", *flags]
    return {
        values[0]: {name: int(value or 0) for name, value in zip(names, values, strict=True)}
        for values in sql.run()
    }


def _ages(period, group, scope) -> dict[int, list[tuple[int | None, str, int]]]:
    """(age on the first attendance, sex, persons) of each group."""
    person = connection.ops.quote_name(Person._meta.db_table)
    first, born = date_number_sql('t."first"'), date_number_sql(f"{person}.birth_date")
    age = (
        f"CASE WHEN {person}.birth_date IS NOT NULL THEN ({first} - {born}) / 10000 "
        f"WHEN {person}.birth_year IS NOT NULL THEN {first} / 10000 - {person}.birth_year END"
    )
    sql = SqlBuilder()
    sql.add(
        'SELECT a."key", CASE WHEN a."age" < 0 THEN 0 ELSE a."age" END, a."sex", COUNT(*) '
        f'FROM (SELECT t."key" AS "key", {age} AS "age", {person}.sex AS "sex" FROM '
    )
    sql.table(_per_person(period, group, scope), "t")
    sql.add(
        f' INNER JOIN {person} ON {person}.id = t."person") a '
        'GROUP BY a."key", CASE WHEN a."age" < 0 THEN 0 ELSE a."age" END, a."sex"'
    )
    result: dict[int, list] = {}
    for key, years, sex, count in sql.run():
        result.setdefault(key, []).append(
            (None if years is None else int(years), sex or "", int(count))
        )
    return result


def _majority(children: dict[int, int]) -> tuple[int, int] | None:
    """The narrowest range of ages holding more than half of the children (the youngest
    such range when two are as narrow)."""
    total = sum(children.values())
    if total < 3:
        return None
    ages = sorted(children)
    best = None
    for i, low in enumerate(ages):
        count = 0
        for high in ages[i:]:
            count += children[high]
            if 2 * count > total:
                if best is None or high - low < best[1] - best[0]:
                    best = (low, high)
                break
    return best


def _from_ages(rows, age_bands) -> dict:
    known = [(years, sex, n) for years, sex, n in rows if years is not None]
    children = [(years, sex, n) for years, sex, n in known if years < ADULT_AGE]
    adults = [(years, sex, n) for years, sex, n in known if years >= ADULT_AGE]
    by_child_age: dict[int, int] = {}
    for years, _sex, n in children:
        by_child_age[years] = by_child_age.get(years, 0) + n
    bands = []
    for low, high in age_bands:
        inside = [(sex, n) for years, sex, n in known
                  if years >= low and (high is None or years <= high)]
        female = sum(n for sex, n in inside if sex == FEMALE)
        male = sum(n for sex, n in inside if sex == MALE)
        bands.append(AgeBandRow(age_band_label((low, high)), female, male,
                                sum(n for _s, n in inside) - female - male))
    return {
        "children": sum(n for _y, _s, n in children),
        "adults": sum(n for _y, _s, n in adults),
        "age_unknown": sum(n for years, _s, n in rows if years is None),
        "girls": sum(n for _y, sex, n in children if sex == FEMALE),
        "boys": sum(n for _y, sex, n in children if sex == MALE),
        "women": sum(n for _y, sex, n in adults if sex == FEMALE),
        "men": sum(n for _y, sex, n in adults if sex == MALE),
        "youngest_age": min((y for y, _s, _n in known), default=None),
        "oldest_age": max((y for y, _s, _n in known), default=None),
        "youngest_child": min(by_child_age, default=None),
        "oldest_child": max(by_child_age, default=None),
        "children_majority": _majority(by_child_age),
        "age_bands": bands,
    }


def _headcounts(period, group, scope) -> dict[int, dict[str, int]]:
    headcounts: dict[int, dict[str, int]] = {}
    for row in (
        Headcount.objects.filter(scope.sessions("session__"), held_sessions_q(period, "session__"))
        .annotate(key=group_key(group, "session__"))
        .values("key", "category")
        .annotate(total=Sum("count"))
        .order_by("category")
    ):
        label = Headcount.Category(row["category"]).label
        headcounts.setdefault(row["key"], {})[label] = row["total"]
    return headcounts


def public_figures_by(
    period: Period,
    group: str | None = None,
    scope: Scope = WHOLE_CENTRE,
    age_bands=DEFAULT_AGE_BANDS,
) -> dict[int, PublicFigures]:
    """The public of each group: attendances, then persons counted by sex, age, role...
    (three queries, whatever the data)."""
    totals = _totals(period, group, scope)
    ages = _ages(period, group, scope)
    headcounts = _headcounts(period, group, scope)
    result = {}
    for key, row in totals.items():
        if not row["attendances"]:
            continue
        result[key] = PublicFigures(
            attendances=row["attendances"],
            headcount=sum(headcounts.get(key, {}).values()),
            persons=row["persons"],
            households=row["households"] + row["alone"],
            female=row["female"],
            male=row["male"],
            sex_unspecified=row["persons"] - row["female"] - row["male"],
            parents=row["parents"],
            mothers=row["mothers"],
            fathers=row["fathers"],
            priority_area=row["qpv"],
            priority_area_unknown=row["qpv_unknown"],
            headcount_by_category=headcounts.get(key, {}),
            **_from_ages(ages.get(key, []), age_bands),
        )
    # Groups with anonymous counts only (an open event) still have their public.
    empty = empty_public(age_bands)
    for key, by_category in headcounts.items():
        if key not in result:
            result[key] = PublicFigures(
                headcount=sum(by_category.values()), age_bands=empty.age_bands,
                headcount_by_category=by_category,
            )
    return result


def persons_and_households_by(
    period: Period, group: str | None = None, scope: Scope = WHOLE_CENTRE
) -> dict[int, tuple[int, int]]:
    """(distinct persons, distinct households) present in each group, in one query: a
    person with no household recorded counts as one household."""
    return {
        key: (row["persons"], row["households"] + row["alone"])
        for key, row in _totals(period, group, scope).items()
        if row["attendances"]
    }


def public_figures(scope: Scope, period: Period, age_bands=DEFAULT_AGE_BANDS) -> PublicFigures:
    return public_figures_by(period, None, scope, age_bands).get(ALL, empty_public(age_bands))
