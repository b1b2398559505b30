"""Mending the desks' mistakes and mishaps: move an appointment to another free time,
cancel a desk day and warn the persons who had booked it (the notice goes through the
reminder backend). Audited like every write on appointments; nothing is deleted.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tisserand.audit.models import AuditEntry
from tisserand.audit.services import log_action, log_update, stored_values
from tisserand.core.models import CancellationReason
from tisserand.core.selectors import current_centre
from tisserand.desks.models import Appointment, DeskSession, Reminder
from tisserand.desks.reminders.backends import ReminderBackend, get_backend
from tisserand.desks.reminders.messages import (
    ReminderMessage,
    cancellation_text,
    recipient_for,
)
from tisserand.desks.services import _check_place, _locked, _note

NOTICE_NOTE = "Avis d'annulation"


@transaction.atomic
def appointment_move(*, appointment: Appointment, session: DeskSession,
                     start_time: dt.time) -> Appointment:
    """Move a booked appointment to a free time of a desk session (the same day or another
    day of the same desk). Its reminder goes out again for the new day: a reminder already
    sent (or failed) for the old day is forgotten."""
    appointment = (Appointment.objects.select_for_update(of=("self",))
                   .select_related("person", "session").get(pk=appointment.pk))
    if appointment.walk_in or appointment.status != Appointment.Status.BOOKED:
        raise ValidationError(_("Seul un rendez-vous pris (ni reçu, ni absent, ni annulé) se "
                                "déplace."))
    if session.desk_id != appointment.session.desk_id:
        raise ValidationError(_("Un rendez-vous se déplace à une autre heure de la même "
                                "permanence."))
    if session.pk == appointment.session_id and start_time == appointment.start_time:
        raise ValidationError(_("C'est déjà l'heure de ce rendez-vous : choisissez-en une "
                                "autre."))
    if session.date < timezone.localdate():
        raise ValidationError(_("Cette permanence est passée : choisissez un jour à venir."))
    target = _locked(session)
    _check_place(target, appointment.person, start_time, exclude=appointment)
    before = stored_values(appointment, ["session", "start_time"])
    appointment.session, appointment.start_time = target, start_time
    appointment.full_clean()
    appointment.save(update_fields=["session", "start_time", "updated_at"])
    log_update(appointment, before, note=_note(appointment))
    Reminder.objects.filter(appointment=appointment).delete()
    return appointment


@transaction.atomic
def desk_session_cancel(*, session: DeskSession,
                        reason: CancellationReason | None) -> list[Appointment]:
    """Cancel one desk day (the volunteer is ill, the room is taken): the session is
    closed with the reason, its booked appointments cancelled "by the centre" (nothing is
    deleted); returns them, the persons to warn. A day where someone was already received
    or marked absent took place: refused."""
    if reason is None:
        raise ValidationError({"reason": _("Indiquez le motif de l'annulation.")})
    session = _locked(session)
    if session.is_closed:
        raise ValidationError(_("Cette permanence est déjà fermée (%(reason)s).")
                              % {"reason": session.closure_reason})
    if session.appointments.filter(
            status__in=(Appointment.Status.HONOURED, Appointment.Status.ABSENT)).exists():
        raise ValidationError(_("Des personnes ont déjà été reçues ce jour-là : la permanence "
                                "a eu lieu, elle ne s'annule pas."))
    before = stored_values(session, ["status", "closure_reason"])
    session.status, session.closure_reason = DeskSession.Status.CLOSED, reason
    session.full_clean()
    session.save(update_fields=["status", "closure_reason"])
    log_update(session, before)
    to_warn = list(session.appointments.filter(status=Appointment.Status.BOOKED)
                   .select_related("person"))
    now = timezone.now()
    for appointment in to_warn:
        appointment.status, appointment.updated_at = Appointment.Status.CANCELLED_BY_CENTRE, now
    Appointment.objects.bulk_update(to_warn, ["status", "updated_at"])
    for appointment in to_warn:
        appointment.session = session
        log_action(action=AuditEntry.Action.UPDATE, obj=appointment, fields=["status"],
                   note=_note(appointment))
    return to_warn


@dataclass
class NoticeRun:
    """What sending the cancellation notices of a desk day did: counts only."""

    sent: int = 0
    no_address: int = 0
    failed: int = 0

    def summary(self) -> str:
        return (f"{self.sent} envoyés, {self.no_address} sans coordonnées, "
                f"{self.failed} échecs")


def cancellation_notices_send(*, session: DeskSession,
                              backend: ReminderBackend | None = None) -> NoticeRun:
    """Send each person whose appointment the centre cancelled that day a short notice
    (SMS to a mobile, else an email), through the reminder backend. The trail gets one
    entry on the desk day with the counts: never a name, a number or the text."""
    if not session.is_closed:
        raise ValidationError(_("Cette permanence n'est pas annulée : aucun avis à envoyer."))
    backend = backend or get_backend()
    centre = current_centre()
    run = NoticeRun()
    for appointment in session.appointments.filter(
            status=Appointment.Status.CANCELLED_BY_CENTRE, walk_in=False
    ).select_related("person"):
        target = recipient_for(appointment.person, backend.channels)
        if target is None:
            run.no_address += 1
            continue
        text = cancellation_text(centre=centre, desk_name=session.desk.name, day=session.date,
                                 start_time=appointment.start_time)
        try:
            backend.send(ReminderMessage(target[0], target[1], text))
        except Exception:  # one broken message must not stop the others
            run.failed += 1
        else:
            run.sent += 1
    log_action(action=AuditEntry.Action.UPDATE, obj=session,
               note=f"{NOTICE_NOTE} : {run.summary()}")
    return run
