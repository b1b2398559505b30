"""Indicators on how people take part: schooling (CLAS), newcomers, regulars, attendance by
month, volunteers and staff, partners. Aggregate queries, grouped like ``indicators``:
each function returns {group id: figures} from a fixed number of queries."""

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    Sum,
    Value,
)

from tisserand.activities.figures.scope import (
    DEFAULT_REGULAR_THRESHOLD,
    HELD,
    WHOLE_CENTRE,
    Scope,
    group_key,
    held_sessions_q,
)
from tisserand.activities.models import (
    ActionPartner,
    Attendance,
    Headcount,
    Session,
    SessionContributor,
)
from tisserand.core.figures import ALL, SqlBuilder
from tisserand.core.models import Contributor
from tisserand.core.periods import Period, empty_months, season, season_of
from tisserand.people.models import Person


def _attendances(period: Period, group: str | None, scope: Scope):
    """Attendance rows at held sessions of the scope in the period, each with its group key."""
    return Attendance.objects.filter(
        scope.sessions("session__"), held_sessions_q(period, "session__")
    ).annotate(key=group_key(group, "session__"))


# --- schooling ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SchoolYearFigures:
    """Persons present during the part of a school year that falls in the period, and the
    schools and classes of those with a schooling recorded for that school year."""

    school_year: int
    start: dt.date
    end: dt.date
    participants: int
    by_school: dict[str, int]
    by_level: dict[str, int]

    @property
    def label(self) -> str:
        return f"{self.school_year}-{self.school_year + 1}"

    @property
    def enrolled(self) -> int:
        """Children with a schooling recorded for the school year (one each)."""
        return sum(self.by_school.values())


def school_figures_by(
    period: Period, group: str | None = None, scope: Scope = WHOLE_CENTRE
) -> dict[int, list[SchoolYearFigures]]:
    """One row per school year overlapping the period (a calendar year has two: the spring
    of one school year and the autumn of the next, as the CLAS report counts them)."""
    result: dict[int, list[SchoolYearFigures]] = {}
    for school_year in range(season_of(period.start), season_of(period.end) + 1):
        year = season(school_year)
        part = Period(max(year.start, period.start), min(year.end, period.end), year.label)
        present = _attendances(part, group, scope)
        participants = dict(
            present.values("key").annotate(n=Count("person", distinct=True))
            .order_by().values_list("key", "n")
        )
        enrolled = (
            present.filter(person__enrollments__school_year=school_year)
            .values("key", "person__enrollments__school__name", "person__enrollments__level")
            .annotate(children=Count("person", distinct=True))
            .order_by("person__enrollments__school__name", "person__enrollments__level")
        )
        by_school: dict[int, dict[str, int]] = {}
        by_level: dict[int, dict[str, int]] = {}
        for row in enrolled:  # grouped rows: one per (group, school, level), not per child
            school = row["person__enrollments__school__name"] or "Non renseignée"
            level = row["person__enrollments__level"] or "Non renseigné"
            schools = by_school.setdefault(row["key"], {})
            levels = by_level.setdefault(row["key"], {})
            schools[school] = schools.get(school, 0) + row["children"]
            levels[level] = levels.get(level, 0) + row["children"]
        for key, count in participants.items():
            if count:
                result.setdefault(key, []).append(SchoolYearFigures(
                    school_year, part.start, part.end, count,
                    by_school.get(key, {}), by_level.get(key, {}),
                ))
    return result


def school_figures(scope: Scope, period: Period) -> list[SchoolYearFigures]:
    return school_figures_by(period, None, scope).get(ALL, [])


# --- newcomers and regulars ------------------------------------------------------------------


@dataclass(frozen=True)
class ParticipationFigures:
    new_persons: int = 0  # first attendance at the centre in the period
    new_households: int = 0
    regulars: int = 0  # present at least at threshold x held sessions of one of their ateliers
    always_present: int = 0  # present at every held session of one of their ateliers
    regular_threshold: float = DEFAULT_REGULAR_THRESHOLD


def participation_figures_by(
    period: Period,
    group: str | None = None,
    scope: Scope = WHOLE_CENTRE,
    regular_threshold: float = DEFAULT_REGULAR_THRESHOLD,
) -> dict[int, ParticipationFigures]:
    newcomers = _newcomers_by(period, group, scope)
    regulars = _regulars_by(period, group, scope, regular_threshold)
    return {
        key: ParticipationFigures(
            new_persons=new_persons,
            new_households=new_households,
            regulars=regulars.get(key, (0, 0))[0],
            always_present=regulars.get(key, (0, 0))[1],
            regular_threshold=regular_threshold,
        )
        for key, (new_persons, new_households) in newcomers.items()
    }


def participation_figures(
    scope: Scope, period: Period, regular_threshold: float = DEFAULT_REGULAR_THRESHOLD
) -> ParticipationFigures:
    return participation_figures_by(period, None, scope, regular_threshold).get(
        ALL, ParticipationFigures(regular_threshold=regular_threshold)
    )


