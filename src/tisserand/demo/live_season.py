"""The current season of the demo centre, relative to the day the demo is loaded.

The 2019-2020 history rebuilds the 2020 report and is left as it is. On top of it the centre
runs the season of today (September to August): the ateliers of the programme continue with
weekly slots, their sessions cover the whole season, a few are cancelled, attendance is
recorded up to yesterday (``demo.live_publics``), the desk has held appointments in the past
weeks and booked ones next week, and the follow-up has contacts this year
(``demo.live_desk``). A newcomer thus sees full dashboards and can try today's session
whatever the date.

Deterministic for a given day: the season draws from its own generator, seeded from the
date, so that the random stream of the history (and the history itself) never changes.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from tisserand.activities.models import Activity, Session
from tisserand.activities.services import CalendarFilter, session_create, sessions_generate
from tisserand.core.calendar import (
    SchoolCalendarUnknown,
    check_school_calendar_covers,
    is_school_holiday,
)
from tisserand.core.periods import Period, season, season_of
from tisserand.demo.centre import Reference
from tisserand.demo.population import Population
from tisserand.demo.programme import FRI, SAT, THU, WED, t
from tisserand.demo.sessions import _weekdays as weekdays_without_public_holidays

D = dt.date
# The history ends with the autumn of 2020, whose season (2020-2021) the 2020 report counts:
# a live season must start after it, so the demo loaded before 1 September 2021 has none.
HISTORY_END = D(2021, 8, 31)
SCHOOL_YEAR_LAST_DAY = (6, 30)  # term-time ateliers stop with the school year

# Ateliers that continue, and whether they follow the school term (True) or run all year.
CONTINUED = {
    "clas_cd": True, "clas_br": True, "livres": True, "corporelle": True, "musicale": True,
    "recreatifs": False, "gym": True, "sport_elles": True, "cuisine": False, "alma": False,
    "numerique": False, "futsal": False, "code": False, "intergen": False, "francais": True,
    "danse_78_lun": True, "danse_910": True, "danse_adultes_lun1": True,
    "danse_adultes_lun2": True, "danse_34": True, "danse_56": True, "danse_seniors": True,
    "danse_78_mer": True, "danse_ados": True, "danse_adultes_mer": True,
}
# Ateliers of irregular rhythm in 2019-2020 that now meet every week. Their sessions are
# created one by one, without adding weekly slots: slots have no dates, and the report
# describes each atelier's days from them, so a new slot would change the 2020 report.
WEEKLY_WITHOUT_SLOT = {
    "corporelle": (SAT, "10:00", "11:00"),
    "musicale": (WED, "10:00", "11:00"),
    "recreatifs": (WED, "14:00", "15:30"),
    "cuisine": (THU, "10:00", "11:30"),
    "numerique": (FRI, "14:00", "16:00"),
}
# The atelier run by both the animateur and the bénévole of the demo accounts: it gets an
# extra session on the day the demo is loaded when it has none (a Sunday, a holiday...).
SHARED_ATELIER = "clas_cd"
EXTRA_SESSION = ("14:00", "16:00", "Séance supplémentaire : révisions et jeux de société.")
CANCELLED_PAST, CANCELLED_COMING = 6, 2


@dataclass
class LiveSeason:
    today: dt.date
    period: Period  # the whole season, September to August
    rng: random.Random
    newcomers: Population  # persons first met this season, written with the attendance
    school_calendar_known: bool

    @property
    def yesterday(self) -> dt.date:
        return self.today - dt.timedelta(days=1)

    @property
    def school_year_end(self) -> dt.date:
        return self.period.end.replace(month=SCHOOL_YEAR_LAST_DAY[0], day=SCHOOL_YEAR_LAST_DAY[1])

    def sessions(self, *, past: bool | None = None) -> list[Session]:
        """The season's sessions (past: before today; not past: from today on)."""
        sessions = Session.objects.filter(date__range=(self.period.start, self.period.end))
        if past is True:
            sessions = sessions.filter(date__lt=self.today)
        elif past is False:
            sessions = sessions.filter(date__gte=self.today)
        return list(sessions.select_related("place").order_by("date", "start_time", "id"))


