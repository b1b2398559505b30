"""What the programme's figures are about: a scope (the whole centre, a sector, an action
or an atelier) over a period, and the grouping of figures by sector, action or atelier."""

from dataclasses import dataclass

from django.db.models import DurationField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet

from tisserand.activities.models import Action, Activity, Attendance, Session
from tisserand.core import figures
from tisserand.core.models import Sector
from tisserand.core.periods import Period
from tisserand.people.models import Person

DEFAULT_REGULAR_THRESHOLD = 0.5

HELD = Session.Status.HELD
CANCELLED = Session.Status.CANCELLED
SESSION_DURATION = ExpressionWrapper(F("end_time") - F("start_time"), output_field=DurationField())


@dataclass(frozen=True)
class Scope:
    """What the figures are about: the whole centre, a sector, an action or an atelier;
    or some actions (``action_ids``: those a report tells over their season)."""

    sector: Sector | None = None
    action: Action | None = None
    activity: Activity | None = None
    action_ids: frozenset[int] | None = None

    def sessions(self, prefix: str = "") -> Q:
        """Filter on sessions, through ``prefix`` (e.g. "session__") from another model."""
        if self.action_ids is not None:
            return Q(**{f"{prefix}activity__action__in": sorted(self.action_ids)})
        if self.activity is not None:
            return Q(**{f"{prefix}activity": self.activity})
        if self.action is not None:
            return Q(**{f"{prefix}activity__action": self.action})
        if self.sector is not None:
            return Q(**{f"{prefix}activity__action__sectors": self.sector})
        return Q()

    def actions(self) -> Q:
        if self.action_ids is not None:
            return Q(pk__in=sorted(self.action_ids))
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


def group_key(group: str | None, prefix: str = ""):
    """Expression giving each row its group's id (``prefix`` leads to the session)."""
    return figures.group_key(GROUP_PATHS, group, prefix)


def held_sessions_q(period: Period, prefix: str = "") -> Q:
    return Q(**{f"{prefix}status": HELD, f"{prefix}date__range": (period.start, period.end)})


def participants(scope: Scope, period: Period) -> QuerySet[Person]:
    """Persons present at least once at a held session of the scope in the period."""
    present = Attendance.objects.filter(
        scope.sessions("session__"), held_sessions_q(period, "session__"), person=OuterRef("pk")
    )
    return Person.objects.filter(Exists(present))