def _newcomers_by(period: Period, group, scope: Scope) -> dict[int, tuple[int, int]]:
    """Persons and households whose first attendance at the centre (any held session)
    falls in the period: present in the period, never present before it. A person with no
    household recorded counts as one household.

    The distinct (group, person, household) triples of the period come first (``p``). Then
    two sets, each read once: the persons of ``p`` seen at a held session before the period,
    and the households of ``p`` one of whose members was. Both are semi-joins on ``p``, so
    the work is the period's people and their own earlier attendances, whatever the plan:
    a correlated "never before" probe per row was planned as a scan of every earlier
    attendance per row by PostgreSQL on freshly loaded tables (no statistics yet: 11 s per
    call while the demo loads), and asked per member it made a household of 10,000 members
    cost 10,000 times its members' attendances (issue 12)."""
    present = (
        _attendances(period, group, scope)
        .annotate(pid=F("person"), hid=F("person__household"))
        .values("key", "pid", "hid")
        .distinct()
    )
    attendance = connection.ops.quote_name(Attendance._meta.db_table)
    session = connection.ops.quote_name(Session._meta.db_table)
    person = connection.ops.quote_name(Person._meta.db_table)
    held_before = "s.status = %s AND s.date < %s"
    start = connection.ops.adapt_datefield_value(period.start)
    sql = SqlBuilder()
    sql.add("WITH ")
    sql.named_table(present, "p")
    sql.add(
        ', seen_p AS (SELECT DISTINCT a.person_id AS "pid" '
        f"FROM {attendance} a INNER JOIN {session} s ON s.id = a.session_id "
        f'WHERE {held_before} AND a.person_id IN (SELECT p."pid" FROM p)), '
        'seen_h AS (SELECT DISTINCT m.household_id AS "hid" '
        f"FROM {person} m INNER JOIN {attendance} a ON a.person_id = m.id "
        f"INNER JOIN {session} s ON s.id = a.session_id "
        f'WHERE {held_before} AND m.household_id IN (SELECT p."hid" FROM p)) '
        'SELECT p."key", COUNT(DISTINCT CASE WHEN sp."pid" IS NULL THEN p."pid" END), '
        'COUNT(DISTINCT CASE WHEN p."hid" IS NOT NULL AND sh."hid" IS NULL THEN p."hid" END), '
        'COUNT(DISTINCT CASE WHEN p."hid" IS NULL AND sp."pid" IS NULL THEN p."pid" END) '
        'FROM p LEFT JOIN seen_p sp ON sp."pid" = p."pid" '
        'LEFT JOIN seen_h sh ON sh."hid" = p."hid" GROUP BY p."key"',
        HELD, start, HELD, start,
    )
    return {key: (persons, households + alone) for key, persons, households, alone in sql.run()}


def _regulars_by(
    period: Period, group, scope: Scope, threshold: float
) -> dict[int, tuple[int, int]]:
    """Persons present at >= threshold of the held sessions of an atelier of theirs, and
    those present at all of them."""
    presences = (
        _attendances(period, group, scope)
        .annotate(pid=F("person"), aid=F("session__activity"))
        .values("key", "pid", "aid")
        .annotate(n=Count("id"))
    )
    held = (
        Session.objects.filter(held_sessions_q(period))
        .annotate(aid=F("activity"))
        .values("aid")
        .annotate(held=Count("id"))
    )
    sql = SqlBuilder()
    sql.add(
        'SELECT pa."key", COUNT(DISTINCT pa."pid"), '
        'COUNT(DISTINCT CASE WHEN pa."n" >= h."held" THEN pa."pid" END) FROM '
    )
    sql.table(presences, "pa")
    sql.add(" INNER JOIN ")
    sql.table(held, "h")
    sql.add(
        ' ON h."aid" = pa."aid" WHERE pa."n" * 100 >= h."held" * %s GROUP BY pa."key"',
        round(threshold * 100),
    )
    return {key: (regulars, always) for key, regulars, always in sql.run()}


# --- attendance by month -----------------------------------------------------------------------


def attendance_by_month_by(
    period: Period, group: str | None = None, scope: Scope = WHOLE_CENTRE
) -> dict[int, list[tuple[dt.date, int]]]:
    """Passages (named attendances plus headcounts) for every month of the period.

    The database sums by day (at most 366 rows per group, whatever the attendance);
    days are then added into months here, which avoids a date function per row.
    """
    named = (
        _attendances(period, group, scope)
        .values("key", "session__date")
        .annotate(total=Count("id"))
        .order_by()
    )
    counted = (
        Headcount.objects.filter(scope.sessions("session__"), held_sessions_q(period, "session__"))
        .annotate(key=group_key(group, "session__"))
        .values("key", "session__date")
        .annotate(total=Sum("count"))
        .order_by()
    )
    totals: dict[int, dict[dt.date, int]] = {}
    for row in list(named) + list(counted):
        month = row["session__date"].replace(day=1)
        months = totals.setdefault(row["key"], {})
        months[month] = months.get(month, 0) + row["total"]
    return {
        key: [(month, months.get(month, 0)) for month, _zero in empty_months(period)]
        for key, months in totals.items()
    }


