"""Retention periods (CNIL référentiel for the social and medico-social sector).

- A person with no contact with the centre for ``TISSERAND_RETENTION_INACTIVE_YEARS``
  years (default 3) is anonymised. A contact is an attendance at a session, a membership
  of their household for a season still running at the cut-off date, a consent recorded,
  an appointment at a desk (booked, held, missed or cancelled: any status), the opening
  of a follow-up file or a contact in it, or the creation of the record itself.
- The notes of a follow-up file (its own notes, its contacts' notes, the details of its
  referrals' outcomes) are erased ``TISSERAND_RETENTION_FOLLOW_UP_YEARS`` years (default
  2) after its last contact, once the file is closed, or when it was opened and never
  had a contact: see ``follow_up_files_to_purge``. Dates, modes, durations, themes,
  partners and outcomes stay for the figures; the person keeps their identity until the
  rule above applies to them.

New kinds of contact join ``CONTACT_SOURCES``: each is a function of the cut-off date
returning the ids of the persons seen since then (one query, in the database).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from tisserand.core.calendar import years_before
from tisserand.core.periods import season_of
from tisserand.people.models import Anonymisation, Consent, Person
from tisserand.privacy import audit


def inactive_years() -> int:
    return int(getattr(settings, "TISSERAND_RETENTION_INACTIVE_YEARS", 3))


def follow_up_years() -> int:
    return int(getattr(settings, "TISSERAND_RETENTION_FOLLOW_UP_YEARS", 2))




def _attended_since(cutoff: dt.date) -> QuerySet:
    from tisserand.activities.models import Attendance

    return Attendance.objects.filter(session__date__gte=cutoff).values("person_id")


def _member_since(cutoff: dt.date) -> QuerySet:
    """Members of a household whose membership season ends on or after the cut-off."""
    return Person.objects.filter(
        household__memberships__season__gte=season_of(cutoff)
    ).values("pk")


def _consent_since(cutoff: dt.date) -> QuerySet:
    return Consent.objects.filter(recorded_on__gte=cutoff).values("person_id")


def _appointment_since(cutoff: dt.date) -> QuerySet:
    """Appointments on or after the cut-off, whatever their status (a booking, even
    missed or cancelled, is a contact)."""
    from tisserand.desks.models import Appointment

    return Appointment.objects.filter(session__date__gte=cutoff).values("person_id")


def _follow_up_since(cutoff: dt.date) -> QuerySet:
    """Persons whose follow-up file was opened or had a contact on or after the cut-off
    (``last_contact_on`` is the latest of these, kept by the follow-up services)."""
    from tisserand.followup.models import FollowUpFile

    return FollowUpFile.objects.filter(last_contact_on__gte=cutoff).values("person_id")


CONTACT_SOURCES: list[Callable[[dt.date], QuerySet]] = [
    _attended_since,
    _member_since,
    _consent_since,
    _appointment_since,
    _follow_up_since,
]


def persons_to_anonymise(*, today: dt.date | None = None) -> QuerySet[Person]:
    """Persons not yet anonymised, recorded before the cut-off and not seen since."""
    today = today or timezone.localdate()
    cutoff = years_before(today, inactive_years())
    cutoff_moment = timezone.make_aware(dt.datetime.combine(cutoff, dt.time.min))
    persons = Person.objects.filter(anonymisation__isnull=True, created_at__lt=cutoff_moment)
    for source in CONTACT_SOURCES:
        persons = persons.exclude(pk__in=source(cutoff))
    return persons.order_by("pk")


def follow_up_files_to_purge(*, today: dt.date | None = None) -> QuerySet:
    """Follow-up files whose notes are due for erasure: closed, or open with no contact
    ever recorded, with a last contact before ``years_before(today, follow_up_years())``,
    and still holding some free text (a second purge finds nothing more to do)."""
    from tisserand.followup.models import Contact, FollowUpFile, Referral

    today = today or timezone.localdate()
    cutoff = years_before(today, follow_up_years())
    contacts = Contact.objects.filter(file=OuterRef("pk"))
    has_text = (
        ~Q(notes="")
        | Exists(contacts.exclude(note=""))
        | Exists(Referral.objects.filter(file=OuterRef("pk")).exclude(outcome_note=""))
    )
    return (
        FollowUpFile.objects.filter(last_contact_on__lt=cutoff)
        .filter(Q(status=FollowUpFile.Status.CLOSED) | ~Exists(contacts))
        .filter(has_text)
        .order_by("pk")
    )


@dataclass
class PurgeResult:
    cutoff: dt.date
    follow_up_cutoff: dt.date | None = None
    person_ids: list[int] = field(default_factory=list)
    follow_up_ids: list[int] = field(default_factory=list)
    done: bool = False


def purge(*, today: dt.date | None = None, dry_run: bool = True, by=None) -> PurgeResult:
    """Anonymise every person past the retention period and erase the notes of the
    follow-up files past theirs (``dry_run``: only list them), in one transaction
    recorded by one audit entry."""
    from tisserand.followup.models import FollowUpFile
    from tisserand.followup.services import follow_up_notes_erase
    from tisserand.privacy.services import persons_anonymise

    today = today or timezone.localdate()
    result = PurgeResult(
        cutoff=years_before(today, inactive_years()),
        follow_up_cutoff=years_before(today, follow_up_years()),
        person_ids=list(persons_to_anonymise(today=today).values_list("pk", flat=True)),
        follow_up_ids=list(follow_up_files_to_purge(today=today).values_list("pk", flat=True)),
    )
    if dry_run:
        return result
    with transaction.atomic():
        persons_anonymise(
            persons=Person.objects.filter(pk__in=result.person_ids).order_by("pk"), by=by,
            reason=Anonymisation.Reason.RETENTION, today=today,
        )
        follow_up_notes_erase(
            files=FollowUpFile.objects.filter(pk__in=result.follow_up_ids), on=today
        )
        audit.record(
            "purge", actor=by,
            note=(
                f"{len(result.person_ids)} personne(s) anonymisée(s), sans contact depuis "
                f"le {result.cutoff:%d/%m/%Y} ; {len(result.follow_up_ids)} dossier(s) "
                f"d'accompagnement effacé(s), sans contact depuis le "
                f"{result.follow_up_cutoff:%d/%m/%Y}"
            ),
        )
    result.done = True
    return result

