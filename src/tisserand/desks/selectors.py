"""Reads on the appointment desks: who may hold a desk, the week for reception, the day
sheet, a person's appointments, and whether an interview is a first visit.

Pages load their rows with a fixed number of queries, whatever the number of sessions or
appointments. Whether an interview is a first visit is computed in the database from the
person's history (``with_first_visit``), never typed.
"""

import datetime as dt
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Replace
from django.utils import timezone

from tisserand.core.models import CancellationReason, Contributor
from tisserand.core.permissions import EVERY_DESK, has_any_role
from tisserand.core.text import search_key
from tisserand.desks.models import (
    Appointment,
    Desk,
    DeskClosure,
    DeskSession,
    DeskSlot,
    RequestKind,
)
from tisserand.people.models import Person
from tisserand.people.selectors import person_search

# --- who may hold which desk -------------------------------------------------------------


def user_sees_all_desks(user) -> bool:
    """Direction, coordination, reception and the social mediator work on every desk; a
    bénévole only on the desks (or the days) they are on duty for."""
    return has_any_role(user, EVERY_DESK)


# A bénévole's duty on a desk day lasts from the day before (to print the day sheet) to
# the end of the day itself: before and after, the day and its persons are closed to them.
DUTY_DAYS_BEFORE = 1


def _duty_window(today: dt.date) -> tuple[dt.date, dt.date]:
    """The dates of the desk days a bénévole may hold ``today``."""
    return today, today + dt.timedelta(days=DUTY_DAYS_BEFORE)


def _current(prefix: str) -> Q:
    """The contributor at ``prefix`` has arrived and not left on the session's date."""
    return (Q(**{f"{prefix}start_date__isnull": True})
            | Q(**{f"{prefix}start_date__lte": F("date")})) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": F("date")})
    )


def duty_sessions(*, user, today: dt.date) -> QuerySet[DeskSession]:
    """The desk days this bénévole holds ``today``: a desk they are on duty for
    (``Desk.on_duty``) or a day they replace someone (``DeskSession.on_duty``), whose date
    falls within the duty window, while their contributor record is current."""
    first, last = _duty_window(today)
    standing = Q(desk__on_duty__user=user) & _current("desk__on_duty__")
    replacing = Q(on_duty__user=user) & _current("on_duty__")
    return DeskSession.objects.filter(standing | replacing, date__range=(first, last))


def user_can_hold_desk(
    user, desk: Desk, session: DeskSession | None = None, *, today: dt.date | None = None
) -> bool:
    """May this user run this day of this desk (day sheet, statuses, interviews, walk-ins)?

    Which screens a role opens is the permission matrix's business; this is the object rule
    on top of it. The staff of ``EVERY_DESK``: every desk, every day. A bénévole: a day
    (never a whole desk) of ``duty_sessions``, so only while the duty lasts: from the day
    before (to print the sheet) to the end of the day, while their contributor record is
    current (arrived, not left). Nobody else.
    """
    if user_sees_all_desks(user):
        return True
    if not user.is_authenticated or session is None or session.desk_id != desk.pk:
        return False
    today = today or timezone.localdate()
    return duty_sessions(user=user, today=today).filter(pk=session.pk).exists()


# --- first visits ------------------------------------------------------------------------


def with_first_visit(appointments: QuerySet[Appointment]) -> QuerySet[Appointment]:
    """Annotate ``is_first_visit``: the person had no interview at the same desk before
    this appointment (earlier day, or earlier the same day)."""
    earlier = Appointment.objects.filter(
        person=OuterRef("person"),
        session__desk=OuterRef("session__desk"),
        status=Appointment.Status.HONOURED,
    ).filter(
        Q(session__date__lt=OuterRef("session__date"))
        | Q(session__date=OuterRef("session__date"), start_time__lt=OuterRef("start_time"))
        | Q(
            session__date=OuterRef("session__date"),
            start_time=OuterRef("start_time"),
            pk__lt=OuterRef("pk"),
        )
    )
    return appointments.annotate(is_first_visit=~Exists(earlier))


# --- lists and pages ---------------------------------------------------------------------


