import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tisserand.activities.models import Attendance, Headcount, Session
from tisserand.activities.services import (
    CalendarFilter,
    attendance_add_newcomer,
    attendance_mark,
    attendance_unmark,
    headcount_set,
    session_cancel,
    session_create,
    session_restore,
    session_set_facilitators,
    sessions_cancel_range,
    sessions_generate,
)
from tisserand.people.models import Person
from tisserand.testing.factories import (
    ActivityFactory,
    CancellationReasonFactory,
    ContributorFactory,
    PersonFactory,
    PlaceFactory,
    SessionFactory,
    WeeklySlotFactory,
)

pytestmark = pytest.mark.django_db


def clas_activity():
    """Monday and Thursday 16:15-18:30, like the CLAS of the report."""
    activity = ActivityFactory(name="CLAS")
    WeeklySlotFactory(activity=activity, weekday=0)
    WeeklySlotFactory(activity=activity, weekday=3)
    return activity


def test_generate_skips_public_holidays():
    """GIVEN Monday/Thursday slots WHEN generating May 2020 THEN Ascension (Thu 21) and
    Whit Monday (1 June, outside) are skipped, as are 1 May and 8 May (Fridays: no slot)."""
    activity = clas_activity()
    created = sessions_generate(
        activity=activity, start=dt.date(2020, 5, 1), end=dt.date(2020, 5, 31)
    )
    dates = sorted(s.date for s in created)
    assert dt.date(2020, 5, 21) not in dates
    # Mondays 4, 11, 18, 25 and Thursdays 7, 14, 28 (21 is Ascension).
    assert len(dates) == 7
    assert all(s.start_time == dt.time(16, 15) for s in created)
    assert all(s.place == activity.default_place for s in created)


def test_generate_school_term_only_skips_holidays_and_is_idempotent():
    activity = clas_activity()
    args = {
        "activity": activity,
        "start": dt.date(2020, 2, 17),
        "end": dt.date(2020, 3, 13),
        "calendar_filter": CalendarFilter.SCHOOL_TERM,
    }
    first = sessions_generate(**args)
    # Winter holidays zone B: 22 Feb - 8 Mar. Term days: 17, 20 Feb and 9, 12 Mar.
    assert sorted(s.date for s in first) == [
        dt.date(2020, 2, 17), dt.date(2020, 2, 20), dt.date(2020, 3, 9), dt.date(2020, 3, 12),
    ]
    assert sessions_generate(**args) == []
    assert Session.objects.filter(activity=activity).count() == 4


def test_generate_school_holidays_only():
    activity = clas_activity()
    created = sessions_generate(
        activity=activity,
        start=dt.date(2020, 2, 17),
        end=dt.date(2020, 3, 13),
        calendar_filter=CalendarFilter.SCHOOL_HOLIDAYS,
    )
    assert sorted(s.date for s in created) == [
        dt.date(2020, 2, 24), dt.date(2020, 2, 27), dt.date(2020, 3, 2), dt.date(2020, 3, 5),
    ]


def test_generate_uses_the_slot_place_for_outreach_slots():
    activity = ActivityFactory()
    square = PlaceFactory(name="Square Laplace", is_outreach=True)
    WeeklySlotFactory(activity=activity, weekday=2, place=square)
    created = sessions_generate(
        activity=activity, start=dt.date(2020, 7, 1), end=dt.date(2020, 7, 8)
    )
    assert [s.place for s in created] == [square, square]
    assert created[0].is_outreach


def test_generate_refuses_bad_ranges_and_activities_without_slots():
    activity = clas_activity()
    with pytest.raises(ValidationError, match="fin précède"):
        sessions_generate(activity=activity, start=dt.date(2020, 5, 2), end=dt.date(2020, 5, 1))
    with pytest.raises(ValidationError, match="aucun créneau"):
        sessions_generate(
            activity=ActivityFactory(), start=dt.date(2020, 5, 1), end=dt.date(2020, 5, 31)
        )
    with pytest.raises(ValidationError, match="calendrier des vacances"):
        sessions_generate(
            activity=activity,
            start=dt.date(2040, 1, 1),
            end=dt.date(2040, 2, 1),
            calendar_filter=CalendarFilter.SCHOOL_TERM,
        )
    assert Session.objects.count() == 0


def test_session_ending_before_it_starts_is_refused():
    activity = ActivityFactory()
    with pytest.raises(ValidationError) as error:
        session_create(
            activity=activity,
            date=dt.date(2020, 1, 6),
            start_time=dt.time(18, 0),
            end_time=dt.time(17, 0),
        )
    assert "se terminer après" in str(error.value)
    assert Session.objects.count() == 0


