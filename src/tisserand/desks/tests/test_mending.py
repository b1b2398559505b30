"""Desk mistakes mended (issue 13): a booking in the past only "after the fact", moving an
appointment (audited, its reminder to go out again), cancelling a desk day and warning the
persons who had booked it through the reminder backend. Nothing deleted, all audited."""

import datetime as dt

import pytest
from django.urls import reverse

from tisserand.audit.models import AuditEntry
from tisserand.core.roles import ACCUEIL, ANIMATEUR
from tisserand.desks.models import Appointment, DeskSession, Reminder
from tisserand.desks.tests.test_reminders import outbox_lines
from tisserand.testing.desk_factories import (
    AppointmentFactory,
    DeskFactory,
    DeskSessionFactory,
    DeskSlotFactory,
)
from tisserand.testing.factories import (
    CancellationReasonFactory,
    CentreFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()
PAST = dt.date(2020, 2, 4)
T14, T1430, T15 = dt.time(14), dt.time(14, 30), dt.time(15)


@pytest.fixture
def accueil():
    return UserFactory(username="mend-accueil", roles=[ACCUEIL])


@pytest.fixture
def desk(db):
    desk = DeskFactory(name="Écrivains publics")
    DeskSlotFactory(desk=desk, weekday=1)
    return desk


@pytest.fixture
def amina(db):
    return PersonFactory(first_name="Amina", last_name="Diallo", phone="06 11 22 33 44")


def entries(model_name: str, pk) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(content_type__model=model_name, object_id=str(pk))
                .order_by("id"))


# --- booking in the past -------------------------------------------------------------------


def _book(client, session, person, **extra):
    return client.post(reverse("appointment_book", args=[session.pk]),
                       {"person": person.pk, "start_time": "14:00", **extra})


def test_booking_in_the_past_is_refused_without_after_the_fact(client, accueil, desk, amina):
    session = DeskSessionFactory(desk=desk, date=PAST)
    client.force_login(accueil)
    response = _book(client, session, amina)
    html = response.content.decode()
    assert "Cette permanence est passée (04/02/2020)" in html
    assert 'name="after_the_fact"' in html
    assert not Appointment.objects.exists()


@pytest.mark.parametrize("outcome", [Appointment.Status.HONOURED, Appointment.Status.ABSENT])
def test_booking_after_the_fact_records_how_it_went(client, accueil, desk, amina, outcome):
    session = DeskSessionFactory(desk=desk, date=PAST)
    client.force_login(accueil)
    assert _book(client, session, amina, after_the_fact=outcome).status_code == 302
    appointment = Appointment.objects.get()
    assert appointment.status == outcome
    assert entries("appointment", appointment.pk)[0].action == AuditEntry.Action.CREATE


def test_an_upcoming_day_is_not_booked_after_the_fact(client, accueil, desk, amina):
    session = DeskSessionFactory(desk=desk, date=TODAY + dt.timedelta(days=7))
    client.force_login(accueil)
    response = _book(client, session, amina, after_the_fact=Appointment.Status.HONOURED)
    assert "on ne l&#x27;enregistre pas après coup" in response.content.decode()
    assert not Appointment.objects.exists()
    assert _book(client, session, amina).status_code == 302
    assert Appointment.objects.get().status == Appointment.Status.BOOKED


# --- moving an appointment -----------------------------------------------------------------


@pytest.fixture
def two_days(desk):
    return (DeskSessionFactory(desk=desk, date=TODAY + dt.timedelta(days=7)),
            DeskSessionFactory(desk=desk, date=TODAY + dt.timedelta(days=14)))


def test_an_appointment_moves_to_a_free_time_and_its_reminder_goes_again(
        client, accueil, two_days, amina):
    first, second = two_days
    appointment = AppointmentFactory(session=first, person=amina, start_time=T14)
    Reminder.objects.create(appointment=appointment, channel=Reminder.Channel.SMS,
                            status=Reminder.Status.SENT)
    AppointmentFactory(session=second, start_time=T14)  # 14:00 taken on the second day
    client.force_login(accueil)
    page = client.get(reverse("appointment_move", args=[appointment.pk])).content.decode()
    assert f'name="session" value="{second.pk}"' in page
    # 14:00 is hers on the first day and taken on the second: offered on neither.
    assert 'value="14:00"' not in page and page.count('name="start_time" value="14:30"') == 2
    response = client.post(reverse("appointment_move", args=[appointment.pk]),
                           {"session": second.pk, "start_time": "15:00"})
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert (appointment.session, appointment.start_time) == (second, T15)
    assert not Reminder.objects.filter(appointment=appointment).exists()
    update = entries("appointment", appointment.pk)[-1]
    assert update.action == AuditEntry.Action.UPDATE
    assert set(update.fields) == {"session", "start_time"}


def test_moving_to_a_taken_time_changes_nothing(client, accueil, two_days, amina):
    first, second = two_days
    appointment = AppointmentFactory(session=first, person=amina, start_time=T14)
    AppointmentFactory(session=second, start_time=T14)
    client.force_login(accueil)
    response = client.post(reverse("appointment_move", args=[appointment.pk]),
                           {"session": second.pk, "start_time": "14:00"}, follow=True)
    assert "14:00 est déjà pris" in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.session == first and appointment.start_time == T14
    assert len(entries("appointment", appointment.pk)) == 0


