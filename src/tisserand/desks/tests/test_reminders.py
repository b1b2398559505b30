"""Appointment reminders: which are due, opt-out, channel, no double send, retries, the
command, the audit entry, and no personal data in the logs (issue 5, section 2)."""

import datetime as dt
import json
import logging
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from tisserand.audit.models import AuditEntry
from tisserand.desks.models import Appointment, DeskSession, Reminder
from tisserand.desks.reminders import services
from tisserand.desks.reminders.backends import (
    EmailBackend,
    FileBackend,
    ReminderBackend,
    ReminderSendError,
)
from tisserand.desks.reminders.selectors import reminder_candidates
from tisserand.desks.reminders.services import MAX_ATTEMPTS, send_reminders
from tisserand.people.models import Consent
from tisserand.privacy.services import consent_record
from tisserand.testing.desk_factories import (
    AppointmentFactory,
    DeskFactory,
    DeskSessionFactory,
)
from tisserand.testing.factories import CancellationReasonFactory, CentreFactory, PersonFactory

TODAY = dt.date(2020, 2, 3)  # a Monday
TOMORROW = dt.date(2020, 2, 4)
MOBILE = "06 12 34 56 78"
MOBILE_E164 = "+33612345678"
EMAIL = "awa.diallo@example.org"


class RecordingBackend(ReminderBackend):
    """Keeps what it is asked to send; fails while ``failing`` is set."""

    def __init__(self, failing=False):
        self.messages = []
        self.failing = failing

    def send(self, message):
        if self.failing:
            raise ReminderSendError("fournisseur de SMS : HTTP 503")
        self.messages.append(message)


def outbox_lines(directory):
    return [
        json.loads(line)
        for path in sorted((directory / "outbox").glob("*.jsonl"))
        for line in path.read_text().splitlines()
    ]


@pytest.fixture
def centre(db):
    return CentreFactory(name="Centre social des Tisserands", phone="03 20 00 00 00")


@pytest.fixture
def session(db):
    return DeskSessionFactory(desk=DeskFactory(name="Écrivains publics"), date=TOMORROW)


def booked(session, **person):
    person.setdefault("phone", MOBILE)
    return AppointmentFactory(session=session, person=PersonFactory(**person))


# --- Which appointments are due -------------------------------------------------------


def test_only_booked_appointments_of_tomorrow_at_open_reminding_desks_are_due(session):
    """GIVEN booked appointments tomorrow and others (the day after, honoured, cancelled,
    walk-in, at a closed session, at a desk without reminders)
    WHEN the candidates of tomorrow are selected
    THEN only the booked one of the open session of a reminding desk is there."""
    due = booked(session)
    booked(DeskSessionFactory(desk=session.desk, date=TOMORROW + dt.timedelta(days=1)))
    honoured = booked(session)
    honoured.status = Appointment.Status.HONOURED
    honoured.save()
    cancelled = booked(session)
    cancelled.status = Appointment.Status.CANCELLED_BY_PERSON
    cancelled.save()
    AppointmentFactory(session=session, walk_in=True, status=Appointment.Status.HONOURED,
                       person=PersonFactory(phone=MOBILE))
    closed = DeskSessionFactory(
        desk=session.desk, date=TOMORROW, start_time=dt.time(9), end_time=dt.time(11),
        status=DeskSession.Status.CLOSED, closure_reason=CancellationReasonFactory(),
    )
    booked(closed)
    silent = DeskSessionFactory(desk=DeskFactory(name="Violences", sends_reminders=False),
                                date=TOMORROW)
    booked(silent)

    assert [a.pk for a in reminder_candidates(TOMORROW)] == [due.pk]


def test_the_run_sends_for_tomorrow_only(centre, session):
    """GIVEN an appointment tomorrow and one the day after
    WHEN the reminders run today without a date
    THEN one message is sent, for tomorrow's appointment."""
    due = booked(session)
    booked(DeskSessionFactory(desk=session.desk, date=TOMORROW + dt.timedelta(days=1)))
    backend = RecordingBackend()

    run = send_reminders(today=TODAY, backend=backend)

    assert run.sent == 1 and len(backend.messages) == 1
    assert Reminder.objects.get().appointment_id == due.pk


