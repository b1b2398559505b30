import datetime as dt

import pytest

from tisserand.core.calendar import (
    SchoolCalendarUnknown,
    easter_sunday,
    is_public_holiday,
    is_school_holiday,
    public_holidays,
)
from tisserand.core.periods import Period, calendar_year, season, season_of


@pytest.mark.parametrize(
    ("year", "easter"),
    [(2019, dt.date(2019, 4, 21)), (2020, dt.date(2020, 4, 12)), (2024, dt.date(2024, 3, 31))],
)
def test_easter_sunday_matches_known_dates(year, easter):
    assert easter_sunday(year) == easter


def test_public_holidays_2020_has_the_eleven_french_days():
    holidays = public_holidays(2020)
    assert len(holidays) == 11
    assert dt.date(2020, 4, 13) in holidays  # lundi de Pâques
    assert dt.date(2020, 5, 21) in holidays  # Ascension
    assert dt.date(2020, 6, 1) in holidays  # lundi de Pentecôte
    assert is_public_holiday(dt.date(2020, 11, 11))
    assert not is_public_holiday(dt.date(2020, 11, 12))


def test_school_holidays_zone_b_2020():
    """GIVEN the offline zone B calendar THEN the 2020 winter and spring holidays are Lille's."""
    assert is_school_holiday(dt.date(2020, 2, 24))  # hiver zone B: 22 Feb - 9 Mar
    assert not is_school_holiday(dt.date(2020, 3, 9))  # classes resume
    assert is_school_holiday(dt.date(2020, 4, 20))  # printemps zone B
    assert is_school_holiday(dt.date(2020, 8, 31))
    assert not is_school_holiday(dt.date(2020, 9, 1))


def test_school_calendar_outside_data_is_a_clear_error():
    with pytest.raises(SchoolCalendarUnknown, match="calendrier des vacances"):
        is_school_holiday(dt.date(2035, 1, 1))


def test_periods_and_previous_period():
    assert season(2019) == Period(dt.date(2019, 9, 1), dt.date(2020, 8, 31), "2019-2020")
    assert season(2019).previous().label == "2018-2019"
    assert calendar_year(2020).previous() == calendar_year(2019)
    assert season_of(dt.date(2020, 8, 31)) == 2019
    assert season_of(dt.date(2020, 9, 1)) == 2020
    with pytest.raises(ValueError):
        Period(dt.date(2020, 2, 1), dt.date(2020, 1, 1), "x")
