"""The desk screens: who may open them (and the object rule of the bénévoles, nothing saved
when refused), and what they show and record."""

import datetime as dt
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tisserand.core.models import Contributor
from tisserand.core.roles import (
    ACCUEIL,
    ADMINISTRATEUR,
    ANIMATEUR,
    BENEVOLE,
    COMPTABLE,
    COORDINATION,
    DIRECTION,
    MEDIATION,
)
from tisserand.desks.models import Appointment, DeskClosure, DeskSession, RequestKind
from tisserand.people.models import Person
from tisserand.testing.desk_factories import (
    AppointmentFactory,
    DeskFactory,
    DeskSessionFactory,
    DeskSlotFactory,
)
from tisserand.testing.factories import (
    CancellationReasonFactory,
    ContributorFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
TODAY = dt.date.today()
NEXT_WEEK = TODAY + dt.timedelta(days=7)
PAST = dt.date(2020, 2, 4)  # a Tuesday
T14, T1430, T15 = dt.time(14), dt.time(14, 30), dt.time(15)
RECEPTION = [DIRECTION, COORDINATION, ACCUEIL, MEDIATION]
NOT_RECEPTION = [ANIMATEUR, COMPTABLE, ADMINISTRATEUR, BENEVOLE]


@pytest.fixture
def users(db):
    made = {role: UserFactory(username=f"perm-{role}", roles=[role]) for role in
            RECEPTION + NOT_RECEPTION}
    ContributorFactory(user=made[BENEVOLE], first_name="Bérénice", last_name="Martin",
                       kind=Contributor.Kind.VOLUNTEER)
    return made


@pytest.fixture
def desk(users):
    """Écrivains publics, Tuesdays 14:00-16:00, the bénévole on duty."""
    desk = DeskFactory(name="Écrivains publics")
    DeskSlotFactory(desk=desk, weekday=1)
    desk.on_duty.add(users[BENEVOLE].contributor)
    return desk


@pytest.fixture
def other_desk(db):
    return DeskFactory(name="Démarches en ligne")


@pytest.fixture
def past(desk):
    return DeskSessionFactory(desk=desk, date=PAST)


@pytest.fixture
def upcoming(desk):
    return DeskSessionFactory(desk=desk, date=NEXT_WEEK)


@pytest.fixture
def amina(db):
    return PersonFactory(first_name="Amina", last_name="Diallo", phone="06 11 22 33 44")


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def duty_day():
    """Today is the day of ``past``: a bénévole's duty lasts only around its day."""
    with mock.patch("django.utils.timezone.localdate", return_value=PAST):
        yield PAST


# --- who opens what -----------------------------------------------------------------------


@pytest.mark.parametrize("role", RECEPTION)
def test_reception_roles_open_the_desk_screens(client, users, desk, upcoming, amina, role):
    AppointmentFactory(session=upcoming, person=amina, start_time=T1430,
                       subject="courrier CAF")
    client = login(client, users[role])
    page = client.get(reverse("desk_list")).content.decode()
    assert "Écrivains publics" in page
    page = client.get(reverse("desk_detail", args=[desk.pk])).content.decode()
    assert "Bérénice Martin" in page  # on duty
    week = reverse("desk_week", args=[desk.pk]) + f"?semaine={NEXT_WEEK.isoformat()}"
    page = client.get(week).content.decode()
    assert "Diallo Amina" in page and "06 11 22 33 44" in page
    book = reverse("appointment_book", args=[upcoming.pk]) + "?heure=15:00"
    assert client.get(book).status_code == 200


@pytest.mark.parametrize("role", NOT_RECEPTION)
def test_other_roles_cannot_open_the_desks_nor_book(client, users, desk, upcoming, amina, role):
    client = login(client, users[role])
    for url in (reverse("desk_list"), reverse("desk_detail", args=[desk.pk]),
                reverse("desk_week", args=[desk.pk]),
                reverse("appointment_book", args=[upcoming.pk])):
        assert client.get(url).status_code == 403, url
    response = client.post(reverse("appointment_book", args=[upcoming.pk]),
                           {"start_time": "15:00", "person": amina.pk})
    assert response.status_code == 403
    assert not Appointment.objects.exists()


@pytest.mark.parametrize("role", [ANIMATEUR, COMPTABLE, ADMINISTRATEUR])
def test_roles_outside_the_desks_cannot_hold_a_day(client, users, past, role):
    appointment = AppointmentFactory(session=past)
    client = login(client, users[role])
    assert client.get(reverse("desk_session_detail", args=[past.pk])).status_code == 403
    assert client.get(reverse("desk_day_sheet", args=[past.pk])).status_code == 403
    response = client.post(reverse("appointment_status", args=[appointment.pk]),
                           {"status": "honoured"})
    assert response.status_code == 403
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED


def test_a_benevole_on_duty_holds_the_day(client, users, past, amina, duty_day):
    """GIVEN Bérénice on duty at the écrivains publics THEN she opens the day and its sheet,
    marks Amina received and records the interview; the week view and booking stay closed."""
    appointment = AppointmentFactory(session=past, person=amina, start_time=T14)
    client = login(client, users[BENEVOLE])
    page = client.get(reverse("desk_session_detail", args=[past.pk])).content.decode()
    assert "Diallo Amina" in page
    assert reverse("person_detail", args=[amina.pk]) not in page  # no person page for her
    assert reverse("appointment_book", args=[past.pk]) not in page
    assert reverse("desk_week", args=[past.desk_id]) not in page
    assert client.get(reverse("desk_day_sheet", args=[past.pk])).status_code == 200
    response = client.post(reverse("appointment_status", args=[appointment.pk]),
                           {"status": "honoured"}, **HTMX)
    assert response.status_code == 200
    logement = RequestKind.objects.get(name="Logement")
    client.post(reverse("appointment_interview", args=[appointment.pk]),
                {"kinds": [logement.pk], "minutes_spent": 30})
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.HONOURED
    assert appointment.minutes_spent == 30
    assert list(appointment.kinds.all()) == [logement]
    assert client.get(reverse("desk_week", args=[past.desk_id])).status_code == 403


def test_a_benevole_not_on_duty_is_refused_and_nothing_is_saved(client, users, other_desk,
                                                                  amina):
    """GIVEN a session of a desk Bérénice is not on duty for WHEN she types its ids
    THEN every page and every write is refused (403) and nothing changes."""
    session = DeskSessionFactory(desk=other_desk, date=PAST)
    appointment = AppointmentFactory(session=session, person=amina)
    logement = RequestKind.objects.get(name="Logement")
    client = login(client, users[BENEVOLE])
    for name in ("desk_session_detail", "desk_day_sheet", "desk_walk_in"):
        assert client.get(reverse(name, args=[session.pk])).status_code == 403, name
    search = reverse("appointment_person_search") + f"?seance={session.pk}&mode=walkin&q=dia"
    assert client.get(search, **HTMX).status_code == 403
    writes = [
        (reverse("appointment_status", args=[appointment.pk]), {"status": "absent"}),
        (reverse("appointment_interview", args=[appointment.pk]),
         {"kinds": [logement.pk], "minutes_spent": 20}),
        (reverse("desk_walk_in", args=[session.pk]),
         {"arrival_time": "14:10", "first_name": "Intrus", "last_name": "Passant"}),
    ]
    for url, data in writes:
        assert client.post(url, data).status_code == 403, url
        assert client.post(url, data, **HTMX).status_code == 403, url
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED
    assert not appointment.kinds.exists() and appointment.minutes_spent is None
    assert not Person.objects.filter(last_name="Passant").exists()
    assert Appointment.objects.count() == 1


def test_a_benevole_replacing_someone_holds_that_day_only(client, users, other_desk,
                                                          duty_day):
    replaced = DeskSessionFactory(desk=other_desk, date=PAST)
    replaced.on_duty.add(users[BENEVOLE].contributor)
    usual = DeskSessionFactory(desk=other_desk, date=PAST + dt.timedelta(days=7))
    client = login(client, users[BENEVOLE])
    assert client.get(reverse("desk_session_detail", args=[replaced.pk])).status_code == 200
    assert client.get(reverse("desk_session_detail", args=[usual.pk])).status_code == 403


def test_a_benevole_cannot_search_persons_for_a_booking(client, users, past, amina,
                                                        duty_day):
    """The bénévole's search (walk-ins) finds the day's bookings only: Amina, booked that
    day, not Aminata Diallo who is in the register but not booked."""
    AppointmentFactory(session=past, person=amina, start_time=T14)
    PersonFactory(first_name="Aminata", last_name="Diallo", phone="07 99 88 77 66")
    client = login(client, users[BENEVOLE])
    book = reverse("appointment_person_search") + f"?seance={past.pk}&mode=book&q=dia"
    assert client.get(book, **HTMX).status_code == 403
    walk_in = reverse("appointment_person_search") + f"?seance={past.pk}&mode=walkin&q=dia"
    response = client.get(walk_in, **HTMX)
    assert response.status_code == 200
    assert 'form="walkin-form"' in response.content.decode()
    assert "Diallo Amina" in response.content.decode()
    assert "Aminata" not in response.content.decode()
    assert "07 99 88 77 66" not in response.content.decode()
    page = client.get(reverse("desk_walk_in", args=[past.pk]) + "?q=diallo").content.decode()
    assert "Diallo Amina" in page and "Aminata" not in page


def test_a_benevole_s_desk_day_closes_when_the_duty_ends(client, users, past, amina):
    """The day after (and any day but the day and the one before), the bénévole no longer
    opens the day, its sheet, its persons."""
    AppointmentFactory(session=past, person=amina, start_time=T14)
    client = login(client, users[BENEVOLE])
    for today, status in ((PAST - dt.timedelta(days=2), 403), (PAST - dt.timedelta(days=1), 200),
                          (PAST, 200), (PAST + dt.timedelta(days=1), 403)):
        with mock.patch("django.utils.timezone.localdate", return_value=today):
            for name in ("desk_session_detail", "desk_day_sheet", "desk_walk_in"):
                assert client.get(reverse(name, args=[past.pk])).status_code == status, (
                    today, name)
            search = (reverse("appointment_person_search")
                      + f"?seance={past.pk}&mode=walkin&q=dia")
            response = client.get(search, **HTMX)
            assert response.status_code == status
            if status == 403:
                assert "Diallo" not in response.content.decode()


def test_a_benevole_cannot_pick_a_person_outside_the_day_s_bookings(client, users, past,
                                                                    amina, duty_day):
    """GIVEN Aminata, in the register, not booked that day WHEN the bénévole posts her id
    (or types her exact name and phone as a new person) THEN nothing reveals her: no name,
    no phone, no birth year; the walk-in is not recorded for her."""
    aminata = PersonFactory(first_name="Aminata", last_name="Diallo", phone="07 99 88 77 66",
                            birth_year=1990)
    client = login(client, users[BENEVOLE])
    url = reverse("desk_walk_in", args=[past.pk])
    response = client.post(url, {"person": aminata.pk, "arrival_time": "14:20"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Aminata" not in page and "07 99 88 77 66" not in page
    assert not Appointment.objects.filter(person=aminata).exists()
    response = client.post(url, {"arrival_time": "14:20", "first_name": "Aminata",
                                 "last_name": "Diallo", "phone": "07 99 88 77 66"})
    page = response.content.decode()
    assert 'id="homonyms"' in page  # told a file may exist, to avoid a duplicate...
    assert "1990" not in page  # ...not whose
    assert f'name="person" value="{aminata.pk}"' not in page


# --- desks: list, page, generating, closures ----------------------------------------------


def test_the_desk_list_shows_today_s_count_and_the_next_session(client, users, desk):
    today = DeskSessionFactory(desk=desk, date=TODAY)
    for time in (T14, T1430):
        AppointmentFactory(session=today, start_time=time)
    page = login(client, users[ACCUEIL]).get(reverse("desk_list")).content.decode()
    card = page.split("Écrivains publics")[1]
    assert "2 rendez-vous" in card
    assert reverse("desk_session_detail", args=[today.pk]) in card


def test_the_desk_page_shows_slots_team_and_sessions(client, users, desk, past, upcoming):
    AppointmentFactory(session=upcoming, start_time=T15)
    page = login(client, users[ACCUEIL]).get(reverse("desk_detail", args=[desk.pk]))
    content = page.content.decode()
    assert "Mardi, 14 h 00–16 h 00" in content
    assert "rendez-vous de 30 min" in content
    assert "Bérénice Martin" in content
    upcoming_part = content.split("Prochaines permanences")[1].split("Dernières")[0]
    assert reverse("desk_session_detail", args=[upcoming.pk]) in upcoming_part
    assert "1 rendez-vous" in upcoming_part
    # reception closes a desk; generating is for the management
    assert reverse("desk_closure_add", args=[desk.pk]) in content
    assert reverse("desk_sessions_generate", args=[desk.pk]) not in content


def test_the_management_generates_the_sessions(client, users, desk):
    url = reverse("desk_sessions_generate", args=[desk.pk])
    data = {"start": "2020-01-01", "end": "2020-01-31"}
    assert login(client, users[ACCUEIL]).post(url, data).status_code == 403
    assert not DeskSession.objects.exists()
    response = login(client, users[COORDINATION]).post(url, data, follow=True)
    assert DeskSession.objects.filter(desk=desk).count() == 4
    assert "4 permanences créées." in response.content.decode()
    assert client.get(url).status_code == 302  # GET: back to the desk page


def test_generating_a_reversed_range_shows_the_error(client, users, desk):
    url = reverse("desk_sessions_generate", args=[desk.pk])
    response = login(client, users[DIRECTION]).post(url, {"start": "2020-02-01",
                                                          "end": "2020-01-01"})
    assert response.status_code == 200
    assert "La date de fin précède la date de début." in response.content.decode()
    assert not DeskSession.objects.exists()


def test_a_closure_lists_the_persons_to_warn(client, users, desk, upcoming, amina):
    """GIVEN Amina booked next week WHEN reception closes the desk over that week
    THEN her appointment is cancelled by the centre and the page lists her with her phone."""
    appointment = AppointmentFactory(session=upcoming, person=amina, start_time=T15)
    reason = CancellationReasonFactory(label="Confinement")
    url = reverse("desk_closure_add", args=[desk.pk])
    data = {"start_date": TODAY.isoformat(), "end_date": (NEXT_WEEK + dt.timedelta(1)).isoformat(),
            "reason": reason.pk}
    assert login(client, users[MEDIATION]).post(url, data).status_code == 403
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED
    response = login(client, users[ACCUEIL]).post(url, data, follow=True)
    page = response.content.decode()
    assert "Personnes à prévenir" in page
    warned = page.split('id="a-prevenir"')[1].split("</section>")[0]
    assert "Diallo Amina" in warned and "06 11 22 33 44" in warned
    assert "1 rendez-vous annulé(s) par le centre" in page
    appointment.refresh_from_db()
    upcoming.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED_BY_CENTRE
    assert upcoming.is_closed
    assert DeskClosure.objects.get().created_by == users[ACCUEIL]


def test_a_closure_without_reason_shows_the_form_again(client, users, desk, upcoming):
    url = reverse("desk_closure_add", args=[desk.pk])
    response = login(client, users[ACCUEIL]).post(
        url, {"start_date": TODAY.isoformat(), "end_date": NEXT_WEEK.isoformat()}
    )
    assert response.status_code == 200
    assert "Ce champ est obligatoire" in response.content.decode()
    upcoming.refresh_from_db()
    assert not upcoming.is_closed and not DeskClosure.objects.exists()


def test_reopen_a_closed_session(client, users, desk):
    session = DeskSessionFactory(desk=desk, date=NEXT_WEEK, status=DeskSession.Status.CLOSED,
                                 closure_reason=CancellationReasonFactory())
    url = reverse("desk_session_reopen", args=[session.pk])
    for role in (MEDIATION, BENEVOLE):
        assert login(client, users[role]).post(url).status_code == 403
    session.refresh_from_db()
    assert session.is_closed
    page = login(client, users[ACCUEIL]).get(reverse("desk_session_detail", args=[session.pk]))
    assert url in page.content.decode()
    client.post(url)
    session.refresh_from_db()
    assert not session.is_closed


# --- the week -----------------------------------------------------------------------------


def test_the_week_shows_appointments_free_times_and_links(client, users, desk, amina):
    """GIVEN Tuesday 4 February 2020: Amina at 14:30 (received), a cancelled booking
    THEN the week shows her name, phone and status, a booking link on each free time, and
    links to the previous and next weeks."""
    session = DeskSessionFactory(desk=desk, date=PAST)
    AppointmentFactory(session=session, person=amina, start_time=T1430,
                       status=Appointment.Status.HONOURED)
    AppointmentFactory(session=session, start_time=T15,
                       status=Appointment.Status.CANCELLED_BY_PERSON,
                       person=PersonFactory(last_name="Annulée"))
    url = reverse("desk_week", args=[desk.pk])
    page = login(client, users[ACCUEIL]).get(url + "?semaine=2020-02-06").content.decode()
    assert "Semaine du 3 février au 9 février 2020" in page
    assert "Diallo Amina" in page and 'href="tel:06 11 22 33 44"' in page and "Reçu" in page
    book = reverse("appointment_book", args=[session.pk])
    assert page.count(f'href="{book}?heure=') == 3
    for free in ("14:00", "15:00", "15:30"):
        assert f"{book}?heure={free}" in page
    assert f"{book}?heure=14:30" not in page
    assert "1 rendez-vous" in page and "3 places libres" in page
    assert "Annulés :" in page and "Annulée" in page
    assert "?semaine=2020-01-27" in page and "?semaine=2020-02-10" in page


def test_a_bad_week_parameter_shows_the_current_week(client, users, desk):
    page = login(client, users[ACCUEIL]).get(
        reverse("desk_week", args=[desk.pk]) + "?semaine=n'importe"
    )
    assert page.status_code == 200
    monday = TODAY - dt.timedelta(days=TODAY.weekday())
    assert f"?semaine={(monday + dt.timedelta(7)).isoformat()}" in page.content.decode()


def test_the_week_page_query_count_does_not_grow_with_rows(
    client, users, desk, django_assert_num_queries
):
    """Same number of queries with 1 appointment or 16 over two sessions."""
    client = login(client, users[ACCUEIL])
    sessions = [DeskSessionFactory(desk=desk, date=PAST + dt.timedelta(days=d)) for d in (0, 2)]
    AppointmentFactory(session=sessions[0])
    url = reverse("desk_week", args=[desk.pk]) + f"?semaine={PAST.isoformat()}"
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    desk.parallel_appointments = 2
    desk.save()
    for session in sessions:
        for time in (T14, T1430, T15, dt.time(15, 30)):
            for _ in range(2):
                AppointmentFactory(session=session, start_time=time)
    with django_assert_num_queries(len(small)):
        page = client.get(url).content.decode()
    assert page.count('class="booked"') == 17


# --- booking ------------------------------------------------------------------------------


def test_book_an_existing_person_from_the_search(client, users, upcoming, amina):
    client = login(client, users[ACCUEIL])
    url = reverse("appointment_book", args=[upcoming.pk])
    page = client.get(url + "?heure=15:00&q=diallo").content.decode()
    assert 'id="chosen-time">15 h 00' in page
    assert f'form="book-form" name="person" value="{amina.pk}"' in page
    response = client.post(url, {"start_time": "15:00", "person": amina.pk,
                                 "subject": "courrier CAF"})
    assert response.status_code == 302
    assert f"semaine={NEXT_WEEK.isoformat()}" in response.url
    appointment = Appointment.objects.get()
    assert (appointment.person, appointment.start_time) == (amina, T15)
    assert appointment.subject == "courrier CAF" and appointment.booked_by == users[ACCUEIL]


def test_book_a_new_person_from_a_name_and_a_phone(client, users, upcoming):
    client = login(client, users[ACCUEIL])
    response = client.post(reverse("appointment_book", args=[upcoming.pk]), {
        "start_time": "14:30", "first_name": "Zoé", "last_name": "Nouvelle",
        "phone": "07 12 12 12 12",
    })
    assert response.status_code == 302
    appointment = Appointment.objects.select_related("person").get()
    assert appointment.person.last_name == "Nouvelle"
    assert appointment.person.phone == "07 12 12 12 12"


def test_a_new_person_needs_a_name_and_a_phone(client, users, upcoming):
    client = login(client, users[ACCUEIL])
    response = client.post(reverse("appointment_book", args=[upcoming.pk]),
                           {"start_time": "14:30", "first_name": "Zoé"})
    assert response.status_code == 200
    assert response.content.decode().count("obligatoire pour une nouvelle personne") == 2
    assert not Person.objects.filter(first_name="Zoé").exists()


def test_a_homonym_is_offered_before_creating_a_second_person(client, users, upcoming, amina):
    """GIVEN Amina Diallo known WHEN reception types her name as a new person
    THEN nothing is saved and the page offers her, with a button that books her."""
    client = login(client, users[ACCUEIL])
    url = reverse("appointment_book", args=[upcoming.pk])
    data = {"start_time": "14:30", "first_name": "Amina", "last_name": "DIALLO",
            "phone": "0700000000"}
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Une personne du même nom ou au même numéro existe déjà" in page
    homonyms = page.split('id="homonyms"')[1].split("</div>")[0]
    assert f'name="person" value="{amina.pk}"' in homonyms
    assert 'name="confirm_homonym"' in page
    assert Person.objects.count() == 1 and not Appointment.objects.exists()
    client.post(url, {**data, "person": amina.pk})
    assert Appointment.objects.get().person == amina
    assert Person.objects.count() == 1


def test_booking_a_taken_time_shows_why_and_saves_nothing(client, users, upcoming, amina):
    AppointmentFactory(session=upcoming, start_time=T15)
    client = login(client, users[ACCUEIL])
    response = client.post(reverse("appointment_book", args=[upcoming.pk]),
                           {"start_time": "15:00", "person": amina.pk})
    assert response.status_code == 200
    assert "15:00 est déjà pris" in response.content.decode()
    assert not Appointment.objects.filter(person=amina).exists()


def test_booking_page_without_a_time_offers_the_free_ones(client, users, upcoming):
    AppointmentFactory(session=upcoming, start_time=T14)
    page = login(client, users[ACCUEIL]).get(
        reverse("appointment_book", args=[upcoming.pk]) + "?heure=14:10"
    ).content.decode()
    assert "Choisissez une heure" in page
    assert "?heure=14:30" in page and "?heure=14:00" not in page
    assert 'id="book-form"' not in page


def test_the_person_search_answers_htmx_with_buttons(client, users, upcoming, amina):
    client = login(client, users[ACCUEIL])
    url = reverse("appointment_person_search")
    page = client.get(url + f"?seance={upcoming.pk}&mode=book&q=amin", **HTMX).content.decode()
    assert f'form="book-form" name="person" value="{amina.pk}"' in page
    assert "<html" not in page
    page = client.get(url + f"?seance={upcoming.pk}&q=zzz", **HTMX).content.decode()
    assert "Personne ne s'appelle « zzz »" in page
    assert "Diallo" not in client.get(url + "?q=amin").content.decode()  # no session: none


# --- the day ------------------------------------------------------------------------------


def test_the_day_page_lists_appointments_in_time_order_with_first_visits(
    client, users, desk, past, amina
):
    earlier = DeskSessionFactory(desk=desk, date=PAST - dt.timedelta(days=7))
    AppointmentFactory(session=earlier, person=amina, status=Appointment.Status.HONOURED)
    AppointmentFactory(session=past, person=amina, start_time=T15)
    AppointmentFactory(session=past, start_time=T14,
                       person=PersonFactory(first_name="Inès", last_name="Benali"))
    page = login(client, users[ACCUEIL]).get(
        reverse("desk_session_detail", args=[past.pk])
    ).content.decode()
    rows = page.split('class="appointments"')[1]
    assert rows.index("Benali Inès") < rows.index("Diallo Amina")
    benali, diallo = rows.split("Diallo Amina")
    assert "1re visite" in benali.split("Benali Inès")[1]
    assert "1re visite" not in diallo.split("</li>")[0]
    for label in ("Reçu", "Absent", "Annulé"):
        assert f">{label}</button>" in rows


def test_a_status_tap_returns_the_row(client, users, past, amina):
    appointment = AppointmentFactory(session=past, person=amina)
    client = login(client, users[ACCUEIL])
    response = client.post(reverse("appointment_status", args=[appointment.pk]),
                           {"status": "absent"}, **HTMX)
    assert response.status_code == 200
    row = response.content.decode()
    assert row.startswith(f'<li id="rdv-{appointment.pk}"')
    assert 'value="absent" aria-pressed="true"' in row
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.ABSENT


def test_received_before_the_day_is_refused_with_a_message(client, users, upcoming, amina):
    appointment = AppointmentFactory(session=upcoming, person=amina)
    client = login(client, users[ACCUEIL])
    url = reverse("appointment_status", args=[appointment.pk])
    response = client.post(url, {"status": "honoured"}, **HTMX)
    assert response.status_code == 409
    assert "une fois le jour arrivé" in response.content.decode()
    response = client.post(url, {"status": "honoured"}, follow=True)
    assert "une fois le jour arrivé" in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED


def test_an_interview_with_a_bad_duration_is_refused(client, users, past, amina):
    appointment = AppointmentFactory(session=past, person=amina)
    client = login(client, users[ACCUEIL])
    response = client.post(reverse("appointment_interview", args=[appointment.pk]),
                           {"minutes_spent": "0"}, follow=True)
    assert "supérieure ou égale à 1" in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED


def test_the_interview_form_groups_kinds_by_family(client, users, past, amina):
    appointment = AppointmentFactory(session=past, person=amina,
                                     status=Appointment.Status.HONOURED)
    mdph = RequestKind.objects.get(name="MDPH")
    appointment.kinds.add(mdph)
    page = login(client, users[ACCUEIL]).get(
        reverse("desk_session_detail", args=[past.pk])
    ).content.decode()
    form = page.split(reverse("appointment_interview", args=[appointment.pk]))[1]
    assert "<legend>Courriers</legend>" in form and "<legend>Imprimés</legend>" in form
    assert f'value="{mdph.pk}" checked' in form


def test_record_a_walk_in_for_a_known_person(client, users, past, amina):
    client = login(client, users[ACCUEIL])
    url = reverse("desk_walk_in", args=[past.pk])
    page = client.get(url + "?q=diallo").content.decode()
    assert f'form="walkin-form" name="person" value="{amina.pk}"' in page
    online = RequestKind.objects.get(name="Démarche en ligne")
    response = client.post(url, {"person": amina.pk, "arrival_time": "14:20",
                                 "kinds": [online.pk], "minutes_spent": "25"})
    assert response.status_code == 302
    walk_in = Appointment.objects.get()
    assert walk_in.walk_in and walk_in.person == amina and walk_in.start_time == dt.time(14, 20)
    assert list(walk_in.kinds.all()) == [online] and walk_in.minutes_spent == 25


def test_record_a_walk_in_of_a_new_person_and_its_errors(client, users, past):
    client = login(client, users[ACCUEIL])
    url = reverse("desk_walk_in", args=[past.pk])
    response = client.post(url, {"arrival_time": "18:00", "first_name": "Léon",
                                 "last_name": "Passant"})
    assert "comprise entre 14:00 et 16:00" in response.content.decode()
    assert not Person.objects.filter(last_name="Passant").exists()
    response = client.post(url, {"arrival_time": "14:40", "first_name": "Léon",
                                 "last_name": "Passant"})
    assert response.status_code == 302
    assert Appointment.objects.get(walk_in=True).person.last_name == "Passant"


def test_the_day_sheet_is_a_printable_page(client, users, desk, past, amina, duty_day):
    """The sheet of the volunteers: time, name, phone, subject, first visit, boxes to tick
    the kinds of request and a place to write the time spent, and a print button."""
    AppointmentFactory(session=past, person=amina, start_time=T1430, subject="dossier MDPH")
    AppointmentFactory(session=past, start_time=T15, person=PersonFactory(last_name="Partie"),
                       status=Appointment.Status.CANCELLED_BY_PERSON)
    page = login(client, users[BENEVOLE]).get(
        reverse("desk_day_sheet", args=[past.pk])
    ).content.decode()
    assert "Mardi 4 février 2020" in page
    assert "14 h 30" in page and "Diallo Amina" in page and "06 11 22 33 44" in page
    assert "dossier MDPH" in page and "1re visite" in page
    assert "Partie" not in page
    assert "Bérénice Martin" in page  # on duty (the desk's team: the day has none of its own)
    assert 'data-print' in page and "privacy/print.js" in page and "desks/desks.css" in page
    assert page.count('class="box"') > 10
    assert "Temps passé" in page


def test_the_person_page_lists_their_appointments(client, users, desk, past, amina):
    AppointmentFactory(session=past, person=amina, status=Appointment.Status.ABSENT)
    page = login(client, users[ACCUEIL]).get(
        reverse("person_detail", args=[amina.pk])
    ).content.decode()
    section = page.split('id="rendez-vous"')[1].split("</section>")[0]
    assert "04/02/2020" in section and "Écrivains publics" in section and "Absent" in section


def test_the_day_sheet_prints_on_a4_without_the_navigation():
    from pathlib import Path

    from django.contrib.staticfiles import finders

    css = Path(finders.find("desks/desks.css")).read_text(encoding="utf-8")
    printing = css.split("@media print")[1]
    assert "size: A4" in printing
    assert ".topbar" in printing and ".no-print" in printing


def test_the_day_page_query_count_does_not_grow_with_rows(
    client, users, past, django_assert_num_queries
):
    client = login(client, users[ACCUEIL])
    logement = RequestKind.objects.get(name="Logement")
    AppointmentFactory(session=past).kinds.add(logement)
    url = reverse("desk_session_detail", args=[past.pk])
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for time in (T1430, T15, dt.time(15, 30)):
        AppointmentFactory(session=past, start_time=time).kinds.add(logement)
    AppointmentFactory(session=past, start_time=dt.time(14, 50), walk_in=True,
                       status=Appointment.Status.HONOURED)
    with django_assert_num_queries(len(small)):
        page = client.get(url).content.decode()
    assert page.count('<li id="rdv-') == 5
