"""Indicators of the activity report, for a scope (centre, sector, action or atelier) and a
period. Every figure is an aggregate query, computed for many groups at once when asked
(``group="action"`` gives one row per action in the same query): the number of queries
never depends on the number of persons, sessions, attendances — nor of actions.
"""

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Q, Sum

from tisserand.activities.figures.participation import (
    ContributorFigures,
    ParticipationFigures,
    PartnerRow,
    SchoolYearFigures,
    attendance_by_month_by,
    contributor_figures_by,
    participation_figures_by,
    partner_figures_by,
    school_figures_by,
)
from tisserand.activities.figures.scope import (
    CANCELLED,
    DEFAULT_REGULAR_THRESHOLD,
    HELD,
    SESSION_DURATION,
    WHOLE_CENTRE,
    Scope,
    group_key,
    held_sessions_q,
)
from tisserand.activities.models import Attendance, Headcount, Session
from tisserand.core.calendar import age_on
from tisserand.core.figures import (
    ADULT_AGE,
    ALL,
    DEFAULT_AGE_BANDS,
    SqlBuilder,
    age_band_label,
    age_q,
)
from tisserand.core.periods import Period, empty_months
from tisserand.people.models import Person, PriorityArea

# --- sessions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionFigures:
    planned: int = 0  # every session scheduled in the period, whatever became of it
    held: int = 0
    cancelled: int = 0
    held_outreach: int = 0
    hours: float = 0.0
    cancelled_by_reason: dict[str, int] = field(default_factory=dict)

    @property
    def held_in_centre(self) -> int:
        return self.held - self.held_outreach


def session_figures_by(period: Period, group: str | None = None, scope: Scope = WHOLE_CENTRE):
    sessions = Session.objects.filter(
        scope.sessions(), date__range=(period.start, period.end)
    ).annotate(key=group_key(group))
    held = Q(status=HELD)
    rows = sessions.values("key").annotate(
        planned=Count("id"),
        held=Count("id", filter=held),
        cancelled=Count("id", filter=Q(status=CANCELLED)),
        held_outreach=Count("id", filter=held & Q(place__is_outreach=True)),
        duration=Sum(SESSION_DURATION, filter=held),
    ).order_by()
    reasons: dict[int, dict[str, int]] = {}
    for row in (
        sessions.filter(status=CANCELLED)
        .values("key", "cancellation_reason__label")
        .annotate(count=Count("id"))
        .order_by("-count", "cancellation_reason__label")
    ):
        reasons.setdefault(row["key"], {})[row["cancellation_reason__label"]] = row["count"]
    return {
        row["key"]: SessionFigures(
            planned=row["planned"],
            held=row["held"],
            cancelled=row["cancelled"],
            held_outreach=row["held_outreach"],
            hours=_hours(row["duration"]),
            cancelled_by_reason=reasons.get(row["key"], {}),
        )
        for row in rows
        if row["planned"]
    }


def session_figures(scope: Scope, period: Period) -> SessionFigures:
    return session_figures_by(period, None, scope).get(ALL, SessionFigures())


def _hours(duration: dt.timedelta | None) -> float:
    return round(duration.total_seconds() / 3600, 2) if duration else 0.0


# --- public ---------------------------------------------------------------------------------


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
    children: int = 0
    adults: int = 0
    age_unknown: int = 0
    youngest_age: int | None = None
    oldest_age: int | None = None
    age_bands: list[AgeBandRow] = field(default_factory=list)
    mothers: int = 0
    fathers: int = 0
    priority_area: int = 0
    priority_area_unknown: int = 0
    headcount_by_category: dict[str, int] = field(default_factory=dict)

    @property
    def passages(self) -> int:
        return self.attendances + self.headcount


def _person_condition_sql(condition: Q) -> tuple[str, list]:
    """The SQL of a condition on a person, on the person table itself (not aliased)."""
    query = Person.objects.filter(condition).query
    compiler = query.get_compiler(connection=connection)
    sql, params = query.where.as_sql(compiler, connection)
    return sql, list(params)


def _typed(row: dict) -> dict:
    """Raw SQL rows: counts as int (PostgreSQL sums bigints as numeric), dates as dates
    (SQLite returns them as text)."""
    for name, value in row.items():
        if name in ("latest_birth", "earliest_birth"):
            if isinstance(value, str):
                row[name] = dt.date.fromisoformat(value)
        elif value is not None:
            row[name] = int(value)
    return row


