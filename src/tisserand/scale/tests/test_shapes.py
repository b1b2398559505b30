"""The synthetic centre looks like a real one: households, ages, regular and occasional
participants, seasons and holidays, cancellations, desks, and the database's rules."""

import datetime as dt
from collections import Counter, defaultdict

import pytest
from django.db.models import Count, F, Max, Q

from tisserand.activities.models import (
    Attendance,
    Headcount,
    Session,
    SessionContributor,
)
from tisserand.core.calendar import is_public_holiday, is_school_holiday
from tisserand.core.periods import season_of
from tisserand.core.text import search_key
from tisserand.desks.models import Appointment, DeskSession
from tisserand.followup.models import Contact, FollowUpFile
from tisserand.people.models import (
    FamilyQuotient,
    Household,
    Membership,
    Person,
    SchoolEnrollment,
)
from tisserand.scale.participation import LEVELS
from tisserand.scale.programme import LOCKDOWN

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("scale_centre")]

TERM_ONLY = ("CLAS", "Atelier de français", "Gym douce")


def _held_sessions_by_activity_name(prefix: str):
    return Session.objects.filter(activity__name__startswith=prefix)


def test_households_have_realistic_sizes_and_compositions():
    """GIVEN the centre WHEN households are counted by composition and size THEN a third or
    so live alone, families with children are the largest group, sizes go from 1 to 8
    with 2.2 to 2.7 persons per household on average, and single parents are mostly
    mothers."""
    compositions = Counter(Household.objects.values_list("composition", flat=True))
    total = sum(compositions.values())
    assert 0.2 <= compositions["alone"] / total <= 0.45
    with_children = compositions["couple_children"] + compositions["single_parent"]
    assert with_children / total >= 0.35
    assert compositions["couple"] and compositions["other"]
    sizes = list(Household.objects.annotate(n=Count("members")).values_list("n", flat=True))
    assert min(sizes) == 1 and 4 <= max(sizes) <= 8
    assert 2.2 <= sum(sizes) / len(sizes) <= 2.7
    single_parents = Person.objects.filter(household__composition="single_parent",
                                           household_role="parent")
    assert single_parents.filter(sex="F").count() / single_parents.count() >= 0.75


def test_most_attendances_come_from_regulars_with_a_long_tail_of_occasional_visits():
    """GIVEN the attendances of 2019 WHEN counted per person THEN persons coming ten times
    or more make at least three quarters of them, while a quarter or more of the persons
    came once or twice."""
    per_person = Counter(Attendance.objects.filter(session__date__year=2019)
                         .values_list("person", flat=True))
    total = sum(per_person.values())
    regulars = sum(n for n in per_person.values() if n >= 10)
    occasional = sum(1 for n in per_person.values() if n <= 2)
    assert regulars / total >= 0.75
    assert occasional / len(per_person) >= 0.25


