"""Whether a figure of a period can be compared with the previous period's, and how it is
said: "78 (79 en 2019)"; the figure alone, with a note, when the previous period cannot be
compared: an action new in this period ("Nouvelle action en 2020"), or a previous period
that starts before the centre's (or the action's) data are complete."""

import datetime as dt
from dataclasses import dataclass

from tisserand.core.french import format_date, format_number, with_previous
from tisserand.core.periods import Period


@dataclass(frozen=True)
class Comparison:
    label: str  # the previous period's ("2019", "2018-2019")
    available: bool = True
    new_in: str = ""  # the period the action is new in
    records_start: dt.date | None = None  # data complete only from then

    def value(self, now: int | float, before: int | float) -> str:
        return with_previous(now, before, self.label) if self.available else format_number(now)

    def notes(self) -> list[str]:
        if self.new_in:
            return [f"Nouvelle action en {self.new_in}."]
        if self.records_start:
            return [f"Pas de comparaison avec {self.label} : les données ne sont complètes "
                    f"que depuis le {format_date(self.records_start)}."]
        return []


def comparison_for(period: Period, previous: Period, *, records_start: dt.date | None = None,
                   started_on: dt.date | None = None, had_before: bool = True) -> Comparison:
    """``started_on``: the action's start; ``had_before``: whether it did anything in the
    previous period (with complete data, nothing then means new now)."""
    if started_on and started_on > previous.end:
        return Comparison(previous.label, available=False, new_in=period.label)
    if records_start and records_start > previous.start:
        return Comparison(previous.label, available=False, records_start=records_start)
    if not had_before:
        return Comparison(previous.label, available=False, new_in=period.label)
    return Comparison(previous.label)