def test_an_appointment_of_another_desk_is_not_a_target(client, accueil, two_days, amina):
    first, _second = two_days
    elsewhere = DeskSessionFactory(date=first.date)
    appointment = AppointmentFactory(session=first, person=amina, start_time=T14)
    client.force_login(accueil)
    response = client.post(reverse("appointment_move", args=[appointment.pk]),
                           {"session": elsewhere.pk, "start_time": "15:00"}, follow=True)
    assert "Choisissez une heure libre dans la liste." in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.session == first


# --- cancelling a desk day and warning -----------------------------------------------------


@pytest.fixture
def booked_day(desk, amina):
    session = DeskSessionFactory(desk=desk, date=TODAY + dt.timedelta(days=7))
    with_mail = PersonFactory(first_name="Bruno", last_name="Petit", phone="03 20 11 11 11",
                              email="bruno@example.org")
    unreachable = PersonFactory(first_name="Chloé", last_name="Roux", phone="")
    booked = [AppointmentFactory(session=session, person=p, start_time=t)
              for p, t in ((amina, T14), (with_mail, T1430), (unreachable, T15))]
    return session, booked


def test_cancelling_a_day_cancels_its_bookings_and_lists_who_to_warn(client, accueil,
                                                                      booked_day):
    session, booked = booked_day
    reason = CancellationReasonFactory(label="Bénévole malade")
    client.force_login(accueil)
    response = client.post(reverse("desk_session_cancel", args=[session.pk]),
                           {"reason": reason.pk}, follow=True)
    html = response.content.decode()
    assert "Permanence annulée : 3 rendez-vous annulés, à prévenir." in html
    assert "Diallo Amina" in html and "06 11 22 33 44" in html and "bruno@example.org" in html
    session.refresh_from_db()
    assert session.status == DeskSession.Status.CLOSED and session.closure_reason == reason
    assert Appointment.objects.filter(
        pk__in=[a.pk for a in booked],
        status=Appointment.Status.CANCELLED_BY_CENTRE).count() == 3  # nothing deleted
    for appointment in booked:
        assert entries("appointment", appointment.pk)[-1].fields == ["status"]
    assert entries("desksession", session.pk)[-1].action == AuditEntry.Action.UPDATE


def test_the_notices_go_through_the_reminder_backend(client, accueil, booked_day, settings,
                                                     tmp_path):
    settings.DATA_DIR, settings.TISSERAND_REMINDER_BACKEND = tmp_path, "file"
    CentreFactory(name="Centre social des Tisserands", phone="03 20 00 00 00")
    session, _booked = booked_day
    client.force_login(accueil)
    client.post(reverse("desk_session_cancel", args=[session.pk]),
                {"reason": CancellationReasonFactory().pk})
    response = client.post(reverse("desk_session_warn", args=[session.pk]), follow=True)
    html = response.content.decode()
    assert "2 envoyé(s), 1 sans téléphone portable ni courriel" in html
    lines = outbox_lines(tmp_path)
    assert sorted(line["to"] for line in lines) == ["+33611223344", "bruno@example.org"]
    assert all("est annulé par le centre" in line["text"] and "Diallo" not in line["text"]
               for line in lines)
    notice = entries("desksession", session.pk)[-1]
    assert notice.note.startswith("Avis d'annulation : 2 envoyés, 1 sans coordonnées")
    assert "Avis déjà envoyés le" in html


def test_a_day_where_someone_was_received_is_not_cancelled(client, accueil, desk, amina):
    session = DeskSessionFactory(desk=desk, date=TODAY)
    AppointmentFactory(session=session, person=amina, status=Appointment.Status.HONOURED)
    client.force_login(accueil)
    response = client.post(reverse("desk_session_cancel", args=[session.pk]),
                           {"reason": CancellationReasonFactory().pk})
    assert "Des personnes ont déjà été reçues ce jour-là" in response.content.decode()
    session.refresh_from_db()
    assert session.status == DeskSession.Status.OPEN


def test_an_animateur_neither_cancels_nor_moves(client, booked_day):
    session, booked = booked_day
    client.force_login(UserFactory(username="mend-animateur", roles=[ANIMATEUR]))
    assert client.post(reverse("desk_session_cancel", args=[session.pk]),
                       {"reason": CancellationReasonFactory().pk}).status_code == 403
    assert client.get(reverse("appointment_move", args=[booked[0].pk])).status_code == 403
    session.refresh_from_db()
    assert session.status == DeskSession.Status.OPEN


def test_the_warn_and_move_pages_take_a_fixed_number_of_queries(client, accueil, desk):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    reason = CancellationReasonFactory()
    client.force_login(accueil)

    def queries(url):
        client.get(url)  # caches (content types, session) warmed
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    counts = []
    for n in (1, 4):
        session = DeskSessionFactory(desk=desk, date=TODAY + dt.timedelta(days=7 * n),
                                     status=DeskSession.Status.CLOSED, closure_reason=reason)
        for i in range(n):
            AppointmentFactory(session=session, start_time=[T14, T1430, T15, dt.time(15, 30)][i],
                               status=Appointment.Status.CANCELLED_BY_CENTRE)
        open_day = DeskSessionFactory(desk=desk, date=TODAY + dt.timedelta(days=7 * n + 1))
        booked = AppointmentFactory(session=open_day, start_time=T14)
        counts.append((queries(reverse("desk_session_warn", args=[session.pk])),
                       queries(reverse("appointment_move", args=[booked.pk]))))
    assert counts[0] == counts[1]
