"""Reads on the desks: who may hold a desk, first visits, the week grid, the list of desks,
look-alike persons, the kinds of request; and query counts that do not grow with rows."""

import datetime as dt
from unittest import mock

import pytest

from tisserand.core.roles import ACCUEIL, BENEVOLE, COORDINATION, DIRECTION, MEDIATION
from tisserand.desks import selectors
from tisserand.desks.models import Appointment, DeskSession, RequestKind
from tisserand.testing.desk_factories import (
    AppointmentFactory,
    DeskFactory,
    DeskSessionFactory,
)
from tisserand.testing.factories import (
    CancellationReasonFactory,
    ContributorFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

T14, T1430, T15, T1530 = dt.time(14), dt.time(14, 30), dt.time(15), dt.time(15, 30)
HONOURED = Appointment.Status.HONOURED


# --- who may hold a desk ------------------------------------------------------------------


@pytest.mark.parametrize("role", [DIRECTION, COORDINATION, ACCUEIL, MEDIATION])
def test_the_staff_hold_every_desk(role):
    assert selectors.user_can_hold_desk(UserFactory(roles=[role]), DeskFactory())


def test_a_benevole_holds_only_the_days_they_are_on_duty_for():
    """GIVEN Bérénice on duty at the écrivains publics, and replacing someone on one day of
    the online-procedures desk THEN she holds those days (never a whole desk), not the
    desk's other days, and not a third desk."""
    today = dt.date(2020, 2, 4)
    user = UserFactory(roles=[BENEVOLE])
    berenice = ContributorFactory(user=user)
    writers, online, other = DeskFactory(), DeskFactory(), DeskFactory()
    writers.on_duty.add(berenice)
    writing_day = DeskSessionFactory(desk=writers, date=today)
    replaced = DeskSessionFactory(desk=online, date=today)
    replaced.on_duty.add(berenice)
    usual = DeskSessionFactory(desk=online, date=today + dt.timedelta(days=1))
    third = DeskSessionFactory(desk=other, date=today)
    assert selectors.user_can_hold_desk(user, writers, writing_day, today=today)
    assert selectors.user_can_hold_desk(user, online, replaced, today=today)
    assert not selectors.user_can_hold_desk(user, online, usual, today=today)
    assert not selectors.user_can_hold_desk(user, writers, today=today)  # a desk: no
    assert not selectors.user_can_hold_desk(user, online, today=today)
    assert not selectors.user_can_hold_desk(user, other, third, today=today)
    # A day of another desk passed with the desk she is on duty for: no.
    assert not selectors.user_can_hold_desk(user, writers, third, today=today)


def test_a_benevole_s_duty_ends():
    """The duty of a day lasts from the day before (to print the sheet) to the end of the
    day: not the days before nor after; and not after the bénévole has left the centre."""
    user = UserFactory(roles=[BENEVOLE])
    berenice = ContributorFactory(user=user)
    desk = DeskFactory()
    desk.on_duty.add(berenice)
    day = DeskSessionFactory(desk=desk, date=dt.date(2020, 2, 4))

    def holds(today):
        return selectors.user_can_hold_desk(user, desk, day, today=today)

    assert not holds(dt.date(2020, 2, 2))
    assert holds(dt.date(2020, 2, 3))
    assert holds(dt.date(2020, 2, 4))
    assert not holds(dt.date(2020, 2, 5))
    assert not holds(dt.date(2025, 2, 4))
    berenice.end_date = dt.date(2020, 2, 3)  # left the day before
    berenice.save()
    assert not holds(dt.date(2020, 2, 4))
    berenice.end_date, berenice.start_date = None, dt.date(2020, 2, 5)  # not arrived yet
    berenice.save()
    assert not holds(dt.date(2020, 2, 4))


def test_a_benevole_without_contributor_record_or_a_user_without_role_holds_nothing():
    desk = DeskFactory()
    desk.on_duty.add(ContributorFactory())
    day = DeskSessionFactory(desk=desk, date=dt.date(2020, 2, 4))
    today = day.date
    assert not selectors.user_can_hold_desk(UserFactory(roles=[BENEVOLE]), desk, day,
                                            today=today)
    assert not selectors.user_can_hold_desk(UserFactory(), desk, day, today=today)


def test_a_benevole_finds_only_the_day_s_bookings():
    """GIVEN Léa Martin booked on the bénévole's day, Lucie Martin booked on another day and
    Louis Martin who cancelled THEN searching 'Martin' finds Léa only for the bénévole,
    all three for the reception."""
    from tisserand.testing.factories import PersonFactory

    user = UserFactory(roles=[BENEVOLE])
    desk = DeskFactory()
    desk.on_duty.add(ContributorFactory(user=user))
    day = DeskSessionFactory(desk=desk, date=dt.date(2020, 2, 4))
    other_day = DeskSessionFactory(desk=desk, date=dt.date(2020, 2, 11))
    lea = PersonFactory(first_name="Léa", last_name="Martin")
    lucie = PersonFactory(first_name="Lucie", last_name="Martin")
    louis = PersonFactory(first_name="Louis", last_name="Martin")
    AppointmentFactory(session=day, person=lea, start_time=T14)
    AppointmentFactory(session=other_day, person=lucie, start_time=T14)
    AppointmentFactory(session=day, person=louis, start_time=T15,
                       status=Appointment.Status.CANCELLED_BY_PERSON)
    found = selectors.person_search_for_booking(query="martin", user=user, session=day)
    assert found == [lea]
    assert selectors.person_search_for_booking(query="martin", user=user, session=None) == []
    reception = UserFactory(roles=[ACCUEIL])
    assert len(selectors.person_search_for_booking(query="martin", user=reception,
                                                   session=day)) == 3


# --- first visits -------------------------------------------------------------------------


def test_first_visit_is_computed_from_earlier_interviews_at_the_same_desk():
    """GIVEN Inès received on 4 February, absent on 11 February, received on 18 February
    at the écrivains publics, and received once at another desk
    THEN only 4 February is a first visit there, and the other desk counts on its own."""
    writers, online = DeskFactory(), DeskFactory()
    ines = PersonFactory()
    days = [dt.date(2020, 2, 4), dt.date(2020, 2, 11), dt.date(2020, 2, 18)]
    sessions = [DeskSessionFactory(desk=writers, date=day) for day in days]
    first = AppointmentFactory(session=sessions[0], person=ines, status=HONOURED)
    absent = AppointmentFactory(session=sessions[1], person=ines,
                                status=Appointment.Status.ABSENT)
    again = AppointmentFactory(session=sessions[2], person=ines, status=HONOURED)
    elsewhere = AppointmentFactory(
        session=DeskSessionFactory(desk=online, date=dt.date(2020, 3, 3)), person=ines,
        status=HONOURED,
    )
    rows = {a.pk: a.is_first_visit
            for a in selectors.with_first_visit(Appointment.objects.all())}
    assert rows == {first.pk: True, absent.pk: False, again.pk: False, elsewhere.pk: True}


def test_an_earlier_interview_the_same_day_counts_and_absences_do_not():
    desk = DeskFactory()
    morning = DeskSessionFactory(desk=desk, date=dt.date(2020, 2, 4), start_time=dt.time(9),
                                 end_time=dt.time(10))
    late_morning = DeskSessionFactory(desk=desk, date=dt.date(2020, 2, 4),
                                      start_time=dt.time(10), end_time=dt.time(11))
    afternoon = DeskSessionFactory(desk=desk, date=dt.date(2020, 2, 4))
    person = PersonFactory()
    missed = AppointmentFactory(session=morning, person=person, start_time=dt.time(9),
                                status=Appointment.Status.ABSENT)
    walk_in = AppointmentFactory(session=late_morning, person=person, start_time=dt.time(10),
                                 walk_in=True, status=HONOURED)
    later = AppointmentFactory(session=afternoon, person=person, start_time=T15)
    rows = {a.pk: a.is_first_visit
            for a in selectors.with_first_visit(Appointment.objects.all())}
    assert rows == {missed.pk: True, walk_in.pk: True, later.pk: False}


# --- the week grid ------------------------------------------------------------------------


def test_the_week_cuts_each_session_into_times_with_appointments_and_free_places():
    """GIVEN a desk with two places per time, on Tuesday 4 February 2020 14:00-16:00:
    two bookings at 14:00, one at 15:00, one cancelled at 14:30, one walk-in
    THEN 14:00 is full, 14:30 has 2 free places, 15:00 one; the walk-in and the
    cancellation are listed apart. A closed session of the same week has no free place."""
    desk = DeskFactory(parallel_appointments=2)
    tuesday = DeskSessionFactory(desk=desk, date=dt.date(2020, 2, 4))
    a, b, c = (AppointmentFactory(session=tuesday, start_time=t) for t in (T14, T14, T15))
    cancelled = AppointmentFactory(session=tuesday, start_time=T1430,
                                   status=Appointment.Status.CANCELLED_BY_PERSON)
    walk_in = AppointmentFactory(session=tuesday, start_time=dt.time(14, 10), walk_in=True,
                                 status=HONOURED)
    DeskSessionFactory(desk=desk, date=dt.date(2020, 2, 7), status=DeskSession.Status.CLOSED,
                       closure_reason=CancellationReasonFactory())
    DeskSessionFactory(desk=desk, date=dt.date(2020, 2, 11))  # next week
    DeskSessionFactory(date=dt.date(2020, 2, 5))  # another desk

    week = selectors.desk_week(desk=desk, day=dt.date(2020, 2, 6))

    assert week.monday == dt.date(2020, 2, 3) and week.sunday == dt.date(2020, 2, 9)
    assert week.previous == dt.date(2020, 1, 27) and week.next == dt.date(2020, 2, 10)
    assert [d.session.date.day for d in week.days] == [4, 7]
    day = week.days[0]
    grid = {row.time: ([x.pk for x in row.appointments], row.free) for row in day.rows}
    assert grid == {
        T14: ([a.pk, b.pk], 0), T1430: ([], 2), T15: ([c.pk], 1), T1530: ([], 2),
    }
    assert [x.pk for x in day.walk_ins] == [walk_in.pk]
    assert [x.pk for x in day.cancelled] == [cancelled.pk]
    assert (day.booked, day.free) == (3, 5)
    closed = week.days[1]
    assert closed.free == 0 and all(row.free == 0 for row in closed.rows)


def test_an_appointment_off_the_grid_gets_its_own_row():
    """The length of appointments changed after a booking at 14:15: it still shows."""
    session = DeskSessionFactory(appointment_minutes=60)
    odd = AppointmentFactory(session=session, start_time=dt.time(14, 15))
    rows = selectors.session_grid(session=session).rows
    assert [(r.time, r.free) for r in rows] == [(T14, 1), (dt.time(14, 15), 0), (T15, 1)]
    assert rows[1].appointments == [odd]


def test_week_query_count_does_not_grow_with_appointments(django_assert_num_queries):
    desk = DeskFactory(parallel_appointments=3)
    sessions = [DeskSessionFactory(desk=desk, date=dt.date(2020, 2, day)) for day in (4, 6)]
    AppointmentFactory(session=sessions[0])
    with django_assert_num_queries(2):
        selectors.desk_week(desk=desk, day=dt.date(2020, 2, 4))
    for session in sessions:
        for time in (T14, T1430, T15):
            for _ in range(3):
                AppointmentFactory(session=session, start_time=time)
    with django_assert_num_queries(2):
        week = selectors.desk_week(desk=desk, day=dt.date(2020, 2, 4))
        assert sum(d.booked for d in week.days) == 19
        assert all(a.person.last_name for d in week.days for r in d.rows for a in r.appointments)


# --- the day ------------------------------------------------------------------------------


def test_session_appointments_carry_kinds_and_first_visit_in_two_queries(
    django_assert_num_queries,
):
    session = DeskSessionFactory()
    logement = RequestKind.objects.get(name="Logement")
    for time in (T14, T1430, T15):
        AppointmentFactory(session=session, start_time=time).kinds.add(logement)
    with django_assert_num_queries(2):
        rows = selectors.session_appointments(session=session)
        assert [r.kind_ids for r in rows] == [{logement.pk}] * 3
        assert all(r.is_first_visit for r in rows)
        assert [r.person.first_name for r in rows]


def test_the_day_sheet_leaves_out_cancelled_appointments():
    session = DeskSessionFactory()
    kept = AppointmentFactory(session=session, start_time=T15)
    AppointmentFactory(session=session, start_time=T14,
                       status=Appointment.Status.CANCELLED_BY_CENTRE)
    walk_in = AppointmentFactory(session=session, start_time=T1430, walk_in=True,
                                 status=HONOURED)
    assert [a.pk for a in selectors.day_sheet(session=session)] == [walk_in.pk, kept.pk]


def test_the_kinds_of_request_come_by_family_in_the_report_s_order():
    RequestKind.objects.filter(name="MDPH").update(is_active=False)
    groups = selectors.request_kinds_by_group()
    assert [str(g.label) for g in groups] == [
        "Courriers", "Imprimés", "Démarches téléphoniques", "Explication de courriers reçus",
        "Démarches en ligne",
    ]
    assert groups[0].kinds[0].name == "Emploi (Pôle emploi, candidatures)"
    assert "MDPH" not in [k.name for g in groups for k in g.kinds]


# --- desks and persons --------------------------------------------------------------------


def test_the_list_of_desks_shows_the_next_open_session_and_today_s_count(
    django_assert_num_queries,
):
    today = dt.date(2020, 2, 4)
    desk = DeskFactory(name="Écrivains publics")
    todays = DeskSessionFactory(desk=desk, date=today)
    for time in (T14, T1430):
        AppointmentFactory(session=todays, start_time=time)
    AppointmentFactory(session=todays, start_time=T15,
                       status=Appointment.Status.CANCELLED_BY_PERSON)
    DeskSessionFactory(desk=desk, date=dt.date(2020, 1, 28))
    empty = DeskFactory(name="Démarches en ligne")
    DeskSessionFactory(desk=empty, date=dt.date(2020, 2, 6), status=DeskSession.Status.CLOSED,
                       closure_reason=CancellationReasonFactory())
    nearest = DeskSessionFactory(desk=empty, date=dt.date(2020, 2, 13))
    with django_assert_num_queries(1):
        rows = {d.name: d for d in selectors.desks_for_list(today=today)}
    assert rows["Écrivains publics"].today_count == 2
    assert rows["Écrivains publics"].next_session_pk == todays.pk
    assert rows["Démarches en ligne"].today_count is None
    assert rows["Démarches en ligne"].next_session_date == nearest.date


def test_persons_like_matches_name_or_phone_whatever_the_spelling():
    awa = PersonFactory(first_name="Awa", last_name="Traoré", phone="06-12-34-56-78")
    PersonFactory(first_name="Awa", last_name="Diop", phone="07 00 00 00 00")
    assert selectors.persons_like(first_name="awa", last_name="TRAORE") == [awa]
    assert selectors.persons_like(first_name="X", last_name="Y", phone="06 12 34 56 78") == [awa]
    assert selectors.persons_like(first_name="X", last_name="Y", phone="06") == []


def test_a_person_s_appointments_latest_first():
    person = PersonFactory()
    old = AppointmentFactory(session=DeskSessionFactory(date=dt.date(2019, 5, 7)),
                             person=person, status=HONOURED)
    new = AppointmentFactory(session=DeskSessionFactory(date=dt.date(2020, 2, 4)),
                             person=person)
    AppointmentFactory(session=DeskSessionFactory(date=dt.date(2020, 2, 11)))
    rows = selectors.person_appointments(person=person)
    assert [a.pk for a in rows] == [new.pk, old.pk]
    assert rows[1].is_first_visit is True


def test_the_sessions_a_benevole_holds_over_a_few_days():
    """For the dashboard: Bérénice's desk and the day she replaces someone, not the rest;
    the reception sees every desk."""
    user = UserFactory(roles=[BENEVOLE])
    berenice = ContributorFactory(user=user)
    writers, online = DeskFactory(name="Écrivains publics"), DeskFactory(name="En ligne")
    writers.on_duty.add(berenice, ContributorFactory())
    mine = DeskSessionFactory(desk=writers, date=dt.date(2020, 2, 4))
    replaced = DeskSessionFactory(desk=online, date=dt.date(2020, 2, 5))
    replaced.on_duty.add(berenice, ContributorFactory())
    for time in (T14, T15):
        AppointmentFactory(session=replaced, start_time=time)
    others = DeskSessionFactory(desk=online, date=dt.date(2020, 2, 6))
    DeskSessionFactory(desk=writers, date=dt.date(2020, 2, 11))  # next week
    week = (dt.date(2020, 2, 3), dt.date(2020, 2, 9))
    with mock.patch("django.utils.timezone.localdate", return_value=dt.date(2020, 2, 4)):
        held = selectors.desk_sessions_held_by(user=user, start=week[0], end=week[1])
    # The days whose duty lasts on the 4th: that day and the next (its sheet).
    assert held == [mine, replaced]
    assert held[1].booked_count == 2
    reception = UserFactory(roles=[ACCUEIL])
    assert selectors.desk_sessions_held_by(user=reception, start=week[0], end=week[1]) == [
        mine, replaced, others,
    ]
