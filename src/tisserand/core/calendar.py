"""French calendar facts, offline: public holidays, school holidays (zone B), seasons."""

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

SCHOOL_HOLIDAYS_FILE = Path(__file__).parent / "data" / "school_holidays_zone_b.json"


def easter_sunday(year: int) -> dt.date:
    """Gregorian Easter (anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


@cache
def public_holidays(year: int) -> dict[dt.date, str]:
    """The eleven French public holidays of a year (metropolitan France, outside Alsace-Moselle)."""
    easter = easter_sunday(year)
    return {
        dt.date(year, 1, 1): "Jour de l'an",
        easter + dt.timedelta(days=1): "Lundi de Pâques",
        dt.date(year, 5, 1): "Fête du Travail",
        dt.date(year, 5, 8): "Victoire 1945",
        easter + dt.timedelta(days=39): "Ascension",
        easter + dt.timedelta(days=50): "Lundi de Pentecôte",
        dt.date(year, 7, 14): "Fête nationale",
        dt.date(year, 8, 15): "Assomption",
        dt.date(year, 11, 1): "Toussaint",
        dt.date(year, 11, 11): "Armistice 1918",
        dt.date(year, 12, 25): "Noël",
    }


def is_public_holiday(day: dt.date) -> bool:
    return day in public_holidays(day.year)


class SchoolCalendarUnknown(ValueError):
    """The school holiday data does not cover the requested dates."""


@dataclass(frozen=True)
class HolidayPeriod:
    name: str
    start: dt.date  # first day of holidays
    end: dt.date  # day classes resume (excluded)


@cache
def _school_calendar() -> tuple[dt.date, dt.date, tuple[HolidayPeriod, ...]]:
    data = json.loads(SCHOOL_HOLIDAYS_FILE.read_text(encoding="utf-8"))
    periods = tuple(
        HolidayPeriod(p["name"], dt.date.fromisoformat(p["start"]), dt.date.fromisoformat(p["end"]))
        for p in data["periods"]
    )
    covered = data["covered"]
    return dt.date.fromisoformat(covered["from"]), dt.date.fromisoformat(covered["to"]), periods


def check_school_calendar_covers(start: dt.date, end: dt.date) -> None:
    first, last, _periods = _school_calendar()
    if start < first or end > last:
        raise SchoolCalendarUnknown(
            _(
                "Le calendrier des vacances scolaires n'est connu que du %(first)s au %(last)s."
            )
            % {"first": first.strftime("%d/%m/%Y"), "last": last.strftime("%d/%m/%Y")}
        )


def is_school_holiday(day: dt.date) -> bool:
    """True on a day of school holidays (zone B), weekends inside a period included."""
    check_school_calendar_covers(day, day)
    return day in _school_holiday_days()


@cache
def _school_holiday_days() -> frozenset[dt.date]:
    """Every day of school holidays (a few hundred): the rhythm of a year's sessions asks
    about each session's day."""
    return frozenset(
        period.start + dt.timedelta(days=offset)
        for period in _school_calendar()[2]
        for offset in range((period.end - period.start).days)
    )


def years_before(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def age_on(birth: dt.date, day: dt.date) -> int:
    """Age in whole years on ``day`` (negative before birth)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def date_range(start: dt.date, end: dt.date):
    day = start
    while day <= end:
        yield day
        day += dt.timedelta(days=1)