def test_selection_is_one_query_whatever_the_number_of_appointments(
    session, django_assert_num_queries
):
    """GIVEN one, then six appointments, with consents and a reminder
    WHEN the candidates are selected
    THEN it takes a single query both times."""
    first = booked(session)
    with django_assert_num_queries(1):
        reminder_candidates(TOMORROW)
    for _i in range(5):
        consent_record(person=booked(session).person, kind=Consent.Kind.REMINDERS,
                       given=True, on=TODAY)
    Reminder.objects.create(appointment=first, channel="sms", status="sent", attempts=1)
    with django_assert_num_queries(1):
        candidates = reminder_candidates(TOMORROW)
        assert [a.person.phone for a in candidates] == [MOBILE] * 6
        assert candidates[0].reminder.status == "sent"


# --- Consent, addresses, channel -------------------------------------------------------


def test_opt_out_is_respected_and_a_later_opt_in_re_enables(centre, session):
    """GIVEN a person who said no to reminders
    WHEN the reminders run
    THEN nothing is sent and no reminder row is made;
    WHEN they later say yes again and the reminders run
    THEN the reminder is sent."""
    appointment = booked(session)
    consent_record(person=appointment.person, kind=Consent.Kind.REMINDERS, given=True,
                   on=dt.date(2019, 5, 1))
    consent_record(person=appointment.person, kind=Consent.Kind.REMINDERS, given=False,
                   on=dt.date(2019, 9, 1))
    backend = RecordingBackend()

    run = send_reminders(today=TODAY, backend=backend)
    assert (run.opted_out, run.sent, backend.messages) == (1, 0, [])
    assert not Reminder.objects.exists()

    consent_record(person=appointment.person, kind=Consent.Kind.REMINDERS, given=True,
                   on=dt.date(2020, 1, 10))
    run = send_reminders(today=TODAY, backend=backend)
    assert (run.opted_out, run.sent, len(backend.messages)) == (0, 1, 1)


def test_another_kind_of_refusal_does_not_stop_reminders(centre, session):
    """GIVEN a person who refused photos but never answered about reminders
    WHEN the reminders run
    THEN the reminder is sent (reminders are an opt-out)."""
    appointment = booked(session)
    consent_record(person=appointment.person, kind=Consent.Kind.PHOTOS, given=False, on=TODAY)
    backend = RecordingBackend()

    assert send_reminders(today=TODAY, backend=backend).sent == 1


def test_without_phone_nor_email_nothing_is_sent(centre, session):
    """GIVEN a person with no phone and no email, and one with a landline only
    WHEN the reminders run
    THEN both are counted "sans coordonnées" and nothing is sent."""
    booked(session, phone="", email="")
    booked(session, phone="03 20 11 22 33", email="")
    backend = RecordingBackend()

    run = send_reminders(today=TODAY, backend=backend)

    assert (run.no_address, run.sent, backend.messages) == (2, 0, [])
    assert not Reminder.objects.exists()


def test_sms_is_preferred_and_email_is_the_fallback(centre, session):
    """GIVEN a person with a mobile and an email, and one with a landline and an email
    WHEN the reminders run
    THEN the first gets an SMS on their mobile, the second an email."""
    both = booked(session, phone=MOBILE, email=EMAIL)
    landline = booked(session, phone="03 20 11 22 33", email="b@example.org")
    backend = RecordingBackend()

    send_reminders(today=TODAY, backend=backend)

    sent = {(m.channel, m.recipient) for m in backend.messages}
    assert sent == {("sms", MOBILE_E164), ("email", "b@example.org")}
    assert Reminder.objects.get(appointment=both).channel == Reminder.Channel.SMS
    assert Reminder.objects.get(appointment=landline).channel == Reminder.Channel.EMAIL


def test_an_email_only_backend_emails_people_who_have_both(centre, session, mailoutbox):
    """GIVEN a person with a mobile and an email, and the email backend
    WHEN the reminders run
    THEN they get an email (the backend cannot send SMS), through Django's mail."""
    booked(session, phone=MOBILE, email=EMAIL)

    run = send_reminders(today=TODAY, backend=EmailBackend())

    assert run.sent == 1
    assert [m.to for m in mailoutbox] == [[EMAIL]]
    assert "demain mardi 4 février à 14 h 00" in mailoutbox[0].body
    assert mailoutbox[0].subject == "Rappel de votre rendez-vous"


# --- The message -------------------------------------------------------------------------


