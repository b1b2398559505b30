"""Periods: what every figure of the software is computed over.

A period is a closed date range with a label. Its label is derived from its dates, in one
place (``period_label``): "2020" for a calendar year, "2019-2020" for a school season
(September to August), "01/03/2020 – 31/05/2020" for any other range.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from tisserand.core.calendar import years_before

SEASON_FIRST_MONTH = 9  # a season (and a school year) runs from September to August
# The years a period may be asked for (a typing error beyond them is refused, not computed).
FIRST_YEAR, LAST_YEAR = 1990, 2100


def period_label(start: dt.date, end: dt.date) -> str:
    if start.year == end.year and (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return str(start.year)
    if (
        end.year == start.year + 1
        and (start.month, start.day) == (SEASON_FIRST_MONTH, 1)
        and (end.month, end.day) == (SEASON_FIRST_MONTH - 1, 31)
    ):
        return f"{start.year}-{end.year}"
    return f"{start:%d/%m/%Y} – {end:%d/%m/%Y}"


@dataclass(frozen=True)
class Period:
    """A closed date range [start, end] used by every figure of the software.

    ``label`` is derived from the dates when not given; a part of a school year that falls
    in a report's period keeps its school year's label ("2019-2020")."""

    start: dt.date
    end: dt.date
    label: str = ""

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError(_("La fin de la période précède son début."))
        if not self.label:
            object.__setattr__(self, "label", period_label(self.start, self.end))

    def previous(self) -> "Period":
        """The same dates one year earlier (for "78 (79 en 2019)")."""
        return Period(years_before(self.start, 1), years_before(self.end, 1))

    def month_starts(self) -> list[dt.date]:
        """The first day of every month the period touches."""
        months = []
        day = self.start.replace(day=1)
        while day <= self.end:
            months.append(day)
            day = (day + dt.timedelta(days=32)).replace(day=1)
        return months


def calendar_year(year: int) -> Period:
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31))


def season(start_year: int) -> Period:
    """A school season, September to August ("2019-2020")."""
    return Period(dt.date(start_year, SEASON_FIRST_MONTH, 1), dt.date(start_year + 1, 8, 31))


def season_of(day: dt.date) -> int:
    """Start year of the season (and school year) a day belongs to."""
    return day.year if day.month >= SEASON_FIRST_MONTH else day.year - 1


def empty_months(period: Period) -> list[tuple[dt.date, int]]:
    """Every month of the period with a count of zero, for figures by month."""
    return [(month, 0) for month in period.month_starts()]