def test_ateliers_have_the_ages_of_their_public():
    """GIVEN the attendances WHEN compared with the persons' ages on the day THEN CLAS
    children are 6 to 15, the seniors' gym has only persons over 59, and the accueil de
    loisirs children are 3 to 11 (ages fit on 1 September, a birthday may pass)."""
    ranges = {"CLAS": (6, 15), "Gym douce": (60, 110), "Accueil de loisirs": (3, 11),
              "Accueil jeunes": (11, 18), "Atelier de français": (18, 76)}
    for prefix, (low, high) in ranges.items():
        rows = Attendance.objects.filter(session__activity__name__startswith=prefix) \
            .values_list("person__birth_date", "session__date")
        ages = {(day - birth).days // 365 for birth, day in rows}
        assert ages, prefix
        assert low <= min(ages) and max(ages) <= high, (prefix, min(ages), max(ages))


def test_nobody_comes_before_birth_twice_to_a_session_or_to_two_places_at_once():
    """GIVEN every attendance WHEN checked THEN nobody attends before being born, and no
    person has two sessions overlapping on the same day."""
    assert not Attendance.objects.filter(person__birth_date__gte=F("session__date")).exists()
    spans = defaultdict(list)
    for person, day, start, end in Attendance.objects.values_list(
        "person", "session__date", "session__start_time", "session__end_time"
    ):
        spans[(person, day)].append((start, end))
    for (_person, _day), times in spans.items():
        times.sort()
        for (_s1, e1), (s2, _e2) in zip(times, times[1:], strict=False):
            assert e1 <= s2


def test_attendances_only_on_held_sessions_and_counts_only_at_open_events():
    """GIVEN the sessions WHEN their status is compared with what was recorded THEN every
    attendance and headcount is on a held session, and the open events are counted
    (anonymously) without names."""
    assert not Attendance.objects.exclude(session__status=Session.Status.HELD).exists()
    assert not Headcount.objects.exclude(session__status=Session.Status.HELD).exists()
    events = Session.objects.filter(headcounts__isnull=False).distinct()
    assert events.count() >= 4
    assert not Attendance.objects.filter(session__in=events).exists()
    assert not Session.objects.filter(status=Session.Status.PLANNED).exists()


def test_seasons_school_holidays_and_closures_shape_the_calendar():
    """GIVEN the sessions WHEN placed on the calendar THEN term-time ateliers never meet in
    school holidays, July or August, the accueil de loisirs opens in July, nothing
    happens on public holidays nor while the centre is closed (August, Christmas)."""
    for prefix in TERM_ONLY:
        days = set(_held_sessions_by_activity_name(prefix).values_list("date", flat=True))
        assert days, prefix
        assert not any(is_school_holiday(d) or d.month in (7, 8) for d in days), prefix
    july = _held_sessions_by_activity_name("Accueil de loisirs").filter(date__month=7)
    assert july.filter(status=Session.Status.HELD).count() >= 15
    for day in Session.objects.values_list("date", flat=True).distinct():
        assert not is_public_holiday(day)
        assert not (day.month == 8 and day.day <= 23) and not (day.month == 12 and day.day >= 24)


def test_a_few_cancellations_per_atelier_and_the_lockdown():
    """GIVEN the sessions WHEN cancellations are counted THEN every atelier lost a few
    sessions outside the lockdown (with a reason), and nothing took place during it."""
    outside = Session.objects.filter(status=Session.Status.CANCELLED).exclude(
        date__range=LOCKDOWN).exclude(cancellation_reason__label__startswith="Mesures")
    per_activity = Counter(outside.values_list("activity__name", flat=True))
    held = Counter(Session.objects.filter(status=Session.Status.HELD)
                   .values_list("activity__name", flat=True))
    for name, count in held.items():
        assert 1 <= per_activity[name] <= 0.06 * count, name
    lockdown = Session.objects.filter(date__range=LOCKDOWN)
    assert lockdown.exists()
    assert set(lockdown.values_list("cancellation_reason__label", flat=True)) == {"Confinement"}


def test_children_of_the_clas_have_their_schooling_for_the_school_year():
    """GIVEN the CLAS WHEN enrolments are compared with attendances THEN every enrolled
    child came to the CLAS that school year, and the class follows the year of birth."""
    enrolments = list(SchoolEnrollment.objects.values_list(
        "person", "school_year", "level", "person__birth_date", "school__kind"))
    assert len(enrolments) >= 10
    clas = {(person, season_of(day)) for person, day in Attendance.objects.filter(
        session__activity__name__startswith="CLAS").values_list("person", "session__date")}
    for person, year, level, birth, school_kind in enrolments:
        assert (person, year) in clas
        assert level == LEVELS.get(year - birth.year, "")
        assert school_kind in (None, "school")


def test_memberships_and_family_quotients():
    """GIVEN the households WHEN memberships are read THEN each was paid on the day of the
    household's first attendance of the season; quotients never overlap."""
    first_visits = {}
    for household, day in Attendance.objects.values_list("person__household", "session__date"):
        key = (household, season_of(day))
        first_visits[key] = min(day, first_visits.get(key, day))
    memberships = list(Membership.objects.values_list("household", "season", "paid_on"))
    assert len(memberships) >= 50
    for household, season, paid_on in memberships:
        assert first_visits[(household, season)] == paid_on
    assert FamilyQuotient.objects.count() > 0
    overlapping = FamilyQuotient.objects.filter(
        household__quotients__valid_from__lte=F("valid_to"),
        household__quotients__valid_to__gte=F("valid_from"),
    ).exclude(household__quotients__pk=F("pk"))
    assert not overlapping.exists()


def test_staff_and_volunteers_are_present_at_held_sessions_only():
    """GIVEN the presences of the team WHEN checked THEN they are on held sessions, never
    before the volunteer's arrival, and volunteers and staff both appear."""
    presences = SessionContributor.objects.all()
    assert not presences.exclude(session__status=Session.Status.HELD).exists()
    assert not presences.filter(contributor__start_date__gt=F("session__date")).exists()
    kinds = set(presences.values_list("contributor__kind", flat=True))
    assert {"staff", "volunteer", "facilitator"} <= kinds


def test_appointments_follow_the_desk_sessions():
    """GIVEN the desks WHEN appointments are compared with their sessions THEN a closed
    session has only appointments cancelled by the centre, no time holds more bookings
    than the desk receives at once, nobody holds two places at one session, times are
    the session's, walk-ins were received, and every status occurs."""
    appointments = Appointment.objects.select_related("session", "session__desk")
    assert not appointments.filter(session__status=DeskSession.Status.CLOSED).exclude(
        status=Appointment.Status.CANCELLED_BY_CENTRE).exists()
    holding = appointments.filter(status__in=Appointment.HOLDING)
    assert not holding.filter(walk_in=False).values("session", "start_time").annotate(
        n=Count("id")).filter(n__gt=F("session__desk__parallel_appointments")).exists()
    assert not holding.values("session", "person").annotate(n=Count("id")).filter(
        n__gt=1).exists()
    for appointment in appointments:
        assert appointment.start_time in appointment.session.appointment_times()
    assert not appointments.filter(walk_in=True).exclude(
        status=Appointment.Status.HONOURED).exists()
    assert appointments.filter(walk_in=True).exists()
    assert set(appointments.values_list("status", flat=True)) == set(Appointment.Status.values)
    assert DeskSession.objects.values("desk").distinct().count() >= 2
    adults = appointments.filter(person__birth_date__lte=F("session__date") - dt.timedelta(
        days=18 * 365))
    assert adults.count() == appointments.count()


def test_follow_up_files_and_their_contacts():
    """GIVEN the follow-up files WHEN read THEN contacts follow the opening, the last
    contact is recorded on the file, closed files have a closing date."""
    files = FollowUpFile.objects.annotate(last=Max("contacts__date"))
    assert files.count() >= 5
    assert not Contact.objects.filter(date__lt=F("file__opened_on")).exists()
    for file in files:
        assert file.last == file.last_contact_on
    assert not FollowUpFile.objects.filter(status="closed", closed_on__isnull=True).exists()


def test_unique_rules_and_search_names_hold():
    """GIVEN the bulk-written rows WHEN the unique rules are checked THEN none is broken,
    and search names are those save() would have written."""
    duplicates = [
        Attendance.objects.values("session", "person"),
        SchoolEnrollment.objects.values("person", "school_year"),
        Membership.objects.values("household", "season"),
        SessionContributor.objects.values("session", "contributor"),
        DeskSession.objects.values("desk", "date", "start_time"),
        FollowUpFile.objects.filter(status="open").values("person", "action"),
        Headcount.objects.values("session", "category"),
    ]
    for rows in duplicates:
        assert not rows.annotate(n=Count("pk")).filter(n__gt=1).exists(), rows.model
    for person in Person.objects.all()[:200]:
        assert person.search_name == search_key(f"{person.last_name} {person.first_name}")
    assert not Household.objects.filter(Q(search_name="") | Q(created_at__isnull=True)).exists()
