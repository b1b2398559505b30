"""Indicators of the activity report, for a scope (centre, sector, action or atelier) and a
period. Every figure is an aggregate query: the number of queries depends on the number of
school years in the period, never on the number of persons, sessions or attendances.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Max, Min, Q, Sum

from tisserand.activities.models import Attendance, Headcount, Session
from tisserand.core.calendar import Period
from tisserand.people.models import Person, PriorityArea
from tisserand.reports.participation import (
    ContributorFigures,
    ParticipationFigures,
    PartnerRow,
    SchoolYearFigures,
    attendance_by_month,
    contributor_figures,
    participation_figures,
    partner_figures,
    school_figures,
)
from tisserand.reports.scope import (
    ADULT_AGE,
    CANCELLED,
    DEFAULT_AGE_BANDS,
    DEFAULT_REGULAR_THRESHOLD,
    HELD,
    SESSION_DURATION,
    Scope,
    age_band_label,
    age_q,
    held_sessions_q,
    participants,
)

# --- sessions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionFigures:
    planned: int  # every session scheduled in the period, whatever became of it
    held: int
    cancelled: int
    held_outreach: int
    hours: float
    cancelled_by_reason: dict[str, int]

    @property
    def held_in_centre(self) -> int:
        return self.held - self.held_outreach


def session_figures(scope: Scope, period: Period) -> SessionFigures:
    sessions = Session.objects.filter(scope.sessions(), date__range=(period.start, period.end))
    held = Q(status=HELD)
    totals = sessions.aggregate(
        planned=Count("id"),
        held=Count("id", filter=held),
        cancelled=Count("id", filter=Q(status=CANCELLED)),
        held_outreach=Count("id", filter=held & Q(place__is_outreach=True)),
        duration=Sum(SESSION_DURATION, filter=held),
    )
    reasons = (
        sessions.filter(status=CANCELLED)
        .values("cancellation_reason__label")
        .annotate(count=Count("id"))
        .order_by("-count", "cancellation_reason__label")
    )
    return SessionFigures(
        planned=totals["planned"],
        held=totals["held"],
        cancelled=totals["cancelled"],
        held_outreach=totals["held_outreach"],
        hours=_hours(totals["duration"]),
        cancelled_by_reason={r["cancellation_reason__label"]: r["count"] for r in reasons},
    )


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
    attendances: int  # named attendances (passages)
    headcount: int  # anonymous counts
    persons: int
    households: int  # a person with no household recorded counts as one
    female: int
    male: int
    sex_unspecified: int
    children: int
    adults: int
    age_unknown: int
    youngest_age: int | None
    oldest_age: int | None
    age_bands: list[AgeBandRow]
    mothers: int
    fathers: int
    priority_area: int
    priority_area_unknown: int
    headcount_by_category: dict[str, int] = field(default_factory=dict)

    @property
    def passages(self) -> int:
        return self.attendances + self.headcount


def public_figures(
    scope: Scope, period: Period, age_bands=DEFAULT_AGE_BANDS
) -> PublicFigures:
    attendances = Attendance.objects.filter(
        scope.sessions("session__"), held_sessions_q(period, "session__")
    ).aggregate(
        attendances=Count("id"),
        persons=Count("person", distinct=True),
        households=Count("person__household", distinct=True),
        alone=Count("person", distinct=True, filter=Q(person__household__isnull=True)),
    )
    headcounts = (
        Headcount.objects.filter(scope.sessions("session__"), held_sessions_q(period, "session__"))
        .values("category")
        .annotate(total=Sum("count"))
        .order_by("category")
    )
    by_category = {Headcount.Category(h["category"]).label: h["total"] for h in headcounts}

    reference = period.start
    sexes = {"female": Q(sex=Person.Sex.FEMALE), "male": Q(sex=Person.Sex.MALE),
             "unspecified": ~Q(sex__in=[Person.Sex.FEMALE, Person.Sex.MALE])}
    known_age = Q(birth_date__isnull=False) | Q(birth_year__isnull=False)
    aggregates = {
        "female": Count("id", filter=sexes["female"]),
        "male": Count("id", filter=sexes["male"]),
        "children": Count("id", filter=age_q(reference, 0, ADULT_AGE - 1)),
        "adults": Count("id", filter=age_q(reference, ADULT_AGE, None)),
        "age_unknown": Count("id", filter=~known_age),
        "mothers": Count("id", filter=Q(household_role="parent") & sexes["female"]),
        "fathers": Count("id", filter=Q(household_role="parent") & sexes["male"]),
        "qpv": Count("id", filter=Q(priority_area=PriorityArea.YES)),
        "qpv_unknown": Count("id", filter=Q(priority_area=PriorityArea.UNKNOWN)),
        "latest_birth": Max("birth_date"),
        "earliest_birth": Min("birth_date"),
        "latest_year": Max("birth_year", filter=Q(birth_date__isnull=True)),
        "earliest_year": Min("birth_year", filter=Q(birth_date__isnull=True)),
    }
    for index, (low, high) in enumerate(age_bands):
        in_band = age_q(reference, low, high)
        for sex, sex_q in sexes.items():
            aggregates[f"band{index}_{sex}"] = Count("id", filter=in_band & sex_q)
    persons = participants(scope, period).aggregate(**aggregates)

    return PublicFigures(
        attendances=attendances["attendances"],
        headcount=sum(by_category.values()),
        persons=attendances["persons"],
        households=attendances["households"] + attendances["alone"],
        female=persons["female"],
        male=persons["male"],
        sex_unspecified=attendances["persons"] - persons["female"] - persons["male"],
        children=persons["children"],
        adults=persons["adults"],
        age_unknown=persons["age_unknown"],
        youngest_age=_youngest(reference, persons["latest_birth"], persons["latest_year"]),
        oldest_age=_oldest(reference, persons["earliest_birth"], persons["earliest_year"]),
        age_bands=[
            AgeBandRow(
                label=age_band_label(band),
                female=persons[f"band{i}_female"],
                male=persons[f"band{i}_male"],
                unspecified=persons[f"band{i}_unspecified"],
            )
            for i, band in enumerate(age_bands)
        ],
        mothers=persons["mothers"],
        fathers=persons["fathers"],
        priority_area=persons["qpv"],
        priority_area_unknown=persons["qpv_unknown"],
        headcount_by_category=by_category,
    )


def age_on(reference: dt.date, birth_date: dt.date) -> int:
    before_birthday = (reference.month, reference.day) < (birth_date.month, birth_date.day)
    return reference.year - birth_date.year - before_birthday


def _youngest(reference, latest_birth, latest_year) -> int | None:
    ages = [age_on(reference, latest_birth)] if latest_birth else []
    ages += [reference.year - latest_year] if latest_year else []
    return min(ages) if ages else None


def _oldest(reference, earliest_birth, earliest_year) -> int | None:
    ages = [age_on(reference, earliest_birth)] if earliest_birth else []
    ages += [reference.year - earliest_year] if earliest_year else []
    return max(ages) if ages else None


# --- everything at once ------------------------------------------------------------------------


@dataclass(frozen=True)
class Indicators:
    scope: Scope
    period: Period
    sessions: SessionFigures
    public: PublicFigures
    participation: ParticipationFigures
    schooling: list[SchoolYearFigures]
    contributors: ContributorFigures
    partners: list[PartnerRow]
    by_month: list[tuple[dt.date, int]]


def indicators_for(
    scope: Scope,
    period: Period,
    *,
    age_bands=DEFAULT_AGE_BANDS,
    regular_threshold: float = DEFAULT_REGULAR_THRESHOLD,
) -> Indicators:
    return Indicators(
        scope=scope,
        period=period,
        sessions=session_figures(scope, period),
        public=public_figures(scope, period, age_bands),
        participation=participation_figures(scope, period, regular_threshold),
        schooling=school_figures(scope, period),
        contributors=contributor_figures(scope, period),
        partners=partner_figures(scope, period),
        by_month=attendance_by_month(scope, period),
    )
