"""Indicators on how people take part: schooling (CLAS), newcomers, regulars, attendance by
month, volunteers and staff, partners. Aggregate queries only."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import TruncMonth

from tisserand.activities.models import (
    Action,
    ActionPartner,
    Attendance,
    Headcount,
    Session,
    SessionContributor,
)
from tisserand.core.calendar import Period, season, season_of
from tisserand.core.models import Contributor
from tisserand.people.models import Household, Person, SchoolEnrollment
from tisserand.reports.scope import (
    DEFAULT_REGULAR_THRESHOLD,
    HELD,
    Scope,
    held_sessions_q,
    participants,
)

# --- schooling ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SchoolYearFigures:
    """Children present during the part of a school year that falls in the period."""

    school_year: int
    start: dt.date
    end: dt.date
    participants: int
    by_school: dict[str, int]
    by_level: dict[str, int]

    @property
    def label(self) -> str:
        return f"{self.school_year}-{self.school_year + 1}"


def school_figures(scope: Scope, period: Period) -> list[SchoolYearFigures]:
    """One row per school year overlapping the period (a calendar year has two: the
    spring of one school year and the autumn of the next, as the CLAS report counts)."""
    rows = []
    for school_year in range(season_of(period.start), season_of(period.end) + 1):
        year = season(school_year)
        part = Period(max(year.start, period.start), min(year.end, period.end), year.label)
        present = participants(scope, part)
        enrollments = (
            SchoolEnrollment.objects.filter(school_year=school_year, person__in=present)
            .values("school__name", "level")
            .annotate(children=Count("person", distinct=True))
            .order_by("school__name", "level")
        )
        by_school: dict[str, int] = {}
        by_level: dict[str, int] = {}
        for row in enrollments:  # grouped rows: one per (school, level), not per child
            school = row["school__name"] or "Non renseignée"
            level = row["level"] or "Non renseigné"
            by_school[school] = by_school.get(school, 0) + row["children"]
            by_level[level] = by_level.get(level, 0) + row["children"]
        count = present.count()
        if count:
            rows.append(
                SchoolYearFigures(school_year, part.start, part.end, count, by_school, by_level)
            )
    return rows


# --- newcomers and regulars ------------------------------------------------------------------


@dataclass(frozen=True)
class ParticipationFigures:
    new_persons: int  # first attendance at the centre in the period
    new_households: int
    regulars: int  # present at least at threshold x held sessions of one of their ateliers
    regular_threshold: float


def participation_figures(
    scope: Scope, period: Period, regular_threshold: float = DEFAULT_REGULAR_THRESHOLD
) -> ParticipationFigures:
    present = participants(scope, period)
    first_attendance = (
        Attendance.objects.filter(person=OuterRef("pk"), session__status=HELD)
        .values("person")
        .annotate(first=Min("session__date"))
        .values("first")
    )
    new_persons = present.annotate(first=Subquery(first_attendance)).filter(
        first__gte=period.start
    ).count()

    household_first = (
        Attendance.objects.filter(person__household=OuterRef("pk"), session__status=HELD)
        .values("person__household")
        .annotate(first=Min("session__date"))
        .values("first")
    )
    new_households = (
        Household.objects.filter(members__in=present)
        .distinct()
        .annotate(first=Subquery(household_first))
        .filter(first__gte=period.start)
        .count()
    )
    # Persons who arrived with no household recorded count as their own household.
    new_households += present.filter(household__isnull=True).annotate(
        first=Subquery(first_attendance)
    ).filter(first__gte=period.start).count()

    return ParticipationFigures(
        new_persons=new_persons,
        new_households=new_households,
        regulars=_regulars(scope, period, regular_threshold),
        regular_threshold=regular_threshold,
    )


def _regulars(scope: Scope, period: Period, threshold: float) -> int:
    percent = round(threshold * 100)
    held_in_activity = (
        Session.objects.filter(held_sessions_q(period), activity=OuterRef("session__activity"))
        .values("activity")
        .annotate(count=Count("id"))
        .values("count")
    )
    regular_pairs = (
        Attendance.objects.filter(scope.sessions("session__"), held_sessions_q(period, "session__"))
        .values("person", "session__activity")
        .annotate(
            present=Count("id") * Value(100),
            needed=Subquery(held_in_activity, output_field=IntegerField()) * Value(percent),
        )
        .filter(present__gte=F("needed"))
        .values("person")
    )
    return Person.objects.filter(pk__in=regular_pairs).count()


# --- attendance by month -----------------------------------------------------------------------


def attendance_by_month(scope: Scope, period: Period) -> list[tuple[dt.date, int]]:
    """Passages (named attendances plus headcounts) for every month of the period."""
    named = (
        Attendance.objects.filter(scope.sessions("session__"), held_sessions_q(period, "session__"))
        .annotate(month=TruncMonth("session__date"))
        .values("month")
        .annotate(total=Count("id"))
    )
    counted = (
        Headcount.objects.filter(scope.sessions("session__"), held_sessions_q(period, "session__"))
        .annotate(month=TruncMonth("session__date"))
        .values("month")
        .annotate(total=Sum("count"))
    )
    totals: dict[dt.date, int] = {}
    for row in list(named) + list(counted):
        month = row["month"]
        month = month.date() if isinstance(month, dt.datetime) else month
        totals[month] = totals.get(month, 0) + row["total"]
    months = []
    day = period.start.replace(day=1)
    while day <= period.end:
        months.append((day, totals.get(day, 0)))
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months


# --- contributors and partners ----------------------------------------------------------------


@dataclass(frozen=True)
class ContributorFigures:
    staff: int
    volunteers: int
    facilitators: int
    volunteer_hours: float
    staff_hours: float


def contributor_figures(scope: Scope, period: Period) -> ContributorFigures:
    """Who ran the held sessions, from the presences recorded at each session."""
    rows = (
        SessionContributor.objects.filter(
            scope.sessions("session__"), held_sessions_q(period, "session__")
        )
        .values("contributor__kind")
        .annotate(
            people=Count("contributor", distinct=True),
            duration=Sum(_session_duration()),
        )
        .order_by()
    )
    by_kind = {row["contributor__kind"]: row for row in rows}

    def people(kind):
        return by_kind.get(kind, {}).get("people", 0)

    def hours(kind):
        duration = by_kind.get(kind, {}).get("duration")
        return round(duration.total_seconds() / 3600, 2) if duration else 0.0

    return ContributorFigures(
        staff=people(Contributor.Kind.STAFF),
        volunteers=people(Contributor.Kind.VOLUNTEER),
        facilitators=people(Contributor.Kind.FACILITATOR),
        volunteer_hours=hours(Contributor.Kind.VOLUNTEER),
        staff_hours=hours(Contributor.Kind.STAFF),
    )


def _session_duration():
    return ExpressionWrapper(
        F("session__end_time") - F("session__start_time"), output_field=DurationField()
    )


@dataclass(frozen=True)
class PartnerRow:
    name: str
    kind: str
    roles: list[str]


def partner_figures(scope: Scope, period: Period) -> list[PartnerRow]:
    """Partners of the scope's actions whose partnership overlaps the period."""
    links = (
        ActionPartner.objects.filter(
            Q(start_date__isnull=True) | Q(start_date__lte=period.end),
            Q(end_date__isnull=True) | Q(end_date__gte=period.start),
            action__in=_scope_actions(scope),
        )
        .values("partner__name", "partner__kind", "role")
        .distinct()
        .order_by("partner__name", "role")
    )
    rows: dict[str, PartnerRow] = {}
    for link in links:  # one row per (partner, role): bounded by partners, not by people
        name = link["partner__name"]
        row = rows.setdefault(name, PartnerRow(name, link["partner__kind"], []))
        label = ActionPartner.Role(link["role"]).label
        if label not in row.roles:
            row.roles.append(label)
    return list(rows.values())


def _scope_actions(scope: Scope):
    return Action.objects.filter(scope.actions()).values("pk")