def desks_for_list(*, today: dt.date) -> QuerySet[Desk]:
    """Desks with their next open session and the number of appointments of today."""
    upcoming = DeskSession.objects.filter(
        desk=OuterRef("pk"), date__gte=today, status=DeskSession.Status.OPEN
    ).order_by("date", "start_time")
    today_count = (
        Appointment.objects.filter(
            session__desk=OuterRef("pk"), session__date=today, status__in=Appointment.HOLDING
        )
        .order_by()
        .values("session__desk")
        .annotate(n=Count("id"))
        .values("n")
    )
    return (
        Desk.objects.select_related("place")
        .annotate(
            next_session_pk=Subquery(upcoming.values("pk")[:1]),
            next_session_date=Subquery(upcoming.values("date")[:1]),
            next_session_start=Subquery(upcoming.values("start_time")[:1]),
            today_count=Subquery(today_count, output_field=IntegerField()),
        )
        .order_by("-is_active", "name")
    )


def desk_for_page() -> QuerySet[Desk]:
    return Desk.objects.select_related("place", "action").prefetch_related(
        Prefetch("slots", queryset=DeskSlot.objects.order_by("weekday", "start_time")),
        Prefetch("on_duty", queryset=Contributor.objects.order_by("last_name", "first_name")),
        Prefetch(
            "closures",
            queryset=DeskClosure.objects.select_related("reason").order_by("-start_date"),
        ),
    )


def _with_booked_count(sessions: QuerySet[DeskSession]) -> QuerySet[DeskSession]:
    return sessions.select_related("closure_reason").annotate(
        booked_count=Count(
            "appointments",
            filter=Q(appointments__status__in=Appointment.HOLDING, appointments__walk_in=False),
        ),
        walk_in_count=Count("appointments", filter=Q(appointments__walk_in=True)),
    )


def desk_sessions_around(
    *, desk: Desk, today: dt.date, before: int = 4, after: int = 12
) -> tuple[list[DeskSession], list[DeskSession]]:
    """The last few sessions (to record interviews afterwards) and the next ones."""
    sessions = _with_booked_count(DeskSession.objects.filter(desk=desk))
    past = list(sessions.filter(date__lt=today).order_by("-date", "-start_time")[:before])
    upcoming = list(sessions.filter(date__gte=today).order_by("date", "start_time")[:after])
    return past[::-1], upcoming


def desk_sessions_held_by(*, user, start: dt.date, end: dt.date) -> list[DeskSession]:
    """The desk sessions of a few days this user may hold: every desk for the staff, the
    desks (or days) they are on duty for for a bénévole. For the dashboard: a bénévole
    does not open the list of desks, this is their way to their day and its sheet."""
    sessions = DeskSession.objects.filter(date__range=(start, end))
    if not user_sees_all_desks(user):
        if not user.is_authenticated:
            return []
        # Only the days whose duty lasts now. A subquery, not joins: joined duty rows
        # would multiply the counts below.
        theirs = duty_sessions(user=user, today=timezone.localdate())
        sessions = sessions.filter(pk__in=theirs.values("pk"))
    return list(
        _with_booked_count(sessions.select_related("desk")).order_by(
            "date", "start_time", "desk__name"
        )
    )


def desk_session_for_page() -> QuerySet[DeskSession]:
    return DeskSession.objects.select_related("desk", "desk__place", "closure_reason")


def appointment_for_write() -> QuerySet[Appointment]:
    return Appointment.objects.select_related("session", "session__desk", "person")


def cancellation_reasons() -> QuerySet[CancellationReason]:
    return CancellationReason.objects.all()


# --- the week, for reception -------------------------------------------------------------


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@dataclass
class TimeRow:
    time: dt.time
    appointments: list[Appointment] = field(default_factory=list)
    free: int = 0

    @property
    def free_places(self) -> range:
        return range(self.free)


@dataclass
class SessionDay:
    session: DeskSession
    rows: list[TimeRow]
    walk_ins: list[Appointment]
    cancelled: list[Appointment]

    @property
    def booked(self) -> int:
        return sum(len(row.appointments) for row in self.rows)

    @property
    def free(self) -> int:
        return sum(row.free for row in self.rows)