def test_message_text_is_short_and_in_french(centre, session):
    """GIVEN an appointment at 14:00 on Tuesday 4 February, run on Monday 3
    WHEN the reminders run
    THEN the text names the centre, the desk, "demain mardi 4 février à 14 h 00" and the
    centre's phone, and nothing about the person."""
    appointment = booked(session, first_name="Awa", last_name="Diallo")
    appointment.subject = "courrier CAF"
    appointment.save()
    backend = RecordingBackend()

    send_reminders(today=TODAY, backend=backend)

    assert backend.messages[0].text == (
        "Centre social des Tisserands : rappel de votre rendez-vous Écrivains publics "
        "demain mardi 4 février à 14 h 00. En cas d'empêchement, appelez le 03 20 00 00 00."
    )
    assert "Awa" not in backend.messages[0].text and "CAF" not in backend.messages[0].text


def test_message_for_another_day_says_le_and_works_without_centre_phone(db):
    """GIVEN a centre without phone and an appointment on Saturday 1 February
    WHEN the reminders run on Wednesday 29 January for that date
    THEN the text says "le samedi 1er février" and asks to warn the centre."""
    CentreFactory(name="Les Tisserands", phone="")
    session = DeskSessionFactory(date=dt.date(2020, 2, 1), start_time=dt.time(9, 30),
                                 end_time=dt.time(11))
    AppointmentFactory(session=session, start_time=dt.time(9, 30),
                       person=PersonFactory(phone=MOBILE))
    backend = RecordingBackend()

    send_reminders(day=dt.date(2020, 2, 1), today=dt.date(2020, 1, 29), backend=backend)

    text = backend.messages[0].text
    assert text.startswith("Centre social Les Tisserands : rappel")
    assert "le samedi 1er février à 9 h 30." in text
    assert text.endswith("merci de prévenir le centre.")


# --- No double send --------------------------------------------------------------------


@pytest.fixture
def outbox_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.TISSERAND_REMINDER_BACKEND = "file"
    return tmp_path


def test_running_the_command_twice_sends_once(centre, outbox_dir):
    """GIVEN two appointments tomorrow (real date) and the file backend
    WHEN the command runs twice
    THEN the outbox holds two messages, and the second run counts them as already sent."""
    session = DeskSessionFactory(date=timezone.localdate() + dt.timedelta(days=1))
    booked(session)
    booked(session, phone="", email=EMAIL)

    call_command("send_reminders", stdout=(first := _Buffer()))
    call_command("send_reminders", stdout=(second := _Buffer()))

    lines = outbox_lines(outbox_dir)
    assert sorted(line["to"] for line in lines) == sorted([MOBILE_E164, EMAIL])
    assert "  envoyés : 2" in first.text
    assert "  envoyés : 0" in second.text and "  déjà envoyés : 2" in second.text
    assert set(Reminder.objects.values_list("status", "attempts")) == {("sent", 1)}


def test_a_run_working_from_a_stale_selection_does_not_send_again(
    centre, session, monkeypatch
):
    """GIVEN run A has selected tomorrow's appointment, then run B sends its reminder
    WHEN run A goes on with what it selected
    THEN its claim fails (the reminder row exists) and the message is sent once."""
    booked(session)
    stale = reminder_candidates(TOMORROW)
    backend = RecordingBackend()
    assert send_reminders(today=TODAY, backend=backend).sent == 1

    monkeypatch.setattr(services, "reminder_candidates", lambda day: stale)
    run = send_reminders(today=TODAY, backend=backend)

    assert (run.sent, run.already_sent, len(backend.messages)) == (0, 1, 1)


def test_two_runs_retrying_the_same_failure_resend_once(centre, session, monkeypatch):
    """GIVEN a failed reminder that two runs have both selected
    WHEN both go on, one after the other
    THEN the conditional claim lets only the first resend it."""
    appointment = booked(session)
    Reminder.objects.create(appointment=appointment, channel="sms", status="failed",
                            attempts=1, error="HTTP 503")
    stale = reminder_candidates(TOMORROW)
    monkeypatch.setattr(services, "reminder_candidates", lambda day: stale)
    backend = RecordingBackend()

    first = send_reminders(today=TODAY, backend=backend)
    second = send_reminders(today=TODAY, backend=backend)

    assert (first.sent, second.sent, second.already_sent) == (1, 0, 1)
    assert len(backend.messages) == 1
    assert Reminder.objects.get().attempts == 2


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's shared in-memory test database refuses concurrent writers "
    "('table is locked'); the stale-selection tests above cover the claims there",
)
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_time_send_once(monkeypatch):
    """GIVEN three appointments, and two runs in two threads that both select them before
    either claims anything
    WHEN both send
    THEN each message goes out once in all."""
    CentreFactory()
    session = DeskSessionFactory(date=TOMORROW)
    for _i in range(3):
        booked(session)
    barrier = threading.Barrier(2, timeout=10)
    real_candidates = services.reminder_candidates

    def select_then_wait(day):
        found = real_candidates(day)
        barrier.wait()
        return found

    monkeypatch.setattr(services, "reminder_candidates", select_then_wait)
    backend, lock, runs, errors = RecordingBackend(), threading.Lock(), [], []

    def run():
        try:
            result = send_reminders(today=TODAY, backend=backend)
            with lock:
                runs.append(result)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(backend.messages) == 3
    assert sum(r.sent for r in runs) == 3
    assert sum(r.already_sent + r.interrupted for r in runs) == 3
    assert Reminder.objects.filter(status="sent", attempts=1).count() == 3


