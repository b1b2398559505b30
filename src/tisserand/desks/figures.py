"""Figures of the appointment desks for a period, as the report tells them: desk sessions
held, appointments booked, no-shows, cancellations, walk-ins, interviews, first visits,
persons received, kinds of request and time spent.

Like ``activities.figures.indicators``, every figure is an aggregate query computed for many groups
at once (``group="desk"`` or ``"action"``: one row per desk or per action of the report;
``None``: the whole centre under ``ALL``). The number of queries never depends on the
number of desks, sessions, appointments or persons.

Definitions:
- a desk session is *held* when it is open and its date has come (a future opening is not
  held yet); a closed one counts by the reason of its closure;
- *booked*: every appointment taken for a session of the period (not the walk-ins),
  whatever became of it, cancellations included: 78 booked = 50 received + 22 absent +
  6 cancelled;
- an *interview* is an honoured appointment, walk-ins included;
- a *first visit* is an interview of a person who had no earlier interview at the same
  desk, whenever it was (computed in the database, never typed).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from tisserand.core.figures import ALL, ComparisonRow, group_key
from tisserand.core.french import format_hours
from tisserand.core.periods import Period
from tisserand.core.text import search_key
from tisserand.desks.models import Appointment, Desk, DeskSession, RequestKind

Status = Appointment.Status
HONOURED = Status.HONOURED

# From a desk session to the group's id.
GROUP_PATHS = {"desk": "desk", "action": "desk__action"}


def _key(group: str | None, prefix: str = ""):
    """Each row's group id; ``prefix`` leads to the desk session."""
    return group_key(GROUP_PATHS, group, prefix)


def _sessions_q(period: Period, prefix: str = "", action=None, desk=None) -> Q:
    """Desk sessions dated in the period, of one action's desks or one desk if asked."""
    condition = Q(**{f"{prefix}date__range": (period.start, period.end)})
    if action is not None:
        condition &= Q(**{f"{prefix}desk__action": action})
    if desk is not None:
        condition &= Q(**{f"{prefix}desk": desk})
    return condition


@dataclass(frozen=True)
class KindFamily:
    """A family of requests (courriers, imprimés...): how many interviews dealt with it,
    and how many with each of its kinds."""

    label: str
    interviews: int
    kinds: list[tuple[str, int]] = field(default_factory=list)


@dataclass(frozen=True)
class DeskFigures:
    sessions_held: int = 0
    sessions_closed: int = 0
    closed_by_reason: dict[str, int] = field(default_factory=dict)
    booked: int = 0  # appointments taken (not walk-ins), whatever their status
    absent: int = 0
    cancelled_by_person: int = 0
    cancelled_by_centre: int = 0
    walk_ins: int = 0
    interviews: int = 0  # honoured appointments, walk-ins included
    first_visits: int = 0
    persons: int = 0  # distinct persons with an interview
    minutes: int = 0  # time spent in interviews, as recorded
    kind_families: list[KindFamily] = field(default_factory=list)

    @property
    def cancellations(self) -> int:
        return self.cancelled_by_person + self.cancelled_by_centre

    @property
    def is_empty(self) -> bool:
        return not (self.sessions_held or self.sessions_closed or self.booked or self.walk_ins)


EMPTY = DeskFigures()


def desk_figures_by(
    period: Period, group: str | None = None, *, action=None, desk=None,
    today: dt.date | None = None,
) -> dict[int, DeskFigures]:
    """Figures of each group (desk or action id, ``ALL`` when not grouped) that had desk
    sessions in the period. Four queries, whatever the data."""
    today = today or timezone.localdate()
    sessions = _session_rows(period, group, action, desk, today)
    appointments = _appointment_rows(period, group, action, desk)
    families = _kind_families(period, group, action, desk)
    result = {}
    for key in set(sessions) | set(appointments):
        held, closed, reasons = sessions.get(key, (0, 0, {}))
        row = appointments.get(key, {})
        result[key] = DeskFigures(
            sessions_held=held,
            sessions_closed=closed,
            closed_by_reason=reasons,
            booked=row.get("booked", 0),
            absent=row.get("absent", 0),
            cancelled_by_person=row.get("cancelled_person", 0),
            cancelled_by_centre=row.get("cancelled_centre", 0),
            walk_ins=row.get("walk_ins", 0),
            interviews=row.get("interviews", 0),
            first_visits=row.get("first_visits", 0),
            persons=row.get("persons", 0),
            minutes=row.get("minutes") or 0,
            kind_families=families.get(key, []),
        )
    return result


def desk_figures(period: Period, *, action=None, desk=None) -> DeskFigures:
    return desk_figures_by(period, None, action=action, desk=desk).get(ALL, EMPTY)


def _session_rows(period, group, action, desk, today) -> dict[int, tuple[int, int, dict]]:
    rows = (
        DeskSession.objects.filter(_sessions_q(period, "", action, desk))
        .annotate(key=_key(group))
        .values("key", "status", "closure_reason__label")
        .annotate(total=Count("id"), come=Count("id", filter=Q(date__lte=today)))
        .order_by("-total", "closure_reason__label")
    )
    result: dict[int, tuple[int, int, dict]] = {}
    for row in rows:  # one row per (group, status, reason): bounded by the reasons
        held, closed, reasons = result.get(row["key"], (0, 0, {}))
        if row["status"] == DeskSession.Status.OPEN:
            held += row["come"]
        else:
            closed += row["total"]
            label = row["closure_reason__label"] or "Sans motif"
            reasons[label] = reasons.get(label, 0) + row["total"]
        result[row["key"]] = (held, closed, reasons)
    return result