def _session_day(session: DeskSession, appointments: list[Appointment]) -> SessionDay:
    """One session cut into its appointment times, each with its appointments and the
    places still free (a closed session has none)."""
    capacity = 0 if session.is_closed else session.desk.parallel_appointments
    rows = {time: TimeRow(time=time) for time in session.appointment_times()}
    walk_ins, cancelled = [], []
    for appointment in appointments:
        if appointment.walk_in:
            walk_ins.append(appointment)
        elif appointment.status in Appointment.CANCELLED:
            cancelled.append(appointment)
        else:  # a time outside the grid (the length of appointments changed) gets its row
            rows.setdefault(appointment.start_time, TimeRow(time=appointment.start_time))
            rows[appointment.start_time].appointments.append(appointment)
    grid = set(session.appointment_times())
    for row in rows.values():
        if row.time in grid:
            row.free = max(capacity - len(row.appointments), 0)
    return SessionDay(
        session=session,
        rows=[rows[time] for time in sorted(rows)],
        walk_ins=walk_ins,
        cancelled=cancelled,
    )


def _appointments_of(sessions: list[DeskSession]) -> dict[int, list[Appointment]]:
    appointments = (
        Appointment.objects.filter(session__in=[s.pk for s in sessions])
        .select_related("person")
        .order_by("session_id", "start_time", "id")
    )
    return {
        session_id: list(rows)
        for session_id, rows in groupby(appointments, key=lambda a: a.session_id)
    }


@dataclass
class Week:
    monday: dt.date
    days: list[SessionDay]

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)

    @property
    def previous(self) -> dt.date:
        return self.monday - dt.timedelta(days=7)

    @property
    def next(self) -> dt.date:
        return self.monday + dt.timedelta(days=7)


def desk_week(*, desk: Desk, day: dt.date) -> Week:
    """The desk's sessions of the week of ``day``, each appointment time with its
    appointments (name, phone, status) or its free places. Two queries."""
    monday = monday_of(day)
    sessions = list(
        DeskSession.objects.filter(desk=desk, date__range=(monday, monday + dt.timedelta(6)))
        .select_related("desk", "closure_reason")
        .order_by("date", "start_time")
    )
    by_session = _appointments_of(sessions)
    return Week(
        monday=monday, days=[_session_day(s, by_session.get(s.pk, [])) for s in sessions]
    )


MOVE_WEEKS = 6


def free_days_ahead(*, desk: Desk, start: dt.date, weeks: int = MOVE_WEEKS) -> list[SessionDay]:
    """The open sessions of the desk from ``start`` for a few weeks that still have a free
    time, each with its times (to move an appointment there). Two queries."""
    sessions = list(
        DeskSession.objects.filter(desk=desk, status=DeskSession.Status.OPEN,
                                   date__range=(start, start + dt.timedelta(weeks=weeks)))
        .select_related("desk").order_by("date", "start_time")
    )
    by_session = _appointments_of(sessions)
    days = [_session_day(s, by_session.get(s.pk, [])) for s in sessions]
    return [day for day in days if day.free]


def cancelled_by_centre(*, session: DeskSession) -> list[Appointment]:
    """The appointments of a desk day the centre cancelled, with the person's contact:
    the persons to warn. One query."""
    return list(
        session.appointments.filter(status=Appointment.Status.CANCELLED_BY_CENTRE,
                                    walk_in=False)
        .select_related("person").order_by("start_time", "id")
    )


def session_grid(*, session: DeskSession) -> SessionDay:
    """One session's appointment times with their appointments and free places."""
    return _session_day(session, _appointments_of([session]).get(session.pk, []))


# --- the day: session page and day sheet -------------------------------------------------


def _for_the_day(appointments: QuerySet[Appointment]) -> list[Appointment]:
    """Appointments with the person, ``is_first_visit`` and the ids of their kinds of
    request (``kind_ids``, for the check boxes). Two queries."""
    rows = list(
        with_first_visit(appointments)
        .select_related("person")
        .prefetch_related(Prefetch("kinds", queryset=RequestKind.objects.only("pk")))
        .order_by("start_time", "id")
    )
    for appointment in rows:
        appointment.kind_ids = {k.pk for k in appointment.kinds.all()}
    return rows


def session_appointments(*, session: DeskSession) -> list[Appointment]:
    """Every appointment of the session in time order, cancelled ones included."""
    return _for_the_day(Appointment.objects.filter(session=session))


def session_appointment(*, pk: int) -> Appointment:
    """One row of the session page again (after a status change)."""
    return _for_the_day(Appointment.objects.filter(pk=pk))[0]