def public_figures_by(
    period: Period,
    group: str | None = None,
    scope: Scope = WHOLE_CENTRE,
    age_bands=DEFAULT_AGE_BANDS,
) -> dict[int, PublicFigures]:
    """The public of each group: attendances, then persons counted by sex, age, role...

    Two levels, in one statement: the database first reduces the attendances to one row
    per (group, person), then joins the persons and sums their conditions per group.
    Counting distinct persons under thirty conditions directly would sort the attendances
    thirty times."""
    reference = period.start
    female, male = Q(sex=Person.Sex.FEMALE), Q(sex=Person.Sex.MALE)
    sexes = {"female": female, "male": male, "unspecified": ~(female | male)}
    known_age = Q(birth_date__isnull=False) | Q(birth_year__isnull=False)
    parent = Q(household_role=Person.HouseholdRole.PARENT)
    flags = {
        "female": female,
        "male": male,
        "children": age_q(reference, 0, ADULT_AGE - 1),
        "adults": age_q(reference, ADULT_AGE, None),
        "age_unknown": ~known_age,
        "mothers": parent & female,
        "fathers": parent & male,
        "qpv": Q(priority_area=PriorityArea.YES),
        "qpv_unknown": Q(priority_area=PriorityArea.UNKNOWN),
    }
    for index, (low, high) in enumerate(age_bands):
        in_band = age_q(reference, low, high)
        for sex, sex_q in sexes.items():
            flags[f"band{index}_{sex}"] = in_band & sex_q
    per_person = (
        Attendance.objects.filter(scope.sessions("session__"), held_sessions_q(period, "session__"))
        .annotate(key=group_key(group, "session__"))
        .values("key", "person")
        .annotate(n=Count("id"))
    )
    person = connection.ops.quote_name(Person._meta.db_table)
    sql = SqlBuilder()
    sql.add(
        f'SELECT t."key", SUM(t."n"), COUNT(*), COUNT(DISTINCT {person}.household_id), '
        f"SUM(CASE WHEN {person}.household_id IS NULL THEN 1 ELSE 0 END), "
        f"MAX({person}.birth_date), MIN({person}.birth_date), "
        # A birth year counts only for the persons without a birth date.
        f"MAX(CASE WHEN {person}.birth_date IS NULL THEN {person}.birth_year END), "
        f"MIN(CASE WHEN {person}.birth_date IS NULL THEN {person}.birth_year END)"
    )
    for condition in flags.values():
        condition_sql, params = _person_condition_sql(condition)
        sql.add(f", SUM(CASE WHEN {condition_sql} THEN 1 ELSE 0 END)", *params)
    sql.add(" FROM ")
    sql.table(per_person, "t")
    sql.add(f' INNER JOIN {person} ON {person}.id = t."person" GROUP BY t."key"')
    names = ["key", "attendances", "persons", "households", "alone", "latest_birth",
             "earliest_birth", "latest_year", "earliest_year", *flags]
    rows = [_typed(dict(zip(names, values, strict=True))) for values in sql.run()]
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

    result = {}
    for row in rows:
        if not row["attendances"]:
            continue
        result[row["key"]] = PublicFigures(
            attendances=row["attendances"],
            headcount=sum(headcounts.get(row["key"], {}).values()),
            persons=row["persons"],
            households=row["households"] + row["alone"],
            female=row["female"],
            male=row["male"],
            sex_unspecified=row["persons"] - row["female"] - row["male"],
            children=row["children"],
            adults=row["adults"],
            age_unknown=row["age_unknown"],
            youngest_age=_youngest(reference, row["latest_birth"], row["latest_year"]),
            oldest_age=_oldest(reference, row["earliest_birth"], row["earliest_year"]),
            age_bands=[
                AgeBandRow(
                    label=age_band_label(band),
                    female=row[f"band{i}_female"],
                    male=row[f"band{i}_male"],
                    unspecified=row[f"band{i}_unspecified"],
                )
                for i, band in enumerate(age_bands)
            ],
            mothers=row["mothers"],
            fathers=row["fathers"],
            priority_area=row["qpv"],
            priority_area_unknown=row["qpv_unknown"],
            headcount_by_category=headcounts.get(row["key"], {}),
        )
    # Groups with anonymous counts only (an open event) still have their public.
    empty_bands = [AgeBandRow(age_band_label(b), 0, 0, 0) for b in age_bands]
    for key, by_category in headcounts.items():
        if key not in result:
            result[key] = PublicFigures(
                headcount=sum(by_category.values()), age_bands=empty_bands,
                headcount_by_category=by_category,
            )
    return result


def public_figures(scope: Scope, period: Period, age_bands=DEFAULT_AGE_BANDS) -> PublicFigures:
    empty = PublicFigures(age_bands=[AgeBandRow(age_band_label(b), 0, 0, 0) for b in age_bands])
    return public_figures_by(period, None, scope, age_bands).get(ALL, empty)