def _earlier_interview():
    """An interview of the same person at the same desk before this appointment."""
    same_day = Q(session__date=OuterRef("session__date"))
    return Appointment.objects.filter(
        person=OuterRef("person"), session__desk=OuterRef("session__desk"), status=HONOURED,
    ).filter(
        Q(session__date__lt=OuterRef("session__date"))
        | (same_day & Q(start_time__lt=OuterRef("start_time")))
        | (same_day & Q(start_time=OuterRef("start_time"), pk__lt=OuterRef("pk")))
    )


def _appointment_rows(period, group, action, desk) -> dict[int, dict]:
    honoured = Q(status=HONOURED)
    booked = Q(walk_in=False)
    rows = (
        Appointment.objects.filter(_sessions_q(period, "session__", action, desk))
        .annotate(key=_key(group, "session__"))
        .values("key")
        .annotate(
            booked=Count("id", filter=booked),
            absent=Count("id", filter=booked & Q(status=Status.ABSENT)),
            cancelled_person=Count("id", filter=Q(status=Status.CANCELLED_BY_PERSON)),
            cancelled_centre=Count("id", filter=Q(status=Status.CANCELLED_BY_CENTRE)),
            walk_ins=Count("id", filter=Q(walk_in=True)),
            interviews=Count("id", filter=honoured),
            first_visits=Count("id", filter=honoured & ~Q(Exists(_earlier_interview()))),
            persons=Count("person", distinct=True, filter=honoured),
            minutes=Sum("minutes_spent", filter=honoured),
        )
        .order_by()
    )
    return {row["key"]: row for row in rows}


def _kind_families(period, group, action, desk) -> dict[int, list[KindFamily]]:
    """Interviews per kind of request, grouped by family (an interview may deal with
    several kinds: a family counts each interview once)."""
    links = Appointment.kinds.through.objects.filter(
        _sessions_q(period, "appointment__session__", action, desk),
        appointment__status=HONOURED,
    ).annotate(key=_key(group, "appointment__session__"))
    by_kind = (
        links.values("key", "requestkind__group", "requestkind__name")
        .annotate(n=Count("appointment", distinct=True))
        .order_by("requestkind__position", "requestkind__name")
    )
    by_family = (
        links.values("key", "requestkind__group")
        .annotate(n=Count("appointment", distinct=True))
        .order_by()
    )
    totals = {(r["key"], r["requestkind__group"]): r["n"] for r in by_family}
    kinds: dict[tuple, list[tuple[str, int]]] = {}
    for row in by_kind:
        kinds.setdefault((row["key"], row["requestkind__group"]), []).append(
            (row["requestkind__name"], row["n"])
        )
    result: dict[int, list[KindFamily]] = {}
    for family in RequestKind.Group:  # the families in their usual order
        for (key, group_value), count in totals.items():
            if group_value == family.value:
                result.setdefault(key, []).append(
                    KindFamily(str(family.label), count, kinds.get((key, group_value), []))
                )
    return result


# --- for the screens --------------------------------------------------------------------


FIGURE_ROWS = (
    ("Permanences tenues", "sessions_held"),
    ("Permanences fermées", "sessions_closed"),
    ("Rendez-vous pris", "booked"),
    ("Absences aux rendez-vous", "absent"),
    ("Annulés par la personne", "cancelled_by_person"),
    ("Annulés par le centre", "cancelled_by_centre"),
    ("Sans rendez-vous", "walk_ins"),
    ("Nombre d'entretiens", "interviews"),
    ("Premières venues", "first_visits"),
    ("Personnes reçues", "persons"),
)


def comparison_rows(now: DeskFigures, before: DeskFigures) -> list[ComparisonRow]:
    return [ComparisonRow(label, getattr(now, name), getattr(before, name))
            for label, name in FIGURE_ROWS]


@dataclass(frozen=True)
class DeskBlock:
    """One desk (or all of them) on the figures page: this period beside the previous."""

    name: str
    action: str
    now: DeskFigures
    before: DeskFigures

    @property
    def rows(self) -> list[ComparisonRow]:
        return comparison_rows(self.now, self.before)

    @property
    def time_spent(self) -> str:
        """The time spent in interviews in the period, as "27 h 40"."""
        return format_hours(self.now.minutes / 60)


def desk_blocks(period: Period) -> list[DeskBlock]:
    """Every desk active or with figures in either period, then all desks together when
    there are several. A fixed number of queries."""
    previous = period.previous()
    now, before = desk_figures_by(period, "desk"), desk_figures_by(previous, "desk")
    desks = sorted(Desk.objects.select_related("action"), key=lambda d: search_key(d.name))
    blocks = [
        DeskBlock(desk.name, desk.action.name if desk.action else "",
                  now.get(desk.pk, EMPTY), before.get(desk.pk, EMPTY))
        for desk in desks  # "Écrivains" sorted with the E
        if desk.is_active or desk.pk in now or desk.pk in before
    ]
    if len(blocks) > 1:
        blocks.append(DeskBlock("Toutes les permanences", "", desk_figures(period),
                                desk_figures(previous)))
    return blocks
