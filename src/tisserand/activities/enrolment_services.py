"""Writes on enrolments (inscriptions): enrol, put on the waiting list, withdraw, promote.

Kept apart from ``services`` (sessions and attendance) so that each module stays small.
Every write is atomic, locks the atelier's row so that two people enrolling at once cannot
both take its last place, and leaves an entry in the audit trail (no names: labels only).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from tisserand.activities.models import Activity, Enrolment
from tisserand.audit.models import AuditEntry
from tisserand.audit.services import log_action, log_create, object_label
from tisserand.core.periods import FIRST_YEAR, LAST_YEAR, season
from tisserand.people.models import Person

LIVE = (Enrolment.Status.ENROLLED, Enrolment.Status.WAITING)


class AgeOutsideRange(ValidationError):
    """The person's age is outside the atelier's age range: enrol only once confirmed."""

    def __init__(self, *, age: int, activity: Activity):
        super().__init__(
            _(
                "%(age)s ans : c'est en dehors de l'âge prévu pour cet atelier. "
                "Confirmez pour l'inscrire quand même."
            ) % {"age": age},
            code="age_outside_range",
        )


def _note(enrolment: Enrolment) -> str:
    return f"{object_label(enrolment.person)}, {object_label(enrolment.activity)}"


def _locked(activity: Activity) -> Activity:
    """The atelier's row, locked until the transaction ends (capacity is counted under it)."""
    return Activity.objects.select_for_update().get(pk=activity.pk)


def _enrolled_count(activity: Activity, season_start: int) -> int:
    return Enrolment.objects.filter(
        activity=activity, season=season_start, status=Enrolment.Status.ENROLLED
    ).count()


def has_free_place(activity: Activity, season_start: int) -> bool:
    return activity.capacity is None or _enrolled_count(activity, season_start) < activity.capacity


def age_fits(*, activity: Activity, age: int | None) -> bool:
    """Unknown ages fit: nobody is asked to confirm what nobody knows."""
    if age is None:
        return True
    if activity.min_age is not None and age < activity.min_age:
        return False
    return activity.max_age is None or age <= activity.max_age


def enrolment_age_day(season_start: int, today: dt.date) -> dt.date:
    """The day the age is counted on: today, or the season's first day if it is ahead."""
    period = season(season_start)
    return min(max(today, period.start), period.end)


@transaction.atomic
def enrolment_add(
    *,
    activity: Activity,
    person: Person,
    season_start: int,
    on: dt.date | None = None,
    confirm_age: bool = False,
) -> Enrolment:
    """Enrol a person for a season; on the waiting list when the atelier is full.

    Raises ``AgeOutsideRange`` (unless ``confirm_age``) and a ``ValidationError`` when the
    person is already enrolled or waiting this season."""
    if not FIRST_YEAR <= season_start < LAST_YEAR:
        raise ValidationError(_("Saison inconnue."))
    today = on or timezone.localdate()
    activity = _locked(activity)
    live = Enrolment.objects.filter(
        activity=activity, person=person, season=season_start, status__in=LIVE
    ).first()
    if live is not None:
        if live.status == Enrolment.Status.WAITING:
            raise ValidationError(_("Cette personne est déjà sur la liste d'attente."))
        raise ValidationError(_("Cette personne est déjà inscrite à cet atelier."))
    age = person.age_on(enrolment_age_day(season_start, today))
    if not confirm_age and not age_fits(activity=activity, age=age):
        raise AgeOutsideRange(age=age, activity=activity)
    enrolment = Enrolment(activity=activity, person=person, season=season_start, enrolled_on=today)
    if not has_free_place(activity, season_start):
        last = Enrolment.objects.filter(
            activity=activity, season=season_start, status=Enrolment.Status.WAITING
        ).aggregate(last=Max("waiting_position"))["last"]
        enrolment.status = Enrolment.Status.WAITING
        enrolment.waiting_position = (last or 0) + 1
    enrolment.full_clean()
    enrolment.save()
    log_create(enrolment, ("activity", "person", "season", "status", "enrolled_on"),
               note=_note(enrolment))
    return enrolment


def _live(enrolment: Enrolment) -> Enrolment:
    fresh = (
        Enrolment.objects.select_related("activity", "person").filter(pk=enrolment.pk).first()
    )
    if fresh is None or fresh.status == Enrolment.Status.WITHDRAWN:
        raise ValidationError(_("Cette inscription a déjà été retirée."))
    return fresh


def first_waiting(activity: Activity, season_start: int) -> Enrolment | None:
    return (
        Enrolment.objects.select_related("activity", "person")
        .filter(activity=activity, season=season_start, status=Enrolment.Status.WAITING)
        .order_by("waiting_position", "id")
        .first()
    )


@transaction.atomic
def enrolment_withdraw(
    *, enrolment: Enrolment, on: dt.date | None = None, promote_next: bool = False
) -> Enrolment | None:
    """Withdraw an enrolment (or take someone off the waiting list).

    A place freed by an enrolled person goes to the first on the waiting list when
    ``promote_next``; returns that promoted enrolment, else ``None``."""
    _locked(enrolment.activity)
    enrolment = _live(enrolment)
    was_enrolled = enrolment.status == Enrolment.Status.ENROLLED
    enrolment.status = Enrolment.Status.WITHDRAWN
    enrolment.waiting_position = None
    enrolment.withdrawn_on = on or timezone.localdate()
    enrolment.full_clean()
    enrolment.save(update_fields=["status", "waiting_position", "withdrawn_on"])
    log_action(action=AuditEntry.Action.UPDATE, obj=enrolment,
               fields=["status", "waiting_position", "withdrawn_on"], note=_note(enrolment))
    if not (was_enrolled and promote_next):
        return None
    following = first_waiting(enrolment.activity, enrolment.season)
    if following is None:
        return None
    return enrolment_promote(enrolment=following, on=on)


@transaction.atomic
def enrolment_promote(*, enrolment: Enrolment, on: dt.date | None = None) -> Enrolment:
    """Give a free place to someone on the waiting list (dated the day of promotion)."""
    _locked(enrolment.activity)
    enrolment = _live(enrolment)
    if enrolment.status != Enrolment.Status.WAITING:
        raise ValidationError(_("Cette personne n'est pas sur la liste d'attente."))
    if not has_free_place(enrolment.activity, enrolment.season):
        raise ValidationError(
            _("L'atelier est complet : désinscrivez d'abord quelqu'un pour libérer une place.")
        )
    enrolment.status = Enrolment.Status.ENROLLED
    enrolment.waiting_position = None
    enrolment.enrolled_on = on or timezone.localdate()
    enrolment.full_clean()
    enrolment.save(update_fields=["status", "waiting_position", "enrolled_on"])
    log_action(action=AuditEntry.Action.UPDATE, obj=enrolment,
               fields=["status", "waiting_position", "enrolled_on"], note=_note(enrolment))
    return enrolment