def live_season_of(today: dt.date, seed: int) -> LiveSeason | None:
    """The season to run on ``today``, or None while it could touch the 2019-2020 history."""
    if today <= HISTORY_END:
        return None
    period = season(season_of(today))
    try:
        check_school_calendar_covers(period.start, period.end)
        known = True
    except SchoolCalendarUnknown:
        known = False
    rng = random.Random(seed * 100_000 + today.toordinal())
    return LiveSeason(today, period, rng, Population(rng), known)


def build_live_season(ref: Reference, activities: dict[str, Activity], population: Population,
                      today: dt.date, seed: int) -> LiveSeason | None:
    # Imported here: those modules build on LiveSeason, defined above.
    from tisserand.demo.live_desk import build_live_desk, build_live_follow_up
    from tisserand.demo.live_publics import build_live_attendance

    live = live_season_of(today, seed)
    if live is None:
        return None
    _generate_sessions(live, activities)
    _make_sure_of_a_session_today(live, activities)
    _cancel_a_few(live, ref)
    build_live_attendance(live, ref, activities, population)
    build_live_desk(live, ref, population)
    build_live_follow_up(live, ref, population)
    return live


def _generate_sessions(live: LiveSeason, activities: dict[str, Activity]) -> None:
    for key, term in CONTINUED.items():
        if key in WEEKLY_WITHOUT_SLOT:
            _weekly_without_slot(live, activities[key], WEEKLY_WITHOUT_SLOT[key], term)
        elif not term:
            sessions_generate(activity=activities[key], start=live.period.start,
                              end=live.period.end)
        elif live.school_calendar_known:
            sessions_generate(activity=activities[key], start=live.period.start,
                              end=live.school_year_end, calendar_filter=CalendarFilter.SCHOOL_TERM)
        else:
            # The school holidays of this season are not in core/calendar.py yet (issue 14
            # brings every zone and year): the term-time ateliers run through the holidays,
            # public holidays still skipped, until the end of June.
            sessions_generate(activity=activities[key], start=live.period.start,
                              end=live.school_year_end)


def _weekly_without_slot(live: LiveSeason, activity: Activity, rhythm: tuple[int, str, str],
                         term: bool) -> None:
    weekday, start, end = rhythm
    last = live.school_year_end if term else live.period.end
    days = weekdays_without_public_holidays(live.period.start, last, weekday)
    if term and live.school_calendar_known:
        days = [day for day in days if not is_school_holiday(day)]
    Session.objects.bulk_create(
        Session(activity=activity, date=day, start_time=t(start), end_time=t(end),
                place=activity.default_place)
        for day in days
    )


def _make_sure_of_a_session_today(live: LiveSeason, activities: dict[str, Activity]) -> None:
    """The animateur's and the bénévole's "séance d'aujourd'hui" can be tried any day."""
    activity = activities[SHARED_ATELIER]
    if Session.objects.filter(activity=activity, date=live.today).exists():
        return
    start, end, journal = EXTRA_SESSION
    session_create(activity=activity, date=live.today, start_time=t(start), end_time=t(end),
                   journal=journal)


def _cancel_a_few(live: LiveSeason, ref: Reference) -> None:
    """A few sessions of the past weeks and of the coming ones did not or will not take
    place (never today's: they are the ones to try)."""
    past = live.sessions(past=True)
    coming = [s for s in live.sessions(past=False) if s.date > live.today]
    rng = live.rng
    chosen = rng.sample(past, min(CANCELLED_PAST, len(past)))
    chosen += rng.sample(coming, min(CANCELLED_COMING, len(coming)))
    reasons = [ref.reasons[key] for key in ("salle", "autre", "conges")]
    for session in chosen:
        session.status = Session.Status.CANCELLED
        session.cancellation_reason = rng.choice(reasons)
    Session.objects.bulk_update(chosen, ["status", "cancellation_reason"])
