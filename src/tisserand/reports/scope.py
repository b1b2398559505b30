"""What indicators are about: a scope (centre, sector, action, atelier) and a period."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
)

from tisserand.activities.models import Action, Activity, Attendance, Session
from tisserand.core.calendar import Period, years_before
from tisserand.core.models import Sector
from tisserand.people.models import Person

# (youngest, oldest) age in whole years at the start of the period; None: no upper bound.
DEFAULT_AGE_BANDS: tuple[tuple[int, int | None], ...] = (
    (0, 3), (4, 10), (11, 14), (15, 17), (18, 25), (26, 59), (60, None),
)
DEFAULT_REGULAR_THRESHOLD = 0.5
ADULT_AGE = 18

HELD = Session.Status.HELD
CANCELLED = Session.Status.CANCELLED
SESSION_DURATION = ExpressionWrapper(F("end_time") - F("start_time"), output_field=DurationField())


@dataclass(frozen=True)
class Scope:
    """What the figures are about: the whole centre, a sector, an action or an atelier."""

    sector: Sector | None = None
    action: Action | None = None
    activity: Activity | None = None

    def sessions(self, prefix: str = "") -> Q:
        """Filter on sessions, through ``prefix`` (e.g. "session__") from another model."""
        if self.activity is not None:
            return Q(**{f"{prefix}activity": self.activity})
        if self.action is not None:
            return Q(**{f"{prefix}activity__action": self.action})
        if self.sector is not None:
            return Q(**{f"{prefix}activity__action__sectors": self.sector})
        return Q()

    def actions(self) -> Q:
        if self.activity is not None:
            return Q(pk=self.activity.action_id)
        if self.action is not None:
            return Q(pk=self.action.pk)
        if self.sector is not None:
            return Q(sectors=self.sector)
        return Q()


WHOLE_CENTRE = Scope()

# Figures can be computed for many groups in one query: one row per sector, action or
# atelier. The path goes from a session to the group's id.
GROUP_PATHS = {
    "sector": "activity__action__sectors",
    "action": "activity__action",
    "activity": "activity",
}
ALL = 0  # the key of the single row when figures are not grouped


def group_key(group: str | None, prefix: str = ""):
    """Expression giving each row its group's id (``prefix`` leads to the session)."""
    if group is None:
        return Value(ALL, output_field=IntegerField())
    return F(prefix + GROUP_PATHS[group])


def held_sessions_q(period: Period, prefix: str = "") -> Q:
    return Q(**{f"{prefix}status": HELD, f"{prefix}date__range": (period.start, period.end)})


def age_band_label(band: tuple[int, int | None]) -> str:
    low, high = band
    return f"{low} ans et plus" if high is None else f"{low}-{high} ans"


def age_q(reference: dt.date, low: int, high: int | None, prefix: str = "") -> Q:
    """Persons aged ``low`` to ``high`` on ``reference`` (exact with a birth date,
    by year difference with a birth year only). A child born after the reference date
    (during the period) counts as aged 0."""
    by_date = Q(**{f"{prefix}birth_date__isnull": False})
    by_year = Q(**{f"{prefix}birth_date__isnull": True, f"{prefix}birth_year__isnull": False})
    if low > 0:
        by_date &= Q(**{f"{prefix}birth_date__lte": years_before(reference, low)})
        by_year &= Q(**{f"{prefix}birth_year__lte": reference.year - low})
    if high is not None:
        by_date &= Q(**{f"{prefix}birth_date__gt": years_before(reference, high + 1)})
        by_year &= Q(**{f"{prefix}birth_year__gte": reference.year - high})
    return by_date | by_year




def participants(scope: Scope, period: Period) -> QuerySet[Person]:
    """Persons present at least once at a held session of the scope in the period."""
    present = Attendance.objects.filter(
        scope.sessions("session__"), held_sessions_q(period, "session__"), person=OuterRef("pk")
    )
    return Person.objects.filter(Exists(present))
