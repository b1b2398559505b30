"""Sending the reminders of a day, safe to run twice and to run twice at the same time.

Each appointment is *claimed* before anything is sent, in its own transaction:
- a first reminder is claimed by creating its ``Reminder`` row (one per appointment); if
  that raises ``IntegrityError``, another run has claimed it and we leave it alone;
- a failed one is claimed back by a conditional UPDATE (failed → sending, with the number
  of attempts we read): of two runs, only one changes the row, only that one resends.
Then the message is sent, and the row marked sent or failed with a short reason.

A reminder left "sending" (the run died while sending) is never resent automatically:
we cannot know whether the message left, and a missed reminder is better than a double
one (docs/rappels.md says how to resend it by hand).
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from tisserand.audit.models import AuditEntry
from tisserand.audit.services import log_action
from tisserand.core.selectors import current_centre
from tisserand.desks.models import Appointment, Reminder
from tisserand.desks.reminders.backends import ReminderBackend, ReminderSendError, get_backend
from tisserand.desks.reminders.messages import ReminderMessage, recipient_for, reminder_text
from tisserand.desks.reminders.selectors import reminder_candidates

MAX_ATTEMPTS = 3
ERROR_MAX = Reminder._meta.get_field("error").max_length

# Counts and ids only: never an address or a message text.
logger = logging.getLogger(__name__)


@dataclass
class ReminderRun:
    """What a run did (or, with ``dry_run``, would do) for the appointments of ``day``."""

    day: dt.date
    dry_run: bool = False
    sent: int = 0  # with dry_run: would be sent
    already_sent: int = 0  # sent earlier, or claimed at the same time by another run
    opted_out: int = 0
    no_address: int = 0
    failed: int = 0  # failed in this run; retried by the next while attempts remain
    interrupted: int = 0  # left "sending" by an earlier run: not resent
    given_up: int = 0  # failed MAX_ATTEMPTS times

    def summary(self) -> str:
        return (
            f"{self.sent} envoyés, {self.already_sent} déjà envoyés, {self.opted_out} refusés, "
            f"{self.no_address} sans coordonnées, {self.failed} échecs, "
            f"{self.interrupted} interrompus, {self.given_up} abandonnés"
        )


def _existing_reminder(appointment: Appointment) -> Reminder | None:
    try:
        return appointment.reminder
    except ObjectDoesNotExist:
        return None


def _claim_first(appointment: Appointment, channel: str) -> Reminder | None:
    # The fields are set here, not typed by anyone: the unique key is the check that matters.
    try:
        with transaction.atomic():
            return Reminder.objects.create(
                appointment=appointment, channel=channel, status=Reminder.Status.SENDING,
                attempts=1,
            )
    except IntegrityError:
        return None


def _claim_retry(reminder: Reminder, channel: str) -> Reminder | None:
    with transaction.atomic():
        claimed = Reminder.objects.filter(
            pk=reminder.pk, status=Reminder.Status.FAILED, attempts=reminder.attempts
        ).update(
            status=Reminder.Status.SENDING, attempts=F("attempts") + 1, channel=channel,
            error="",
        )
    return reminder if claimed else None


def _short_error(exc: Exception) -> str:
    # Our backends word their errors without personal data; anything else may quote the
    # address, so only its type is kept.
    text = str(exc) if isinstance(exc, ReminderSendError) else type(exc).__name__
    return (text or type(exc).__name__)[:ERROR_MAX]


def _deliver(reminder: Reminder, message: ReminderMessage, backend: ReminderBackend,
             run: ReminderRun) -> None:
    try:
        backend.send(message)
    except Exception as exc:  # one broken message must not stop the others
        error = _short_error(exc)
        Reminder.objects.filter(pk=reminder.pk).update(
            status=Reminder.Status.FAILED, error=error
        )
        logger.warning("Rappel n° %s non envoyé : %s", reminder.pk, error)
        run.failed += 1
        return
    Reminder.objects.filter(pk=reminder.pk).update(
        status=Reminder.Status.SENT, sent_at=timezone.now(), error=""
    )
    run.sent += 1


def send_reminders(
    *, day: dt.date | None = None, today: dt.date | None = None,
    backend: ReminderBackend | None = None, dry_run: bool = False,
) -> ReminderRun:
    """Send the reminders of the appointments of ``day`` (default: tomorrow)."""
    today = today or timezone.localdate()
    day = day or today + dt.timedelta(days=1)
    if day < today:
        raise ValidationError("Les rendez-vous de cette date sont passés : aucun rappel.")
    backend = backend or get_backend()
    run = ReminderRun(day=day, dry_run=dry_run)
    centre = current_centre()
    for appointment in reminder_candidates(day):
        reminder = _existing_reminder(appointment)
        if reminder is not None and reminder.status == Reminder.Status.SENT:
            run.already_sent += 1
            continue
        if reminder is not None and reminder.status == Reminder.Status.SENDING:
            run.interrupted += 1
            continue
        if reminder is not None and reminder.attempts >= MAX_ATTEMPTS:
            run.given_up += 1
            continue
        if appointment.reminders_given is False:
            run.opted_out += 1
            continue
        target = recipient_for(appointment.person, backend.channels)
        if target is None:
            run.no_address += 1
            continue
        if dry_run:
            run.sent += 1
            continue
        channel, address = target
        claimed = (
            _claim_first(appointment, channel) if reminder is None
            else _claim_retry(reminder, channel)
        )
        if claimed is None:
            run.already_sent += 1
            continue
        session = appointment.session
        text = reminder_text(
            centre=centre, desk_name=session.desk.name, day=session.date,
            start_time=appointment.start_time, today=today,
        )
        _deliver(claimed, ReminderMessage(channel, address, text), backend, run)
    if not dry_run:
        log_action(
            action=AuditEntry.Action.CREATE,
            note=f"Rappels des rendez-vous du {day:%d/%m/%Y} : {run.summary()}",
        )
    logger.info("Rappels des rendez-vous du %s : %s", day.isoformat(), run.summary())
    return run
