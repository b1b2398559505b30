"""Writes on the appointment desks: desk sessions, closures, bookings, statuses, interviews,
walk-ins, and the quick creation of a person at the reception desk.

Every service is atomic and validates with ``full_clean()`` before saving: a mistake raises
a ``ValidationError`` with a French message and changes nothing. Writes on appointments
(personal data: who came, for what) are written to the audit trail, field names only.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tisserand.audit.models import AuditEntry
from tisserand.audit.services import (
    changed_fields,
    last_change,
    log_action,
    log_create,
    log_update,
    object_label,
    stored_values,
)
from tisserand.core.calendar import (
    SchoolCalendarUnknown,
    check_school_calendar_covers,
    date_range,
    is_public_holiday,
    is_school_holiday,
)
from tisserand.core.models import CancellationReason
from tisserand.core.versioning import edit_conflict
from tisserand.desks.models import (
    Appointment,
    Desk,
    DeskClosure,
    DeskSession,
    RequestKind,
)
from tisserand.desks.selectors import persons_like
from tisserand.people.models import Person
from tisserand.people.services import PossibleDuplicate, person_create

MAX_MINUTES_SPENT = 8 * 60
APPOINTMENT_FIELDS = ("session", "person", "start_time", "walk_in", "status", "subject")


def _check_range(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise ValidationError(_("La date de fin précède la date de début."))


def _locked(session: DeskSession) -> DeskSession:
    """The session row, locked until the end of the transaction: two receptionists who book
    the last place at the same moment are served one after the other (PostgreSQL; SQLite
    runs write transactions one at a time anyway)."""
    return (
        DeskSession.objects.select_for_update(of=("self",))
        .select_related("desk")
        .get(pk=session.pk)
    )


def _note(appointment: Appointment) -> str:
    return f"{object_label(appointment.person)}, {object_label(appointment.session)}"


def _has_come(session: DeskSession) -> bool:
    return session.date <= timezone.localdate()


# --- desk sessions -----------------------------------------------------------------------


def _closure_on(day: dt.date, closures: list[DeskClosure]) -> DeskClosure | None:
    return next((c for c in closures if c.start_date <= day <= c.end_date), None)


@transaction.atomic
def desk_sessions_generate(*, desk: Desk, start: dt.date, end: dt.date) -> list[DeskSession]:
    """Create the desk sessions of the desk's weekly slots between two dates (inclusive).

    Public holidays are skipped, and school holidays (zone B) for a desk closed during
    them. A day inside a closure gets its session, closed with the closure's reason, so
    that the figures show it and it can be reopened. Existing sessions are kept: running
    it twice creates nothing new. The staff on duty is copied from the desk.
    """
    _check_range(start, end)
    slots = list(desk.slots.all())
    if not slots:
        raise ValidationError(_("Cette permanence n'a aucun créneau hebdomadaire."))
    if desk.closed_during_school_holidays:
        try:
            check_school_calendar_covers(start, end)
        except SchoolCalendarUnknown as exc:
            raise ValidationError(str(exc)) from exc
    closures = list(desk.closures.filter(start_date__lte=end, end_date__gte=start))
    existing = set(
        DeskSession.objects.filter(desk=desk, date__range=(start, end)).values_list(
            "date", "start_time"
        )
    )
    to_create = []
    for day in date_range(start, end):
        if is_public_holiday(day):
            continue
        if desk.closed_during_school_holidays and is_school_holiday(day):
            continue
        closure = _closure_on(day, closures)
        for slot in slots:
            if slot.weekday != day.weekday() or (day, slot.start_time) in existing:
                continue
            session = DeskSession(
                desk=desk,
                date=day,
                start_time=slot.start_time,
                end_time=slot.end_time,
                appointment_minutes=slot.appointment_minutes,
            )
            if closure is not None:
                session.status = DeskSession.Status.CLOSED
                session.closure_reason_id = closure.reason_id
            # No full_clean() per row: the slot was validated, and checking the foreign
            # keys would cost a query per session.
            to_create.append(session)
    created = DeskSession.objects.bulk_create(to_create)
    on_duty = list(desk.on_duty.values_list("pk", flat=True))
    through = DeskSession.on_duty.through
    through.objects.bulk_create(
        through(desksession_id=session.pk, contributor_id=contributor_id)
        for session in created
        for contributor_id in on_duty
    )
    return created


@dataclass
class ClosureResult:
    closure: DeskClosure
    sessions_closed: int
    # Appointments cancelled by the centre: the persons to warn (person and session loaded).
    to_warn: list[Appointment]
    # Sessions left open because persons were already received there: they took place.
    sessions_kept: int


@transaction.atomic
def desk_closure_add(
    *,
    desk: Desk,
    start_date: dt.date,
    end_date: dt.date,
    reason: CancellationReason | None,
    user=None,
) -> ClosureResult:
    """Close a desk from one date to another (lockdown, summer, volunteers away).

    The open sessions of the range are closed with the reason and their booked appointments
    cancelled "by the centre"; the result lists the persons to warn. A session where
    someone was already received (or marked absent) took place and stays as it is.
    """
    if reason is None:
        raise ValidationError({"reason": _("Indiquez le motif de la fermeture.")})
    closure = DeskClosure(
        desk=desk, start_date=start_date, end_date=end_date, reason=reason, created_by=user
    )
    closure.full_clean()
    closure.save()
    sessions = list(
        DeskSession.objects.select_for_update()
        .filter(desk=desk, date__range=(start_date, end_date), status=DeskSession.Status.OPEN)
        .order_by("date", "start_time")
    )
    held = set(
        Appointment.objects.filter(
            session__in=sessions,
            status__in=(Appointment.Status.HONOURED, Appointment.Status.ABSENT),
        ).values_list("session_id", flat=True)
    )
    to_close = [s.pk for s in sessions if s.pk not in held]
    DeskSession.objects.filter(pk__in=to_close).update(
        status=DeskSession.Status.CLOSED, closure_reason=reason
    )
    to_warn = list(
        Appointment.objects.filter(session_id__in=to_close, status=Appointment.Status.BOOKED)
        .select_related("person", "session", "session__desk")
        .order_by("session__date", "start_time", "id")
    )
    now = timezone.now()
    for appointment in to_warn:
        appointment.status = Appointment.Status.CANCELLED_BY_CENTRE
        appointment.updated_at = now
    Appointment.objects.bulk_update(to_warn, ["status", "updated_at"])
    for appointment in to_warn:
        log_action(
            action=AuditEntry.Action.UPDATE, obj=appointment, fields=["status"],
            note=_note(appointment),
        )
    return ClosureResult(
        closure=closure, sessions_closed=len(to_close), to_warn=to_warn, sessions_kept=len(held)
    )


@transaction.atomic
def desk_session_reopen(*, session: DeskSession) -> DeskSession:
    """Open a closed session again. Its cancelled appointments stay cancelled: those
    persons were told, they book again if they wish."""
    session = _locked(session)
    if not session.is_closed:
        raise ValidationError(_("Cette permanence n'est pas fermée : rien à rouvrir."))
    session.status = DeskSession.Status.OPEN
    session.closure_reason = None
    session.full_clean()
    session.save(update_fields=["status", "closure_reason"])
    return session


# --- appointments ------------------------------------------------------------------------


def _check_place(
    session: DeskSession, person: Person, start_time: dt.time, exclude: Appointment | None = None
) -> None:
    """The rules of a booking that holds a time: open session, a time of the session, a
    free place at that time, and the person not booked twice the same day at this desk.
    Called with the session row locked."""
    if session.is_closed:
        raise ValidationError(
            _("Cette permanence est fermée (%(reason)s) : on ne peut pas y prendre de "
              "rendez-vous.") % {"reason": session.closure_reason}
        )
    if start_time not in session.appointment_times():
        raise ValidationError(
            {"start_time": _("%(time)s n'est pas une heure de rendez-vous de cette permanence.")
             % {"time": start_time.strftime("%H:%M")}}
        )
    others = Appointment.objects.filter(session=session, status__in=Appointment.HOLDING)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if others.filter(person=person).exists():
        raise ValidationError(
            _("%(person)s a déjà un rendez-vous à cette permanence ce jour-là.")
            % {"person": person}
        )
    taken = others.filter(start_time=start_time, walk_in=False).count()
    if taken >= session.desk.parallel_appointments:
        raise ValidationError(
            {"start_time": _("%(time)s est déjà pris : choisissez une autre heure.")
             % {"time": start_time.strftime("%H:%M")}}
        )


AFTER_THE_FACT = (Appointment.Status.HONOURED, Appointment.Status.ABSENT)


def _booking_status(session: DeskSession, after_the_fact: str) -> str:
    """Booked; or, for a past day and only when asked, received or absent."""
    past = session.date < timezone.localdate()
    if not after_the_fact:
        if past:
            raise ValidationError({"after_the_fact": _(
                "Cette permanence est passée (%(date)s) : pour enregistrer ce rendez-vous "
                "après coup, dites si la personne est venue.") % {
                    "date": session.date.strftime("%d/%m/%Y")}})
        return Appointment.Status.BOOKED
    if after_the_fact not in AFTER_THE_FACT:
        raise ValidationError(_("État de rendez-vous inconnu."))
    if not _has_come(session):
        raise ValidationError(_(
            "Cette permanence est à venir : on ne l'enregistre pas après coup."))
    return after_the_fact


@transaction.atomic
def appointment_book(
    *,
    session: DeskSession,
    person: Person,
    start_time: dt.time,
    subject: str = "",
    user=None,
    after_the_fact: str = "",
) -> Appointment:
    """Book a time of a desk session for a person.

    A past date only with ``after_the_fact`` (received or absent): a booking recorded
    after the day, as the person says it went; otherwise refused, so that a date typed
    wrong does not book in the past unseen. A closed session, a time that is not one of
    the session's, a full time or a second booking of the same person the same day are
    refused.
    """
    session = _locked(session)
    status = _booking_status(session, after_the_fact)
    _check_place(session, person, start_time)
    appointment = Appointment(
        session=session,
        person=person,
        start_time=start_time,
        subject=subject.strip(),
        booked_by=user,
        status=status,
    )
    appointment.full_clean()
    appointment.save()
    log_create(appointment, APPOINTMENT_FIELDS, note=_note(appointment))
    return appointment


@transaction.atomic
def appointment_set_status(*, appointment: Appointment, status: str) -> Appointment:
    """Booked, honoured (reçu), absent, cancelled by the person or by the centre.

    Honoured and absent only once the day has come. Bringing a cancelled appointment back
    takes its place again: the rules of a booking apply.
    """
    if status not in Appointment.Status.values:
        raise ValidationError(_("État de rendez-vous inconnu."))
    session = _locked(appointment.session)
    appointment = (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("person")
        .get(pk=appointment.pk)
    )
    appointment.session = session
    if appointment.walk_in and status != Appointment.Status.HONOURED:
        raise ValidationError(
            _("Une personne reçue sans rendez-vous a bien été reçue : son état ne change pas.")
        )
    if status in (Appointment.Status.HONOURED, Appointment.Status.ABSENT) and not _has_come(
        session
    ):
        raise ValidationError(
            _("Ce rendez-vous est le %(date)s : on ne peut dire qu'une personne est venue ou "
              "absente qu'une fois le jour arrivé.") % {"date": session.date.strftime("%d/%m/%Y")}
        )
    if status in Appointment.HOLDING and appointment.status in Appointment.CANCELLED:
        _check_place(session, appointment.person, appointment.start_time, exclude=appointment)
    before = stored_values(appointment, ["status"])
    appointment.status = status
    appointment.full_clean()
    appointment.save(update_fields=["status", "updated_at"])
    log_update(appointment, before, note=_note(appointment))
    return appointment


def _check_interview(minutes_spent: int | None) -> None:
    if minutes_spent is not None and not 1 <= minutes_spent <= MAX_MINUTES_SPENT:
        raise ValidationError(
            {"minutes_spent": _("Le temps passé va de 1 minute à %(max)s heures.")
             % {"max": MAX_MINUTES_SPENT // 60}}
        )


def _set_kinds(appointment: Appointment, kinds: Iterable[RequestKind]) -> bool:
    """Replace the kinds of request; True when they changed."""
    wanted = {k.pk for k in kinds}
    current = set(appointment.kinds.values_list("pk", flat=True))
    if wanted == current:
        return False
    appointment.kinds.set(wanted)
    return True


def _interview_differences(appointment, kinds, minutes_spent) -> list[tuple[str, str, str]]:
    def described(kind_names, minutes):
        text = ", ".join(sorted(kind_names)) or _("aucune demande")
        return text + (f", {minutes} min" if minutes else "")

    stored = described(appointment.kinds.values_list("name", flat=True),
                       appointment.minutes_spent)
    yours = described([kind.name for kind in kinds], minutes_spent)
    return [(_("Entretien"), stored, yours)] if stored != yours else []


@transaction.atomic
def appointment_record_interview(
    *, appointment: Appointment, kinds: Iterable[RequestKind], minutes_spent: int | None,
    expected_version: int | None = None,
) -> Appointment:
    """What was done during the interview (kinds of request) and how long it took.

    Filling it for a booked appointment whose day has come says the person came: the
    appointment becomes honoured. An absent or cancelled appointment has no interview.
    ``EditConflict`` if someone recorded the interview since ``expected_version`` (the
    interview's version the form started from).
    """
    expected = appointment.interview_version if expected_version is None else expected_version
    appointment = (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("session", "person")
        .get(pk=appointment.pk)
    )
    kinds = list(kinds)
    if appointment.interview_version != expected:
        raise edit_conflict(
            _interview_differences(appointment, kinds, minutes_spent),
            last_change(appointment), appointment.interview_version,
        )
    if appointment.status not in (Appointment.Status.BOOKED, Appointment.Status.HONOURED):
        raise ValidationError(
            _("Ce rendez-vous est « %(status)s » : il n'y a pas d'entretien à saisir.")
            % {"status": appointment.get_status_display()}
        )
    if not _has_come(appointment.session):
        raise ValidationError(
            _("L'entretien se saisit le jour du rendez-vous ou après.")
        )
    _check_interview(minutes_spent)
    before = stored_values(appointment, ["status", "minutes_spent"])
    appointment.status = Appointment.Status.HONOURED
    appointment.minutes_spent = minutes_spent
    appointment.interview_version = expected + 1
    appointment.full_clean()
    appointment.save(update_fields=["status", "minutes_spent", "interview_version",
                                    "updated_at"])
    fields = changed_fields(before, appointment)
    if _set_kinds(appointment, kinds):
        fields.append("kinds")
    if fields:
        log_action(
            action=AuditEntry.Action.UPDATE, obj=appointment, fields=fields,
            note=_note(appointment),
        )
    return appointment


@transaction.atomic
def walk_in_record(
    *,
    session: DeskSession,
    person: Person,
    arrival_time: dt.time,
    kinds: Iterable[RequestKind] = (),
    minutes_spent: int | None = None,
    subject: str = "",
    user=None,
) -> Appointment:
    """A person received without a booking (sans rendez-vous): an honoured appointment at
    the time of arrival. It does not take a booking's place (it is recorded afterwards)."""
    session = _locked(session)
    if session.is_closed:
        raise ValidationError(
            _("Cette permanence est fermée : on ne peut pas y recevoir de personne.")
        )
    if not _has_come(session):
        raise ValidationError(_("Une venue sans rendez-vous se saisit le jour même ou après."))
    if not session.start_time <= arrival_time <= session.end_time:
        raise ValidationError(
            {"arrival_time": _("L'heure d'arrivée doit être comprise entre %(start)s et "
                               "%(end)s.") % {"start": session.start_time.strftime("%H:%M"),
                                               "end": session.end_time.strftime("%H:%M")}}
        )
    if Appointment.objects.filter(
        session=session, person=person, status__in=Appointment.HOLDING
    ).exists():
        raise ValidationError(
            _("%(person)s a déjà un rendez-vous à cette permanence : marquez-le « Reçu ».")
            % {"person": person}
        )
    _check_interview(minutes_spent)
    appointment = Appointment(
        session=session,
        person=person,
        start_time=arrival_time,
        walk_in=True,
        status=Appointment.Status.HONOURED,
        subject=subject.strip(),
        minutes_spent=minutes_spent,
        booked_by=user,
    )
    appointment.full_clean()
    appointment.save()
    appointment.kinds.set(list(kinds))
    log_create(appointment, (*APPOINTMENT_FIELDS, "minutes_spent"), note=_note(appointment))
    return appointment


# --- persons -----------------------------------------------------------------------------


class SameNameOrPhone(PossibleDuplicate):
    """A person with the same name or the same phone number exists (the forms that handle
    the people app's ``PossibleDuplicate`` handle this one too)."""

    def __init__(self, homonyms):
        ValidationError.__init__(
            self,
            _("Une personne du même nom ou au même numéro existe déjà : choisissez-la "
              "ci-dessous, ou confirmez qu'il s'agit d'une autre personne."),
            code="possible_duplicate",
        )
        self.homonyms = list(homonyms)


@transaction.atomic
def person_quick_create(
    *, first_name: str, last_name: str, phone: str = "", allow_homonym: bool = False
) -> Person:
    """A person created at the desk from a name and a phone number, in a few seconds.

    With no birth date, the people app's own homonym check cannot run: a person with the
    same name, or the same phone number, is shown instead (``PossibleDuplicate``), so that
    the receptionist picks the existing person rather than creating a second one.
    """
    if not allow_homonym:
        homonyms = persons_like(first_name=first_name, last_name=last_name, phone=phone)
        if homonyms:
            raise SameNameOrPhone(homonyms)
    return person_create(
        first_name=first_name.strip(), last_name=last_name.strip(), phone=phone.strip(),
        allow_homonym=True,
    )


@transaction.atomic
def appointment_book_new_person(
    *,
    session: DeskSession,
    first_name: str,
    last_name: str,
    phone: str,
    start_time: dt.time,
    subject: str = "",
    allow_homonym: bool = False,
    user=None,
    after_the_fact: str = "",
) -> Appointment:
    """Create the person and book, in one step: if the booking is refused (the time was
    just taken), the person is not created either."""
    if not phone.strip():
        raise ValidationError({"phone": _("Indiquez un numéro de téléphone pour le rappel.")})
    person = person_quick_create(
        first_name=first_name, last_name=last_name, phone=phone, allow_homonym=allow_homonym
    )
    return appointment_book(
        session=session, person=person, start_time=start_time, subject=subject, user=user,
        after_the_fact=after_the_fact,
    )


@transaction.atomic
def walk_in_record_new_person(
    *,
    session: DeskSession,
    first_name: str,
    last_name: str,
    phone: str = "",
    allow_homonym: bool = False,
    **walk_in,
) -> Appointment:
    """A walk-in by someone the centre does not know yet: both or nothing."""
    person = person_quick_create(
        first_name=first_name, last_name=last_name, phone=phone, allow_homonym=allow_homonym
    )
    return walk_in_record(session=session, person=person, **walk_in)
