"""Indicators of the activity report, for a scope (centre, sector, action or atelier) and a
period. Every figure is an aggregate query, computed for many groups at once when asked
(``group="action"`` gives one row per action in the same query): the number of queries
never depends on the number of persons, sessions, attendances — nor of actions.
"""

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

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
from tisserand.activities.figures.public import (
    PublicFigures,
    empty_public,
    public_figures_by,
)
from tisserand.activities.figures.scope import (
    CANCELLED,
    DEFAULT_REGULAR_THRESHOLD,
    HELD,
    SESSION_DURATION,
    WHOLE_CENTRE,
    Scope,
    group_key,
)
from tisserand.activities.models import Session
from tisserand.core.figures import (
    ALL,
    DEFAULT_AGE_BANDS,
)
from tisserand.core.periods import Period, empty_months

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


# The families of figures ``indicators_by`` can leave out (sessions and public always come).
EVERY_PART = frozenset({"participation", "schooling", "contributors", "partners", "by_month"})
# What an action's comparison with the previous period reads: its sessions and public.
COMPARED_PARTS = frozenset()
# What an atelier's lines read: no schools, partners or months, which the action gives.
ATELIER_PARTS = frozenset({"participation", "contributors"})


def indicators_by(
    period: Period,
    group: str | None = None,
    scope: Scope = WHOLE_CENTRE,
    *,
    age_bands=DEFAULT_AGE_BANDS,
    regular_threshold: float = DEFAULT_REGULAR_THRESHOLD,
    parts: frozenset[str] = EVERY_PART,
) -> dict[int, Indicators]:
    """Every indicator for each group (sector, action or atelier id) that has sessions in
    the period; ``group=None`` gives the whole scope under the key ``ALL``. A group absent
    from the result had no session: ``empty_indicators`` stands for it. ``parts`` names
    the families of figures wanted (the others stay empty and cost no query)."""
    def wanted(part, compute):
        return compute() if part in parts else {}

    sessions = session_figures_by(period, group, scope)
    public = public_figures_by(period, group, scope, age_bands)
    participation = wanted("participation", lambda: participation_figures_by(
        period, group, scope, regular_threshold))
    schooling = wanted("schooling", lambda: school_figures_by(period, group, scope))
    contributors = wanted("contributors", lambda: contributor_figures_by(period, group, scope))
    partners = wanted("partners", lambda: partner_figures_by(period, group, scope))
    by_month = wanted("by_month", lambda: attendance_by_month_by(period, group, scope))
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
        public=empty_public(age_bands),
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
    parts: frozenset[str] = EVERY_PART,
) -> Indicators:
    return indicators_by(
        period, None, scope, age_bands=age_bands, regular_threshold=regular_threshold,
        parts=parts,
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