def test_a_reminder_left_sending_is_not_resent(centre, session):
    """GIVEN a reminder left "sending" by a run that died while sending
    WHEN the reminders run again
    THEN it is not resent: counted as interrupted."""
    appointment = booked(session)
    Reminder.objects.create(appointment=appointment, channel="sms", attempts=1)
    backend = RecordingBackend()

    run = send_reminders(today=TODAY, backend=backend)

    assert (run.interrupted, run.sent, backend.messages) == (1, 0, [])


# --- Failures and retries --------------------------------------------------------------


def test_a_failure_is_recorded_and_retried_by_the_next_run(centre, session):
    """GIVEN a backend that fails
    WHEN the reminders run
    THEN the reminder is marked failed with a short reason;
    WHEN the backend works again and the reminders run
    THEN it is sent, at the second attempt, and the reason is cleared."""
    appointment = booked(session)
    backend = RecordingBackend(failing=True)

    run = send_reminders(today=TODAY, backend=backend)
    reminder = Reminder.objects.get(appointment=appointment)
    assert run.failed == 1
    assert (reminder.status, reminder.attempts, reminder.error) == (
        "failed", 1, "fournisseur de SMS : HTTP 503"
    )

    backend.failing = False
    run = send_reminders(today=TODAY, backend=backend)
    reminder.refresh_from_db()
    assert (run.sent, len(backend.messages)) == (1, 1)
    assert (reminder.status, reminder.attempts, reminder.error) == ("sent", 2, "")
    assert reminder.sent_at is not None


def test_after_max_attempts_the_reminder_is_given_up(centre, session):
    """GIVEN a backend that always fails
    WHEN the reminders run MAX_ATTEMPTS + 1 times
    THEN there are MAX_ATTEMPTS attempts, and the last run gives up without trying."""
    booked(session)
    backend = RecordingBackend(failing=True)
    calls = []
    backend.send = lambda message: calls.append(1) or RecordingBackend.send(backend, message)

    for _i in range(MAX_ATTEMPTS):
        assert send_reminders(today=TODAY, backend=backend).failed == 1
    last = send_reminders(today=TODAY, backend=backend)

    assert (last.given_up, last.failed, len(calls)) == (1, 0, MAX_ATTEMPTS)
    assert Reminder.objects.get().attempts == MAX_ATTEMPTS


def test_an_unexpected_error_keeps_only_its_type(centre, session):
    """GIVEN a backend that crashes with an error quoting the address
    WHEN the reminders run
    THEN the reminder keeps the error's type only, and the next messages still go."""
    booked(session)
    booked(session, phone="07 00 00 00 01")

    class Crashing(RecordingBackend):
        def send(self, message):
            if message.recipient == MOBILE_E164:
                raise ValueError(f"bad number {message.recipient}")
            super().send(message)

    backend = Crashing()
    run = send_reminders(today=TODAY, backend=backend)

    assert (run.failed, run.sent) == (1, 1)
    assert Reminder.objects.get(status="failed").error == "ValueError"


# --- Command, audit, dry run, logs -------------------------------------------------------


class _Buffer:
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text

    def flush(self):
        pass


