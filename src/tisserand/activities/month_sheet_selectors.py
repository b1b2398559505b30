"""Reads for the monthly attendance sheet of an atelier: the paper to print for outings
and the grid to type it back (persons × the month's sessions)."""

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q

from tisserand.activities import enrolment_selectors
from tisserand.activities.models import Activity, Attendance, Session
from tisserand.core.periods import season, season_of
from tisserand.people.models import Person


def month_end(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


@dataclass
class SheetCell:
    session: Session
    marked: bool


@dataclass
class SheetRow:
    person: Person
    enrolled: bool
    cells: list[SheetCell]  # one per session of the sheet, in order


@dataclass
class MonthSheet:
    activity: Activity
    month: dt.date  # its first day
    sessions: list[Session]
    rows: list[SheetRow]

    def cells(self) -> set[tuple[int, int]]:
        """Every (person, session) pair of the grid."""
        return {(row.person.pk, s.pk) for row in self.rows for s in self.sessions}

    def marked(self) -> set[tuple[int, int]]:
        return {
            (row.person.pk, cell.session.pk) for row in self.rows for cell in row.cells
            if cell.marked
        }


def month_sheet(*, activity: Activity, month: dt.date) -> MonthSheet:
    """The month's sessions (not the cancelled ones) and its persons: the enrolled of the
    season, then whoever came this season up to the month's end (walk-ins), with their
    marks. Three queries, whatever the number of persons and sessions."""
    month = month.replace(day=1)
    last_day = month_end(month)
    sessions = list(
        Session.objects.filter(activity=activity, date__range=(month, last_day))
        .exclude(status=Session.Status.CANCELLED)
        .order_by("date", "start_time", "id")
    )
    season_start = season_of(month)
    enrolled = enrolment_selectors.live_enrolled_ids(
        activity_id=activity.pk, season_start=season_start
    )
    came = Attendance.objects.filter(
        session__activity=activity,
        session__date__range=(season(season_start).start, last_day),
    ).values("person_id")
    persons = enrolment_selectors.with_child_rank(
        Person.objects.filter(Q(pk__in=enrolled) | Q(pk__in=came)), day=month
    ).annotate(
        is_enrolled=Exists(enrolled.filter(person_id=OuterRef("pk")))
    ).order_by("-is_enrolled", *enrolment_selectors.person_order(activity))
    marks = set(
        Attendance.objects.filter(session__in=[s.pk for s in sessions]).values_list(
            "person_id", "session_id"
        )
    ) if sessions else set()
    rows = [
        SheetRow(
            person=person,
            enrolled=person.is_enrolled,
            cells=[SheetCell(session=s, marked=(person.pk, s.pk) in marks) for s in sessions],
        )
        for person in persons
    ]
    return MonthSheet(activity=activity, month=month, sessions=sessions, rows=rows)
