"""Sessions held, persons and passages of several periods at once (the report's trends).

Three queries for every period and every group: each row is given the index of the period
its session falls in, then counted per (period, group). The detailed figures of one
period (ages, families...) are ``public_figures_by``'s."""

from django.db.models import Case, Count, IntegerField, Sum, Value, When

from tisserand.activities.figures.indicators import SessionFigures
from tisserand.activities.figures.public import PublicFigures
from tisserand.activities.figures.scope import HELD, WHOLE_CENTRE, Scope, group_key
from tisserand.activities.models import Attendance, Headcount, Session
from tisserand.core.periods import Period


def _period_index(periods: list[Period], prefix: str) -> Case:
    return Case(
        *[When(**{f"{prefix}date__range": (p.start, p.end)}, then=Value(index))
          for index, p in enumerate(periods)],
        default=Value(-1), output_field=IntegerField(),
    )


def counts_by_period(
    periods: list[Period], group: str | None = None, scope: Scope = WHOLE_CENTRE
) -> list[dict[int, tuple[SessionFigures, PublicFigures]]]:
    """For each period (in the order given, not overlapping), the held sessions and the
    public (persons, named attendances, anonymous counts) of each group that had any."""
    ordered = sorted(periods, key=lambda p: p.start)
    if any(a.end >= b.start for a, b in zip(ordered, ordered[1:], strict=False)):
        raise ValueError("periods overlap")
    result: list[dict] = [{} for _ in periods]
    if not periods:
        return result
    span = (ordered[0].start, ordered[-1].end)

    def rows(model, prefix: str, **aggregates):
        return (
            model.objects.filter(scope.sessions(prefix), **{
                f"{prefix}status": HELD, f"{prefix}date__range": span,
            })
            .annotate(key=group_key(group, prefix), slot=_period_index(periods, prefix))
            .values("slot", "key").annotate(**aggregates).order_by()
        )

    held = {(r["slot"], r["key"]): r["n"] for r in rows(Session, "", n=Count("id"))}
    named = {(r["slot"], r["key"]): r for r in rows(
        Attendance, "session__", n=Count("id"), persons=Count("person", distinct=True))}
    counted = {(r["slot"], r["key"]): r["n"] or 0 for r in rows(
        Headcount, "session__", n=Sum("count"))}
    for slot, key in held.keys() | named.keys() | counted.keys():
        if slot < 0:
            continue
        row = named.get((slot, key), {})
        result[slot][key] = (
            SessionFigures(held=held.get((slot, key), 0)),
            PublicFigures(attendances=row.get("n", 0), persons=row.get("persons", 0),
                          headcount=counted.get((slot, key), 0)),
        )
    return result