def day_sheet(*, session: DeskSession) -> list[Appointment]:
    """The printed sheet of the volunteers: the persons expected or received (cancelled
    appointments left out), time, name, phone, subject, first visit or not."""
    return [a for a in session_appointments(session=session) if a.status in Appointment.HOLDING]


def session_on_duty(*, session: DeskSession) -> list[Contributor]:
    """Who is on duty that day: the day's own list, else the desk's usual team."""
    on_duty = list(session.on_duty.order_by("last_name", "first_name"))
    return on_duty or list(session.desk.on_duty.order_by("last_name", "first_name"))


@dataclass
class KindGroup:
    label: str
    kinds: list[RequestKind]


def request_kinds_by_group() -> list[KindGroup]:
    """The active kinds of request, by family, in the order of the list (one query)."""
    by_group: dict[str, list[RequestKind]] = {}
    for kind in RequestKind.objects.filter(is_active=True).order_by("position", "name"):
        by_group.setdefault(kind.group, []).append(kind)
    return [
        KindGroup(label=group.label, kinds=by_group[group.value])
        for group in RequestKind.Group
        if group.value in by_group
    ]


# --- persons -----------------------------------------------------------------------------


def persons_visible_at_desk(*, user, session: DeskSession | None) -> QuerySet[Person]:
    """The persons this user may find and pick at this desk day: anyone for the staff of
    ``EVERY_DESK``; for a bénévole on duty, only the persons booked that day (a cancelled
    booking aside). Never the whole register."""
    if user_sees_all_desks(user):
        return Person.objects.all()
    if session is None:
        return Person.objects.none()
    booked = Appointment.objects.filter(session=session, status__in=Appointment.HOLDING)
    return Person.objects.filter(pk__in=booked.values("person_id"))


def person_search_for_booking(
    *, query: str, limit: int = 20, user=None, session: DeskSession | None = None
) -> list[Person]:
    """Persons found by name (accents ignored), for a booking or a walk-in; for a bénévole,
    among the day's bookings only (``persons_visible_at_desk``)."""
    if len(query.strip()) < 2:
        return []
    if user is None or user_sees_all_desks(user):
        return list(person_search(query=query, limit=limit))
    persons = persons_visible_at_desk(user=user, session=session).select_related("household")
    for word in search_key(query).split():
        persons = persons.filter(search_name__contains=word)
    return list(persons.order_by("last_name", "first_name", "id")[:limit])


def _digits(phone: str) -> str:
    return "".join(c for c in phone if c.isascii() and c.isdigit())


def persons_like(*, first_name: str, last_name: str, phone: str = "", limit: int = 10):
    """Persons with the same name (accents and case ignored), or the same phone number
    (spaces, dots and dashes ignored): probably the person about to be created again."""
    same = Q(search_name=search_key(f"{last_name} {first_name}"))
    digits = _digits(phone)
    persons = Person.objects.select_related("household")
    if len(digits) >= 6:
        bare = Replace(
            Replace(Replace("phone", Value(" "), Value("")), Value("."), Value("")),
            Value("-"), Value(""),
        )
        persons = persons.annotate(bare_phone=bare)
        same |= Q(bare_phone=digits)
    return list(persons.filter(same).order_by("last_name", "first_name", "id")[:limit])


def desk_closure(*, desk: Desk, pk: int) -> DeskClosure | None:
    """A closure of this desk (``None`` for another desk's or an unknown one)."""
    return DeskClosure.objects.filter(desk=desk, pk=pk).first()


def closure_to_warn(*, closure: DeskClosure) -> list[Appointment]:
    """The appointments the centre cancelled in the days of a closure: the persons to warn,
    with their phone numbers."""
    return list(
        Appointment.objects.filter(
            session__desk_id=closure.desk_id,
            session__date__range=(closure.start_date, closure.end_date),
            status=Appointment.Status.CANCELLED_BY_CENTRE,
        )
        .select_related("person", "session")
        .order_by("session__date", "start_time", "id")
    )


def person_appointments(*, person: Person) -> list[Appointment]:
    """A person's appointments at every desk, the latest first, with ``is_first_visit``."""
    return list(
        with_first_visit(Appointment.objects.filter(person=person))
        .select_related("session", "session__desk")
        .order_by("-session__date", "-start_time", "-id")
    )
