"""The last four years (or seasons) side by side, for the centre and for each action: a
table, and a chart where at least three of them can be shown.

The two earlier periods take their sessions, persons and passages in three queries for
every action at once (``counts_by_period``); a period before the data are complete (or
before the action began) is shown as unavailable ("—"), never computed low."""

import datetime as dt
from dataclasses import dataclass

from tisserand.activities.figures.history import counts_by_period
from tisserand.activities.figures.indicators import SessionFigures
from tisserand.activities.figures.public import PublicFigures
from tisserand.activities.figures.scope import WHOLE_CENTRE, Scope
from tisserand.core.figures import ALL, Table
from tisserand.core.french import format_number
from tisserand.core.periods import Period
from tisserand.reports import charts

YEARS = 4


@dataclass(frozen=True)
class TrendPoint:
    period: Period
    sessions: SessionFigures
    public: PublicFigures
    available: bool = True


@dataclass(frozen=True)
class EarlierFigures:
    """Sessions and public of the periods before the previous one, per action and for the
    centre (the two most recent come from the report's own figures)."""

    periods: list[Period]
    counts: list[dict[int, tuple[SessionFigures, PublicFigures]]]

    @classmethod
    def compute(cls, previous: Period, group: str | None = "action",
                scope: Scope = WHOLE_CENTRE) -> "EarlierFigures":
        periods, period = [], previous
        for _ in range(YEARS - 2):
            period = period.previous()
            periods.insert(0, period)
        return cls(periods=periods, counts=counts_by_period(periods, group, scope))

    @classmethod
    def compute_centre(cls, previous: Period) -> "EarlierFigures":
        return cls.compute(previous, None)

    def points(self, key: int = ALL) -> list[TrendPoint]:
        return [
            TrendPoint(period, *counts.get(key, (SessionFigures(), PublicFigures())))
            for period, counts in zip(self.periods, self.counts, strict=True)
        ]


def with_availability(points: list[TrendPoint], *, records_start: dt.date | None,
                      started_on: dt.date | None) -> list[TrendPoint]:
    """A period before the complete data, or before the action began, is unavailable."""
    return [
        TrendPoint(p.period, p.sessions, p.public, available=not (
            (records_start and records_start > p.period.start)
            or (started_on and started_on > p.period.end)
        ))
        for p in points
    ]


def trend_table(points: list[TrendPoint]) -> Table | None:
    available = [p for p in points if p.available]
    if len(available) < 2:
        return None

    def cells(value) -> list[str]:
        return [format_number(value(p)) if p.available else "—" for p in points]

    rows = [["Séances réalisées", *cells(lambda p: p.sessions.held)]]
    if any(p.public.persons for p in available):  # not for an event counted without names
        rows.append(["Personnes différentes", *cells(lambda p: p.public.persons)])
    rows.append(["Présences", *cells(lambda p: p.public.passages)])
    return Table(f"Évolution sur {len(points)} ans", ["", *[p.period.label for p in points]],
                 rows)


def trend_chart(title: str, points: list[TrendPoint]) -> charts.Chart | None:
    """Persons of each period, when three periods or more can be shown."""
    available = [p for p in points if p.available]
    if len(available) < 3:
        return None
    return charts.yearly_persons(title, [(p.period.label, p.public.persons) for p in available])