def _youngest(reference, latest_birth, latest_year) -> int | None:
    """Age of the youngest on the reference day; 0 for a child born after it."""
    ages = [max(0, age_on(latest_birth, reference))] if latest_birth else []
    ages += [max(0, reference.year - latest_year)] if latest_year else []
    return min(ages) if ages else None


def _oldest(reference, earliest_birth, earliest_year) -> int | None:
    ages = [max(0, age_on(earliest_birth, reference))] if earliest_birth else []
    ages += [reference.year - earliest_year] if earliest_year else []
    return max(ages) if ages else None


# --- everything at once ------------------------------------------------------------------------


@dataclass(frozen=True)
class Indicators:
    period: Period
    sessions: SessionFigures
    public: PublicFigures
    participation: ParticipationFigures
    schooling: list[SchoolYearFigures]
    contributors: ContributorFigures
    partners: list[PartnerRow]
    by_month: list[tuple[dt.date, int]]


def indicators_by(
    period: Period,
    group: str | None = None,
    scope: Scope = WHOLE_CENTRE,
    *,
    age_bands=DEFAULT_AGE_BANDS,
    regular_threshold: float = DEFAULT_REGULAR_THRESHOLD,
) -> dict[int, Indicators]:
    """Every indicator for each group (sector, action or atelier id) that has sessions in
    the period; ``group=None`` gives the whole scope under the key ``ALL``. A group absent
    from the result had no session: ``empty_indicators`` stands for it."""
    sessions = session_figures_by(period, group, scope)
    public = public_figures_by(period, group, scope, age_bands)
    participation = participation_figures_by(period, group, scope, regular_threshold)
    schooling = school_figures_by(period, group, scope)
    contributors = contributor_figures_by(period, group, scope)
    partners = partner_figures_by(period, group, scope)
    by_month = attendance_by_month_by(period, group, scope)
    empty = empty_indicators(period, age_bands=age_bands, regular_threshold=regular_threshold)
    keys = set(sessions) | ({ALL} if group is None else set())
    return {
        key: Indicators(
            period=period,
            sessions=sessions.get(key, empty.sessions),
            public=public.get(key, empty.public),
            participation=participation.get(key, empty.participation),
            schooling=schooling.get(key, []),
            contributors=contributors.get(key, empty.contributors),
            partners=partners.get(key, []),
            by_month=by_month.get(key, empty.by_month),
        )
        for key in keys
    }


def empty_indicators(
    period: Period,
    *,
    age_bands=DEFAULT_AGE_BANDS,
    regular_threshold: float = DEFAULT_REGULAR_THRESHOLD,
) -> Indicators:
    """The indicators of a scope with no session in the period: zeros everywhere."""
    return Indicators(
        period=period,
        sessions=SessionFigures(),
        public=PublicFigures(
            age_bands=[AgeBandRow(age_band_label(b), 0, 0, 0) for b in age_bands]
        ),
        participation=ParticipationFigures(regular_threshold=regular_threshold),
        schooling=[],
        contributors=ContributorFigures(),
        partners=[],
        by_month=empty_months(period),
    )


def indicators_for(
    scope: Scope,
    period: Period,
    *,
    age_bands=DEFAULT_AGE_BANDS,
    regular_threshold: float = DEFAULT_REGULAR_THRESHOLD,
) -> Indicators:
    return indicators_by(
        period, None, scope, age_bands=age_bands, regular_threshold=regular_threshold
    )[ALL]


def headline_indicators(scope: Scope, period: Period) -> Indicators:
    """The figures an action's page shows for the year (its figure lines): no schooling
    and no months, which the page does not show."""
    empty = empty_indicators(period)
    return dataclasses.replace(
        empty,
        sessions=session_figures_by(period, None, scope).get(ALL, empty.sessions),
        public=public_figures_by(period, None, scope).get(ALL, empty.public),
        participation=participation_figures_by(period, None, scope).get(
            ALL, empty.participation
        ),
        contributors=contributor_figures_by(period, None, scope).get(ALL, empty.contributors),
        partners=partner_figures_by(period, None, scope).get(ALL, []),
    )


def comparison_indicators(scope: Scope, period: Period) -> Indicators:
    """The figures of the previous period that the comparisons quote ("78 (79 en 2019)"):
    sessions and public only."""
    empty = empty_indicators(period)
    return dataclasses.replace(
        empty,
        sessions=session_figures_by(period, None, scope).get(ALL, empty.sessions),
        public=public_figures_by(period, None, scope).get(ALL, empty.public),
    )
