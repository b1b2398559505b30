"""The demo's permanence Écrivains publics and follow-up reproduce the 2020 report (issue 5),
read through the same figures the report uses."""

import datetime as dt

import pytest

from tisserand.activities.models import Action
from tisserand.core.calendar import is_public_holiday
from tisserand.core.periods import calendar_year
from tisserand.desks.figures import desk_figures
from tisserand.desks.models import Appointment, Desk, DeskSession
from tisserand.followup.figures import followup_figures
from tisserand.followup.models import Contact, FollowUpFile

pytestmark = pytest.mark.usefixtures("demo_centre", "db")

ISOLATION = "Lutte contre l'isolement : repérage, accompagnement individuel et projets collectifs"
RIGHTS = "Accompagnement aux démarches administratives, information/sensibilisation aux droits"


def test_the_2020_desk_figures_are_the_reports():
    """THEN 26 permanences, 78 appointments, 22 no-shows, 2 walk-ins, 52 interviews; the
    six missing interviews (78 - 22 + 2 = 58) are cancellations, four by the centre."""
    desk = Desk.objects.get(name="Écrivains publics")
    now = desk_figures(calendar_year(2020), desk=desk)
    assert (now.sessions_held, now.booked, now.absent, now.walk_ins, now.interviews) == (
        26, 78, 22, 2, 52
    )
    assert (now.cancelled_by_centre, now.cancelled_by_person) == (4, 2)
    assert now.booked - now.absent - now.cancelled_by_centre - now.cancelled_by_person \
        + now.walk_ins == now.interviews


def test_the_2019_desk_figures_are_the_reports():
    desk = Desk.objects.get(name="Écrivains publics")
    before = desk_figures(calendar_year(2019), desk=desk)
    assert (before.sessions_held, before.booked, before.absent, before.walk_ins,
            before.interviews) == (36, 79, 28, 16, 67)
    assert before.cancelled_by_centre + before.cancelled_by_person == 0


def test_about_half_of_the_2020_interviews_are_first_visits():
    """The report: "à peu près la moitié [...] sont des primo rendez-vous" (computed)."""
    now = desk_figures(calendar_year(2020), desk=Desk.objects.get(name="Écrivains publics"))
    assert 0.4 * now.interviews <= now.first_visits <= 0.6 * now.interviews
    assert now.persons < now.interviews  # some came more than once


def test_the_desk_is_on_tuesday_afternoons_and_closed_in_the_lockdown():
    desk = Desk.objects.get(name="Écrivains publics")
    sessions = DeskSession.objects.filter(desk=desk)
    assert set(sessions.values_list("start_time", "end_time")) == {
        (dt.time(14), dt.time(16))
    }
    assert {s.date.weekday() for s in sessions} == {1}
    assert not [s for s in sessions if is_public_holiday(s.date)]
    lockdown = sessions.filter(date__range=(dt.date(2020, 3, 17), dt.date(2020, 5, 10)))
    assert lockdown.count() == 8
    assert set(lockdown.values_list("status", flat=True)) == {"closed"}
    assert set(lockdown.values_list("closure_reason__label", flat=True)) == {"Confinement"}
    # Appointments cancelled by the centre are on closed permanences, nothing else is.
    cancelled = Appointment.objects.filter(status="cancelled_centre")
    assert set(cancelled.values_list("session__status", flat=True)) == {"closed"}
    assert not Appointment.objects.filter(session__status="closed").exclude(
        status="cancelled_centre").exists()
    assert desk.action.name == "Permanence Ecrivains publics"
    assert desk.on_duty.count() == 2


def test_every_interview_has_its_kinds_of_request_letters_and_forms_first():
    now = desk_figures(calendar_year(2020), desk=Desk.objects.get(name="Écrivains publics"))
    interviews = Appointment.objects.filter(session__date__year=2020, status="honoured")
    assert not interviews.filter(kinds__isnull=True).exists()
    families = sorted(now.kind_families, key=lambda f: -f.interviews)
    assert {families[0].label, families[1].label} == {"Courriers", "Imprimés"}


def test_about_forty_persons_followed_in_2020_half_in_a_priority_area():
    figures = followup_figures(calendar_year(2020))
    assert 35 <= figures.persons <= 45
    assert 0.4 * figures.persons <= figures.priority_area <= 0.6 * figures.persons
    compositions = dict(figures.by_composition)
    alone_and_single = compositions.get("Personne seule", 0) + compositions.get(
        "Famille monoparentale", 0)
    assert alone_and_single >= 0.7 * figures.households
    assert 0 < figures.new_persons < figures.persons  # some files were opened in 2019
    per_action = {
        name: followup_figures(calendar_year(2020), action=Action.objects.get(name=name))
        for name in (ISOLATION, RIGHTS)
    }
    assert per_action[ISOLATION].persons + per_action[RIGHTS].persons == figures.persons


def test_phone_contacts_dominate_during_the_first_lockdown():
    figures = followup_figures(calendar_year(2020))
    by_month = dict(figures.contacts_by_month)
    april = by_month[dt.date(2020, 4, 1)]
    february = by_month[dt.date(2020, 2, 1)]
    phone = str(Contact.Mode.PHONE.label)
    assert april.get(phone, 0) == sum(april.values()) > 0
    assert february.get(phone, 0) < sum(february.values()) / 2


def test_follow_up_files_keep_their_last_contact_date():
    """``last_contact_on`` (what retention reads) is the latest contact of every file."""
    for file in FollowUpFile.objects.prefetch_related("contacts"):
        latest = max((c.date for c in file.contacts.all()), default=file.opened_on)
        assert file.last_contact_on == latest, file.pk
