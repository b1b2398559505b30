"""When the ateliers met, read from their held sessions: the days and parts of the day, the
hours when they never change, the school holidays, the frequency, the separate runs of an
atelier ("8 séances de janvier à mars, puis 4 en septembre et octobre"), the number of
persons present at each session and the sessions of each month.

Three queries for every atelier of the scope: one row per session (sessions are few beside
the attendances), the held ones with their number of passages computed in the database,
and one row per presence of a volunteer or an external facilitator.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce

from tisserand.activities.figures.scope import (
    WHOLE_CENTRE,
    Scope,
    group_key,
    held_sessions_q,
)
from tisserand.activities.models import Attendance, Headcount, Session, SessionContributor
from tisserand.core.calendar import SchoolCalendarUnknown, is_school_holiday
from tisserand.core.french import MONTHS, WEEKDAYS, format_number, format_time, join_words
from tisserand.core.models import Contributor
from tisserand.core.periods import Period

RUN_GAP = dt.timedelta(days=42)  # six weeks without a session end a run
MAIN_SHARE = 0.7  # a day (or the holidays) holding this share of the sessions is "the" day
MORNING_END, AFTERNOON_END = dt.time(12), dt.time(18)


@dataclass(frozen=True)
class HeldSession:
    date: dt.date
    start: dt.time
    end: dt.time
    outreach: bool
    passages: int  # named attendances plus anonymous counts
    volunteers: frozenset[int] = frozenset()  # the volunteers present
    facilitators: frozenset[str] = frozenset()  # the external facilitators present

    @property
    def part_of_day(self) -> str:
        if self.start < MORNING_END:
            return "matin"
        return "après-midi" if self.start < AFTERNOON_END else "soir"


@dataclass(frozen=True)
class Run:
    """Sessions that follow one another with no gap of six weeks or more."""

    first: dt.date
    last: dt.date
    sessions: int
    fewest: int  # persons present (passages) at the emptiest session
    most: int
    volunteers: int = 0  # distinct volunteers present at its sessions
    facilitators: frozenset[str] = frozenset()


@dataclass
class Rhythm:
    sessions: list[HeldSession] = field(default_factory=list)  # held, in date order
    # Every session of the period, held, cancelled or to come: the programme's rhythm.
    scheduled: list[dt.date] = field(default_factory=list)

    @property
    def held(self) -> int:
        return len(self.sessions)

    def followed(self, slots) -> bool:
        """Did the period's held sessions follow these weekly slots (each slot held at its
        day and hours, each main day of the sessions a slot's)? Slots are today's
        programme: a report of an earlier period describes them only when its sessions
        agree, otherwise its days come from the sessions (``days_text``), so that editing
        an atelier's slots never rewrites a past report."""
        if not self.sessions or not slots:
            return False
        held = {(s.date.weekday(), s.start, s.end) for s in self.sessions}
        planned = {(slot.weekday, slot.start_time, slot.end_time) for slot in slots}
        slot_days = {slot.weekday for slot in slots}
        return planned <= held and set(_main_days(self.sessions)) <= slot_days

    # --- the runs --------------------------------------------------------------------

    def runs(self) -> list[Run]:
        runs, current = [], []
        for session in self.sessions:
            if current and session.date - current[-1].date >= RUN_GAP:
                runs.append(_run(current))
                current = []
            current.append(session)
        if current:
            runs.append(_run(current))
        return runs

    def runs_text(self, period: Period, *, with_presents: bool = False,
                  with_team: bool = False) -> str:
        """"8 de janvier à mars, puis 4 en septembre et octobre", or "en décembre" for one
        run; with the persons present at each of them ("7 à 13 présents"), and, when they
        change from one run to the next, the volunteers and the external facilitators."""
        runs = self.runs()
        years = period.start.year != period.end.year
        volunteers_change = len({run.volunteers for run in runs}) > 1
        facilitators_change = len({run.facilitators for run in runs}) > 1
        parts = []
        for run in runs:
            text = _months_text(run.first, run.last, years)
            if len(runs) > 1:
                text = f"{format_number(run.sessions)} {text}"
            details = [_presents(run)] if with_presents else []
            if with_team and volunteers_change and run.volunteers:
                details.append(f"{run.volunteers} bénévole{'s' if run.volunteers > 1 else ''}")
            if with_team and facilitators_change and run.facilitators:
                details.append("avec " + join_words(sorted(run.facilitators)))
            if details:
                text += f" ({', '.join(details)})"
            parts.append(text)
        if len(parts) <= 2:
            return ", puis ".join(parts)
        return ", ".join(parts[:-1]) + ", puis " + parts[-1]

    def present_range(self) -> tuple[int, int, int, int] | None:
        """(fewest, most) persons present at a session, and the usual range: without the
        emptiest and the fullest session when there are ten or more (an open day with its
        spectators, a session of two during a strike)."""
        counts = sorted(s.passages for s in self.sessions)
        if not counts:
            return None
        usual = counts[1:-1] if len(counts) >= 10 else counts
        return counts[0], counts[-1], usual[0], usual[-1]

    def in_the_evening(self) -> int:
        return sum(1 for s in self.sessions if s.part_of_day == "soir")

    def duration(self) -> dt.timedelta | None:
        """The length of every held session, when they all last the same."""
        lengths = {
            dt.datetime.combine(s.date, s.end) - dt.datetime.combine(s.date, s.start)
            for s in self.sessions
        }
        return lengths.pop() if len(lengths) == 1 else None

    def in_school_holidays(self) -> int:
        return sum(1 for s in self.sessions if _in_school_holidays(s.date))

    def by_month(self, weekday: int | None = None) -> dict[dt.date, tuple[int, int]]:
        """(sessions, passages) of each month with a held session (on ``weekday`` only,
        when given)."""
        months: dict[dt.date, tuple[int, int]] = {}
        for session in self.sessions:
            if weekday is not None and session.date.weekday() != weekday:
                continue
            month = session.date.replace(day=1)
            count, passages = months.get(month, (0, 0))
            months[month] = (count + 1, passages + session.passages)
        return months

    # --- the days ----------------------------------------------------------------------

    def days_text(self, period: Period) -> str:
        """"le samedi matin, 2 fois par mois", "le mercredi et pendant les vacances
        scolaires", "le mardi de 19 h 00 à 20 h 00 et le samedi de 11 h 30 à 13 h 30"...
        ("" with no session)."""
        if not self.sessions:
            return ""
        term = [s for s in self.sessions if not _in_school_holidays(s.date)]
        main = _main_days(term)
        usual = _usual_hours(term, main)
        # Holiday sessions that are not the usual day and hours going on in the holidays.
        extra = [s for s in self.sessions if _in_school_holidays(s.date) and not (
            s.date.weekday() in main and usual.get(s.date.weekday()) in (None, (s.start, s.end))
        )]
        if len(extra) >= MAIN_SHARE * self.held:
            days = "pendant les vacances scolaires"
        else:
            days = _days_text(term, main, usual)
            # Sessions at other days or hours in the holidays, a fifth of them or more.
            if len(extra) * 5 >= self.held:
                days = join_words([days, "pendant les vacances scolaires"])
        frequency = self.frequency_text(period)
        return f"{days}, {frequency}" if days and frequency else days or frequency

    def frequency_text(self, period: Period) -> str:
        """How often the atelier was planned: "2 fois par semaine depuis octobre", "2 fois
        par mois", "une fois par mois" ("" when weekly: the days say it)."""
        dates = sorted(self.scheduled or [s.date for s in self.sessions])
        if len(dates) < 6:
            return ""
        spans = _spans(dates)
        weeks = sum(((last - first).days + 7) / 7 for first, last in spans)
        per_week = len(dates) / weeks
        per_month = len(dates) / len({(day.year, day.month) for day in dates})
        since = ""
        if len(spans) == 1 and dates[0] - period.start > dt.timedelta(days=60) and (
            period.end - dates[-1] < dt.timedelta(days=28)  # the Christmas holidays
        ):
            since = f" depuis {MONTHS[dates[0].month - 1]}"
        if per_week >= 1.5:
            frequency = f"{round(per_week)} fois par semaine"
        elif per_week >= 0.7:
            frequency = ""  # weekly
        elif per_month >= 1.5:
            frequency = f"{round(per_month)} fois par mois"
        else:
            frequency = "une fois par mois"
        return (frequency + since).strip()