def attendance_by_month(scope: Scope, period: Period) -> list[tuple[dt.date, int]]:
    return attendance_by_month_by(period, None, scope).get(ALL) or empty_months(period)


# --- contributors and partners ----------------------------------------------------------------


@dataclass(frozen=True)
class ContributorFigures:
    staff: int = 0
    volunteers: int = 0
    facilitators: int = 0
    volunteer_hours: float = 0.0
    staff_hours: float = 0.0
    # (function, or name when none, of an external facilitator; held sessions with them)
    facilitator_sessions: list[tuple[str, int]] = field(default_factory=list)


def contributor_figures_by(
    period: Period, group: str | None = None, scope: Scope = WHOLE_CENTRE
) -> dict[int, ContributorFigures]:
    """Who ran the held sessions, from the presences recorded at each session."""
    duration = ExpressionWrapper(
        F("session__end_time") - F("session__start_time"), output_field=DurationField()
    )
    rows = (
        SessionContributor.objects.filter(
            scope.sessions("session__"), held_sessions_q(period, "session__")
        )
        .annotate(key=group_key(group, "session__"))
        .values("key", "contributor__kind")
        .annotate(people=Count("contributor", distinct=True), duration=Sum(duration))
        .order_by()
    )
    by_key: dict[int, dict[str, dict]] = {}
    for row in rows:
        by_key.setdefault(row["key"], {})[row["contributor__kind"]] = row
    facilitators = _facilitator_sessions(period, group, scope)
    result = {}
    for key, kinds in by_key.items():
        def people(kind, kinds=kinds):
            return kinds.get(kind, {}).get("people", 0)

        def hours(kind, kinds=kinds):
            spent = kinds.get(kind, {}).get("duration")
            return round(spent.total_seconds() / 3600, 2) if spent else 0.0

        result[key] = ContributorFigures(
            staff=people(Contributor.Kind.STAFF),
            volunteers=people(Contributor.Kind.VOLUNTEER),
            facilitators=people(Contributor.Kind.FACILITATOR),
            volunteer_hours=hours(Contributor.Kind.VOLUNTEER),
            staff_hours=hours(Contributor.Kind.STAFF),
            facilitator_sessions=facilitators.get(key, []),
        )
    return result


def _facilitator_sessions(period, group, scope) -> dict[int, list[tuple[str, int]]]:
    """Held sessions with each external facilitator ("dont 4 avec la diététicienne")."""
    rows = (
        SessionContributor.objects.filter(
            scope.sessions("session__"), held_sessions_q(period, "session__"),
            contributor__kind=Contributor.Kind.FACILITATOR,
        )
        .annotate(key=group_key(group, "session__"))
        .values("key", "contributor", "contributor__job_title", "contributor__first_name",
                "contributor__last_name", "contributor__organisation__name")
        .annotate(sessions=Count("session", distinct=True))
        .order_by("-sessions", "contributor__last_name")
    )
    result: dict[int, list[tuple[str, int]]] = {}
    for row in rows:  # one row per (group, facilitator)
        label = row["contributor__job_title"] or (
            f'{row["contributor__first_name"]} {row["contributor__last_name"]}'
        )
        if row["contributor__organisation__name"]:
            label += f' ({row["contributor__organisation__name"]})'

        result.setdefault(row["key"], []).append((label, row["sessions"]))
    return result


@dataclass(frozen=True)
class PartnerRow:
    name: str
    kind: str
    roles: list[str] = field(default_factory=list)


# From a partnership to the groups of its action (an atelier has its action's partners).
PARTNER_PATHS = {"sector": "action__sectors", "action": "action", "activity": "action__activities"}


def partner_figures_by(
    period: Period, group: str | None = None, scope: Scope = WHOLE_CENTRE
) -> dict[int, list[PartnerRow]]:
    """Partners of the scope's actions whose partnership overlaps the period."""
    from tisserand.activities.models import Action

    key = Value(ALL, output_field=IntegerField()) if group is None else F(PARTNER_PATHS[group])
    links = (
        ActionPartner.objects.filter(
            Q(start_date__isnull=True) | Q(start_date__lte=period.end),
            Q(end_date__isnull=True) | Q(end_date__gte=period.start),
            action__in=Action.objects.filter(scope.actions()).values("pk"),
        )
        .annotate(key=key)
        .values("key", "partner__name", "partner__kind", "role")
        .distinct()
        .order_by("partner__name", "role")
    )
    result: dict[int, dict[str, PartnerRow]] = {}
    for link in links:  # one row per (group, partner, role): bounded by partners, not people
        rows = result.setdefault(link["key"], {})
        name = link["partner__name"]
        row = rows.setdefault(name, PartnerRow(name, link["partner__kind"]))
        label = ActionPartner.Role(link["role"]).label
        if label not in row.roles:
            row.roles.append(label)
    return {key: list(rows.values()) for key, rows in result.items()}


def partner_figures(scope: Scope, period: Period) -> list[PartnerRow]:
    return partner_figures_by(period, None, scope).get(ALL, [])