def test_the_command_prints_counts_in_french_and_fails_on_failures(
    centre, outbox_dir, monkeypatch
):
    """GIVEN appointments tomorrow: one to send, one opted out, one without address, and a
    backend that fails
    WHEN the command runs
    THEN it prints each count in French and exits with an error naming the failures."""
    session = DeskSessionFactory(date=timezone.localdate() + dt.timedelta(days=1))
    booked(session)
    refused = booked(session)
    consent_record(person=refused.person, kind=Consent.Kind.REMINDERS, given=False,
                   on=timezone.localdate())
    booked(session, phone="")
    monkeypatch.setattr(FileBackend, "send", RecordingBackend(failing=True).send)

    out = _Buffer()
    with pytest.raises(CommandError, match="1 rappel"):
        call_command("send_reminders", stdout=out)

    for line in ("envoyés : 0", "déjà envoyés : 0", "refusés (opt-out) : 1",
                 "sans coordonnées : 1", "échecs : 1"):
        assert f"  {line}\n" in out.text


def test_dry_run_counts_without_sending_nor_recording(centre, outbox_dir):
    """GIVEN an appointment on a given date
    WHEN the command runs with --date and --dry-run
    THEN it says one would be sent, and no message, reminder or audit entry is made."""
    day = timezone.localdate() + dt.timedelta(days=3)
    booked(DeskSessionFactory(date=day))
    out = _Buffer()

    call_command("send_reminders", "--date", day.isoformat(), "--dry-run", stdout=out)

    assert "simulation" in out.text and "  à envoyer : 1\n" in out.text
    assert outbox_lines(outbox_dir) == []
    assert not Reminder.objects.exists() and not AuditEntry.objects.exists()


def test_the_command_refuses_a_past_date_and_a_bad_one(db):
    """GIVEN a date in the past, or not a date
    WHEN the command runs with it
    THEN it stops with a French message."""
    with pytest.raises(CommandError, match="passés"):
        call_command("send_reminders", "--date", "2020-02-04", stdout=_Buffer())
    with pytest.raises(CommandError, match="AAAA-MM-JJ"):
        call_command("send_reminders", "--date", "04/02/2020", stdout=_Buffer())


def test_the_command_reports_a_misconfigured_backend(settings, db):
    """GIVEN an unknown backend in TISSERAND_REMINDER_BACKEND
    WHEN the command runs
    THEN it stops with a message naming the setting, and nothing is recorded."""
    settings.TISSERAND_REMINDER_BACKEND = "pigeon"

    with pytest.raises(CommandError, match="TISSERAND_REMINDER_BACKEND"):
        call_command("send_reminders", stdout=_Buffer())
    assert not AuditEntry.objects.exists()


def test_one_audit_entry_per_run_with_counts_only(centre, session):
    """GIVEN two appointments tomorrow
    WHEN the reminders run twice
    THEN there is one audit entry per run, signed "système", with counts and no personal
    data."""
    booked(session, first_name="Awa", last_name="Diallo")
    booked(session, phone="", email=EMAIL)

    send_reminders(today=TODAY, backend=RecordingBackend())
    send_reminders(today=TODAY, backend=RecordingBackend())

    entries = list(AuditEntry.objects.order_by("id"))
    assert len(entries) == 2
    assert entries[0].actor_label == "système" and entries[0].action == "create"
    assert entries[0].note.startswith("Rappels des rendez-vous du 04/02/2020 : 2 envoyés")
    assert "2 déjà envoyés" in entries[1].note
    for entry in entries:
        for secret in ("Awa", "Diallo", EMAIL, MOBILE_E164, "12 34 56"):
            assert secret not in entry.note + entry.object_label


def test_nothing_personal_reaches_the_logs(centre, session, caplog):
    """GIVEN appointments whose backend fails for one and works for the other
    WHEN the reminders run with every log level captured
    THEN the logs hold counts and reminder numbers, never a name, number, address or text."""
    booked(session, first_name="Awa", last_name="Diallo", email=EMAIL)
    booked(session, phone="", email="zoe@example.org", first_name="Zoé")

    class HalfBroken(RecordingBackend):
        def send(self, message):
            if message.channel == "sms":
                raise ReminderSendError("fournisseur de SMS : HTTP 500")
            super().send(message)

    with caplog.at_level(logging.DEBUG):
        run = send_reminders(today=TODAY, backend=HalfBroken())

    assert (run.sent, run.failed) == (1, 1)
    assert "non envoyé : fournisseur de SMS : HTTP 500" in caplog.text
    for secret in ("Awa", "Diallo", "Zoé", EMAIL, "zoe@example.org", MOBILE_E164,
                   "12 34 56", "Écrivains publics", "rappel de votre rendez-vous"):
        assert secret not in caplog.text