def _spans(dates: list[dt.date]) -> list[tuple[dt.date, dt.date]]:
    spans = [[dates[0], dates[0]]]
    for day in dates[1:]:
        if day - spans[-1][1] >= RUN_GAP:
            spans.append([day, day])
        else:
            spans[-1][1] = day
    return [(first, last) for first, last in spans]


def _run(sessions: list[HeldSession]) -> Run:
    counts = [s.passages for s in sessions]
    return Run(
        sessions[0].date, sessions[-1].date, len(sessions), min(counts), max(counts),
        volunteers=len(frozenset().union(*(s.volunteers for s in sessions))),
        facilitators=frozenset().union(*(s.facilitators for s in sessions)),
    )


def _presents(run: Run) -> str:
    if run.fewest == run.most:
        return f"{format_number(run.most)} présent{'s' if run.most > 1 else ''}"
    return f"{format_number(run.fewest)} à {format_number(run.most)} présents"


def _months_text(first: dt.date, last: dt.date, with_years: bool) -> str:
    def month(day):
        return MONTHS[day.month - 1] + (f" {day.year}" if with_years else "")

    if (first.year, first.month) == (last.year, last.month):
        return f"en {month(first)}"
    months_apart = (last.year - first.year) * 12 + last.month - first.month
    if months_apart == 1:
        return f"en {month(first)} et {month(last)}"
    start = month(first)
    return f"{'d’' if start[0] in 'aeiou' else 'de '}{start} à {month(last)}"