def test_cancel_range_cancels_planned_sessions_only():
    """GIVEN sessions around the 17 March 2020 lockdown, one already held
    WHEN cancelling 17 March - 10 May THEN planned sessions inside are cancelled with the reason."""
    activity = clas_activity()
    sessions_generate(activity=activity, start=dt.date(2020, 3, 1), end=dt.date(2020, 5, 31))
    held = Session.objects.get(activity=activity, date=dt.date(2020, 3, 19))
    held.status = Session.Status.HELD
    held.save()
    reason = CancellationReasonFactory(label="Confinement")

    count = sessions_cancel_range(
        start=dt.date(2020, 3, 17), end=dt.date(2020, 5, 10), reason=reason
    )

    cancelled = Session.objects.filter(status=Session.Status.CANCELLED)
    assert count == cancelled.count() > 0
    assert set(cancelled.values_list("cancellation_reason__label", flat=True)) == {"Confinement"}
    assert cancelled.filter(date__lt=dt.date(2020, 3, 17)).count() == 0
    assert cancelled.filter(date__gt=dt.date(2020, 5, 10)).count() == 0
    held.refresh_from_db()
    assert held.status == Session.Status.HELD


def test_cancel_range_can_target_some_activities():
    kept = clas_activity()
    closed = clas_activity()
    for activity in (kept, closed):
        sessions_generate(activity=activity, start=dt.date(2020, 11, 2), end=dt.date(2020, 11, 8))
    reason = CancellationReasonFactory()
    sessions_cancel_range(
        start=dt.date(2020, 11, 1), end=dt.date(2020, 11, 30), reason=reason, activities=[closed]
    )
    assert not kept.sessions.filter(status=Session.Status.CANCELLED).exists()
    assert closed.sessions.filter(status=Session.Status.CANCELLED).count() == 2


def test_marking_attendance_is_idempotent_and_marks_the_session_held():
    session = SessionFactory()
    person = PersonFactory()
    first = attendance_mark(session=session, person=person)
    second = attendance_mark(session=session, person=person)
    assert first.pk == second.pk
    session.refresh_from_db()
    assert session.status == Session.Status.HELD
    attendance_unmark(session=session, person=person)
    assert not Attendance.objects.filter(session=session).exists()


def test_attendance_on_a_cancelled_session_is_refused():
    session = SessionFactory()
    session_cancel(session=session, reason=CancellationReasonFactory())
    with pytest.raises(ValidationError, match="annulée"):
        attendance_mark(session=session, person=PersonFactory())
    with pytest.raises(ValidationError, match="annulée"):
        headcount_set(session=session, category=Headcount.Category.ADULTS, count=5)
    assert Attendance.objects.count() == 0
    assert Headcount.objects.count() == 0


def test_cancelling_a_session_with_attendance_is_refused_and_restore_works():
    session = SessionFactory()
    attendance_mark(session=session, person=PersonFactory())
    with pytest.raises(ValidationError, match="présences"):
        session_cancel(session=session, reason=CancellationReasonFactory())
    other = SessionFactory()
    session_cancel(session=other, reason=CancellationReasonFactory())
    session_restore(session=other)
    other.refresh_from_db()
    assert other.status == Session.Status.PLANNED
    assert other.cancellation_reason is None
    with pytest.raises(ValidationError, match="pas annulée"):
        session_restore(session=session)  # held: restoring would wrongly make it planned
    session.refresh_from_db()
    assert session.status == Session.Status.HELD


def test_newcomer_is_created_and_marked_present():
    session = SessionFactory()
    person = attendance_add_newcomer(
        session=session, first_name="Aïcha", last_name="Benali", sex="F", birth_year=2012
    )
    assert Person.objects.get(pk=person.pk).search_name == "benali aicha"
    assert Attendance.objects.filter(session=session, person=person).exists()


def test_newcomer_with_bad_data_saves_nothing():
    session = SessionFactory()
    with pytest.raises(ValidationError):
        attendance_add_newcomer(
            session=session, first_name="Léo", last_name="Martin", birth_year=2999
        )
    assert Person.objects.count() == 0
    assert Attendance.objects.count() == 0


def test_headcounts_are_set_replaced_and_removed():
    session = SessionFactory()
    headcount_set(session=session, category=Headcount.Category.CHILDREN, count=12)
    headcount_set(session=session, category=Headcount.Category.CHILDREN, count=15)
    assert Headcount.objects.get(session=session).count == 15
    headcount_set(session=session, category=Headcount.Category.CHILDREN, count=0)
    assert not Headcount.objects.filter(session=session).exists()
    with pytest.raises(ValidationError):
        headcount_set(session=session, category=Headcount.Category.CHILDREN, count=-1)
    with pytest.raises(ValidationError):
        headcount_set(session=session, category="martians", count=3)


def test_facilitators_present_are_replaced():
    session = SessionFactory()
    first, second, third = ContributorFactory.create_batch(3)
    session_set_facilitators(session=session, contributors=[first, second])
    session_set_facilitators(session=session, contributors=[second, third])
    assert set(session.facilitators.all()) == {second, third}
