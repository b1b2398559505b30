"""Writes on the programme: sessions, cancellations, attendance, headcounts.

Every service is atomic and validates with ``full_clean()`` before saving, so that a
mistake raises a ``ValidationError`` with a French message and changes nothing.
"""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils.translation import gettext as _

from tisserand.activities.models import (
    Action,
    Activity,
    Attendance,
    Headcount,
    Session,
    SessionContributor,
)
from tisserand.audit.models import AuditEntry
from tisserand.audit.services import (
    last_change,
    log_action,
    log_create,
    log_delete,
    object_label,
)
from tisserand.core.calendar import (
    check_school_calendar_covers,
    date_range,
    is_public_holiday,
    is_school_holiday,
)
from tisserand.core.models import CancellationReason, Contributor, Place
from tisserand.core.versioning import edit_conflict
from tisserand.people.models import Person


class CalendarFilter:
    ALL = "all"
    SCHOOL_TERM = "term"
    SCHOOL_HOLIDAYS = "holidays"
    CHOICES = (ALL, SCHOOL_TERM, SCHOOL_HOLIDAYS)


def _check_range(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise ValidationError(_("La date de fin précède la date de début."))


def _log_sessions(activity: Activity, note: str, count: int, start: dt.date,
                  end: dt.date) -> None:
    """One entry per atelier for sessions created or cancelled in bulk (a season's worth):
    the atelier, the count and the dates."""
    log_action(action=AuditEntry.Action.UPDATE, obj=activity, fields=["sessions"],
               note=note % {"count": count, "start": f"{start:%d/%m/%Y}",
                            "end": f"{end:%d/%m/%Y}"})


@transaction.atomic
def session_create(
    *,
    activity: Activity,
    date: dt.date,
    start_time: dt.time,
    end_time: dt.time,
    place: Place | None = None,
    journal: str = "",
) -> Session:
    session = Session(
        activity=activity,
        date=date,
        start_time=start_time,
        end_time=end_time,
        place=place or activity.default_place,
        journal=journal,
    )
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def sessions_generate(
    *,
    activity: Activity,
    start: dt.date,
    end: dt.date,
    calendar_filter: str = CalendarFilter.ALL,
    skip_public_holidays: bool = True,
) -> list[Session]:
    """Create the sessions of an activity's weekly slots between two dates (inclusive).

    Public holidays are skipped; ``calendar_filter`` keeps only school-term days or only
    school-holiday days (zone B). Existing sessions at the same date and time are kept,
    so running it twice creates nothing new.
    """
    _check_range(start, end)
    if calendar_filter not in CalendarFilter.CHOICES:
        raise ValidationError(_("Filtre de calendrier inconnu."))
    if calendar_filter != CalendarFilter.ALL:
        try:
            check_school_calendar_covers(start, end)
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc
    slots = list(activity.slots.select_related("place"))
    if not slots:
        raise ValidationError(_("Cet atelier n'a aucun créneau hebdomadaire."))
    existing = set(
        Session.objects.filter(activity=activity, date__range=(start, end)).values_list(
            "date", "start_time"
        )
    )
    to_create = []
    for day in date_range(start, end):
        if skip_public_holidays and is_public_holiday(day):
            continue
        if calendar_filter == CalendarFilter.SCHOOL_TERM and is_school_holiday(day):
            continue
        if calendar_filter == CalendarFilter.SCHOOL_HOLIDAYS and not is_school_holiday(day):
            continue
        for slot in slots:
            if slot.weekday != day.weekday() or (day, slot.start_time) in existing:
                continue
            to_create.append(
                Session(
                    activity=activity,
                    date=day,
                    start_time=slot.start_time,
                    end_time=slot.end_time,
                    place=slot.place or activity.default_place,
                )
            )
    created = Session.objects.bulk_create(to_create)
    if created:
        _log_sessions(activity, _("%(count)d séance(s) générée(s) du %(start)s au %(end)s"),
                      len(created), start, end)
    return created


@transaction.atomic
def sessions_cancel_range(
    *,
    start: dt.date,
    end: dt.date,
    reason: CancellationReason,
    activities: Iterable[Activity] | None = None,
) -> int:
    """Cancel every planned session between two dates (a lockdown, a closure).

    Sessions already held (with attendance) are left as they are: they took place.
    Returns the number of sessions cancelled.
    """
    _check_range(start, end)
    if reason is None:
        raise ValidationError(_("Indiquez le motif de l'annulation."))
    sessions = Session.objects.filter(date__range=(start, end), status=Session.Status.PLANNED)
    if activities is not None:
        sessions = sessions.filter(activity__in=list(activities))
    by_activity = sessions.values("activity").annotate(n=Count("id")).order_by("activity")
    for row in by_activity:
        _log_sessions(Activity(pk=row["activity"]),
                      _("%(count)d séance(s) annulée(s) du %(start)s au %(end)s"),
                      row["n"], start, end)
    return sessions.update(status=Session.Status.CANCELLED, cancellation_reason=reason)


@transaction.atomic
def session_cancel(*, session: Session, reason: CancellationReason) -> Session:
    if session.attendances.exists():
        raise ValidationError(
            _("Des présences sont pointées sur cette séance : retirez-les avant de l'annuler.")
        )
    session.status = Session.Status.CANCELLED
    session.cancellation_reason = reason
    session.full_clean()
    session.save(update_fields=["status", "cancellation_reason"])
    return session


@transaction.atomic
def session_restore(*, session: Session) -> Session:
    """Undo a cancellation: the session is planned again."""
    if not session.is_cancelled:
        raise ValidationError(_("Cette séance n'est pas annulée."))
    session.status = Session.Status.PLANNED
    session.cancellation_reason = None
    session.save(update_fields=["status", "cancellation_reason"])
    return session


@transaction.atomic
def session_mark_held(*, session: Session) -> Session:
    if session.is_cancelled:
        raise ValidationError(_("Cette séance est annulée."))
    if session.status != Session.Status.HELD:
        session.status = Session.Status.HELD
        session.save(update_fields=["status"])
    return session


@transaction.atomic
def session_update_journal(*, session: Session, journal: str,
                           expected_version: int | None = None) -> Session:
    """Save the journal; ``EditConflict`` if someone saved it since ``expected_version``
    (the journal's version the form started from)."""
    expected = session.journal_version if expected_version is None else expected_version
    stored = Session.objects.filter(pk=session.pk).values("journal", "journal_version").get()
    changed = stored["journal"] != journal
    session.journal = journal
    session.full_clean()
    if not Session.objects.filter(pk=session.pk, journal_version=expected).update(
        journal=journal, journal_version=F("journal_version") + 1
    ):
        raise edit_conflict([(_("Journal de séance"), stored["journal"], journal)],
                            last_change(session), stored["journal_version"])
    session.journal_version = expected + 1
    if changed:
        # The journal is free text and may name people: the trail records that it changed.
        log_action(action=AuditEntry.Action.UPDATE, obj=session, fields=["journal"])
    return session


def _attendance_note(attendance: Attendance) -> str:
    return f"{object_label(attendance.person)}, {object_label(attendance.session)}"


# A mark that collides with a concurrent one is retried when that one was taken back.
MARK_ATTEMPTS = 3


def _mark_once(*, session: Session, person: Person, user, created_here: bool) -> Attendance:
    with transaction.atomic():
        attendance, created = Attendance.objects.get_or_create(
            session=session, person=person,
            defaults={"recorded_by": user, "person_created_here": created_here},
        )
        session_mark_held(session=session)
        if created:
            log_create(attendance, ("session", "person"), note=_attendance_note(attendance))
    return attendance


def attendance_mark(
    *, session: Session, person: Person, user=None, created_here: bool = False
) -> Attendance:
    """Mark a person present. Marking twice is harmless: the same mark is returned."""
    if session.is_cancelled:
        raise ValidationError(
            _("Cette séance est annulée : on ne peut pas y pointer de présence.")
        )
    for _attempt in range(MARK_ATTEMPTS - 1):
        try:
            return _mark_once(session=session, person=person, user=user,
                              created_here=created_here)
        except IntegrityError:
            # Another request marked the same person at the same moment: keep theirs,
            # unless a third one took that mark back meanwhile (then mark again).
            theirs = Attendance.objects.filter(session=session, person=person).first()
            if theirs is not None:
                return theirs
    return _mark_once(session=session, person=person, user=user, created_here=created_here)


@transaction.atomic
def attendance_unmark(*, session: Session, person: Person) -> None:
    marks = Attendance.objects.filter(session=session, person=person)
    for attendance in marks.select_related("session", "person"):
        log_delete(attendance, note=_attendance_note(attendance))
    marks.delete()


@transaction.atomic
def attendance_add_newcomer(
    *,
    session: Session,
    first_name: str,
    last_name: str,
    sex: str = "",
    birth_year: int | None = None,
    phone: str = "",
    user=None,
    allow_namesake: bool = False,
) -> Person:
    """Create a person met at a session and mark them present, in one step.

    Raises ``PossibleDuplicate`` (listing them) when persons of the same name, and of the
    same birth year if one is given, exist already, unless ``allow_namesake``."""
    from tisserand.activities.selectors import newcomer_namesakes
    from tisserand.people.services import PossibleDuplicate, person_create

    if session.is_cancelled:
        raise ValidationError(
            _("Cette séance est annulée : on ne peut pas y pointer de présence.")
        )
    if not allow_namesake:
        namesakes = newcomer_namesakes(
            first_name=first_name, last_name=last_name, birth_year=birth_year
        )
        if namesakes:
            raise PossibleDuplicate(namesakes)
    person = person_create(
        first_name=first_name,
        last_name=last_name,
        sex=sex,
        birth_year=birth_year,
        phone=phone,
        allow_homonym=True,
    )
    attendance_mark(session=session, person=person, user=user, created_here=True)
    return person


def _recorded_elsewhere(person: Person) -> bool:
    """Is anything recorded about this person (a household, any row of any app pointing
    at them: attendance, enrolment, appointment, follow-up, consent...)? Read from the
    model's relations, so that an app added later is covered without knowing it here."""
    if person.household_id:
        return True
    for relation in Person._meta.related_objects:
        rows = relation.related_model._base_manager.filter(**{relation.field.name: person})
        if rows.exists():
            return True
    return False


@transaction.atomic
def walk_in_take_back(*, session: Session, person: Person) -> bool:
    """Take back a walk-in marked by mistake at this session: the mark is removed, and
    the person too when their record was created here and nothing else concerns them.
    Returns whether the person was deleted."""
    attendance = (
        Attendance.objects.select_for_update()
        .select_related("session", "person")
        .filter(session=session, person=person)
        .first()
    )
    if attendance is None:
        raise ValidationError(_("Cette personne n'est pas pointée à cette séance."))
    log_delete(attendance, note=_attendance_note(attendance))
    attendance.delete()
    person = Person.objects.select_for_update().get(pk=person.pk)
    if not attendance.person_created_here or _recorded_elsewhere(person):
        return False
    log_delete(person, note=object_label(session))
    person.delete()
    return True
class AboveCapacity(ValidationError):
    """A headcount above the atelier's places: possible (a fête), to be confirmed."""


# No session counts more people than this, nor more than this many times its places: a
# number above is a slip of the keyboard (a year, a phone number), refused.
HEADCOUNT_MAX = 100_000
HEADCOUNT_MAX_PER_PLACE = 100


def _check_headcount(session: Session, count: int, *, confirmed: bool) -> None:
    capacity = session.activity.capacity
    if count > HEADCOUNT_MAX or (capacity and count > HEADCOUNT_MAX_PER_PLACE * capacity):
        raise ValidationError(
            _("%(count)d personnes : ce nombre n'est pas possible pour une séance, "
              "vérifiez la saisie.") % {"count": count}
        )
    if capacity and count > capacity and not confirmed:
        raise AboveCapacity(
            _("%(capacity)d places, vous avez saisi %(count)d : confirmer ?")
            % {"capacity": capacity, "count": count}
        )


@transaction.atomic
def headcount_set(*, session: Session, category: str, count: int,
                  confirmed: bool = False) -> Headcount | None:
    """Record an anonymous count; a count of zero removes the category. Above the
    atelier's places the count must be ``confirmed``; an absurd one is refused."""
    if session.is_cancelled:
        raise ValidationError(_("Cette séance est annulée : on ne peut pas y compter de public."))
    if count is None or count < 0:
        raise ValidationError(_("Le nombre de personnes doit être positif ou nul."))
    if category not in Headcount.Category.values:
        raise ValidationError(_("Catégorie de public inconnue."))
    _check_headcount(session, count, confirmed=confirmed)
    existing = Headcount.objects.filter(session=session, category=category)
    if count == 0:
        for headcount in existing:
            log_delete(headcount, note=object_label(session))
        existing.delete()
        return None
    previous = existing.values_list("count", flat=True).first()
    headcount, created = Headcount.objects.update_or_create(
        session=session, category=category, defaults={"count": count}
    )
    session_mark_held(session=session)
    if created:
        log_create(headcount, ("category", "count"), note=object_label(session))
    elif previous != count:
        log_action(
            action=AuditEntry.Action.UPDATE, obj=headcount, fields=["count"],
            note=object_label(session),
        )
    return headcount


@transaction.atomic
def session_set_facilitators(*, session: Session, contributors: Iterable[Contributor]) -> None:
    wanted = {c.pk for c in contributors}
    SessionContributor.objects.filter(session=session).exclude(contributor_id__in=wanted).delete()
    present = set(
        SessionContributor.objects.filter(session=session).values_list("contributor_id", flat=True)
    )
    SessionContributor.objects.bulk_create(
        SessionContributor(session=session, contributor_id=pk) for pk in wanted - present
    )


@transaction.atomic
def action_figures_set(*, action: Action, kind: str, figures: Iterable[str]) -> Action:
    """Choose the figures the report shows for an action: its kind, and the figures ticked
    (kept empty when they are the kind's own, so that the action follows its kind)."""
    from tisserand.activities.figure_sets import DEFAULTS, ORDER

    chosen = [key for key in ORDER if key in set(figures)]
    action = Action.objects.select_for_update().get(pk=action.pk)
    before = (action.kind, action.figures)
    action.kind = kind
    action.figures = [] if set(chosen) == set(DEFAULTS.get(kind, ())) else chosen
    action.full_clean()
    action.save(update_fields=["kind", "figures"])
    changed = [name for name, old, new in (("kind", before[0], action.kind),
                                           ("figures", before[1], action.figures))
               if old != new]
    if changed:
        log_action(action=AuditEntry.Action.UPDATE, obj=action, fields=changed)
    return action