def _in_school_holidays(day: dt.date) -> bool:
    try:
        return is_school_holiday(day)
    except SchoolCalendarUnknown:
        return False  # no calendar for those dates: nothing is said about holidays


def _main_days(sessions: list[HeldSession]) -> list[int]:
    """The weekdays holding a fifth of the sessions or more, in the week's order."""
    weekdays = Counter(s.date.weekday() for s in sessions)
    return sorted(day for day, count in weekdays.items() if count * 5 >= len(sessions))


def _usual_hours(sessions, main: list[int]) -> dict[int, tuple[dt.time, dt.time] | None]:
    """For each main day, its hours when they never change (``None`` otherwise)."""
    usual = {}
    for day in main:
        hours = {(s.start, s.end) for s in sessions if s.date.weekday() == day}
        usual[day] = hours.pop() if len(hours) == 1 else None
    return usual


def _days_text(sessions, main: list[int], usual) -> str:
    """"le lundi et le jeudi de 16 h 15 à 18 h 30", "le samedi matin", "surtout le
    mercredi"; days with the same hours are told together."""
    if not main:
        return ""
    described = []
    for day in main:
        on_day = [s for s in sessions if s.date.weekday() == day]
        parts = {s.part_of_day for s in on_day}
        part = parts.pop() if len(parts) == 1 else ""
        if usual[day]:
            start, end = usual[day]
            described.append((day, f"{part} de {format_time(start)} à {format_time(end)}"))
        else:
            described.append((day, part))
    groups: list[tuple[list[int], str]] = []
    for day, text in described:
        if groups and groups[-1][1] == text and all(t for _d, t in described):
            groups[-1][0].append(day)
        else:
            groups.append(([day], text))
    if len({text for _days, text in groups}) == 1 and not groups[0][1]:
        groups = [([day for days, _t in groups for day in days], "")]
    phrases = [
        " ".join(filter(None, [join_words([f"le {WEEKDAYS[d]}" for d in days]), text]))
        for days, text in groups
    ]
    text = join_words(phrases)
    on_main = sum(1 for s in sessions if s.date.weekday() in main)
    return ("surtout " + text) if on_main < MAIN_SHARE * len(sessions) else text


def held_sessions_by(
    period: Period, group: str | None = None, scope: Scope = WHOLE_CENTRE
) -> dict[int, Rhythm]:
    """The rhythm of each group (atelier, action...) from its held sessions in the period."""
    named = (
        Attendance.objects.filter(session=OuterRef("pk")).order_by().values("session")
        .annotate(n=Count("id")).values("n")
    )
    counted = (
        Headcount.objects.filter(session=OuterRef("pk")).order_by().values("session")
        .annotate(n=Sum("count")).values("n")
    )
    result: dict[int, Rhythm] = {}
    scheduled = (
        Session.objects.filter(scope.sessions(), date__range=(period.start, period.end))
        .annotate(key=group_key(group)).values_list("key", "date").order_by()
    )
    for key, date in scheduled:
        result.setdefault(key, Rhythm()).scheduled.append(date)
    rows = (
        Session.objects.filter(scope.sessions(), held_sessions_q(period))
        .annotate(
            key=group_key(group),
            named=Coalesce(Subquery(named, output_field=IntegerField()), 0),
            counted=Coalesce(Subquery(counted, output_field=IntegerField()), 0),
        )
        .values_list("key", "pk", "date", "start_time", "end_time", "place__is_outreach",
                     "named", "counted")
        .order_by("key", "date", "start_time")
    )
    team = _team_by_session(period, scope)
    for key, session_id, date, start, end, outreach, named_count, counted_count in rows:
        volunteers, facilitators = team.get(session_id, (frozenset(), frozenset()))
        result.setdefault(key, Rhythm()).sessions.append(HeldSession(
            date, start, end, bool(outreach), named_count + counted_count,
            volunteers, facilitators,
        ))
    return result


def _team_by_session(period: Period, scope: Scope) -> dict[int, tuple[frozenset, frozenset]]:
    """The volunteers (ids) and the external facilitators (function, organisation) present
    at each held session: one row per presence of a volunteer or a facilitator."""
    rows = SessionContributor.objects.filter(
        scope.sessions("session__"), held_sessions_q(period, "session__"),
        contributor__kind__in=[Contributor.Kind.VOLUNTEER, Contributor.Kind.FACILITATOR],
    ).values_list("session", "contributor", "contributor__kind", "contributor__job_title",
                  "contributor__last_name", "contributor__organisation__name")
    volunteers: dict[int, set] = {}
    facilitators: dict[int, set] = {}
    for session, contributor, kind, job, last_name, organisation in rows:
        if kind == Contributor.Kind.VOLUNTEER:
            volunteers.setdefault(session, set()).add(contributor)
        else:
            label = (job or last_name) + (f" ({organisation})" if organisation else "")
            facilitators.setdefault(session, set()).add(label)
    return {
        session: (frozenset(volunteers.get(session, ())), frozenset(facilitators.get(session, ())))
        for session in set(volunteers) | set(facilitators)
    }
