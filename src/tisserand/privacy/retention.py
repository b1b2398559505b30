"""Retention periods (CNIL référentiel for the social and medico-social sector).

- A person with no contact with the centre for ``TISSERAND_RETENTION_INACTIVE_YEARS``
  years (default 3) is anonymised. A contact is an attendance at a session, a membership
  of their household for a season still running at the cut-off date, a consent recorded,
  an appointment (issue 5), or the creation of the record itself.
- Follow-up files (issue 5) are erased ``TISSERAND_RETENTION_FOLLOW_UP_YEARS`` years
  (default 2) after the last contact: see ``follow_up_files_to_purge``.

New kinds of contact join ``CONTACT_SOURCES``: each is a function of the cut-off date
returning the ids of the persons seen since then (one query, in the database).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from tisserand.core.calendar import season_of
from tisserand.people.models import Person
from tisserand.privacy import audit
from tisserand.privacy.models import Anonymisation, Consent


def inactive_years() -> int:
    return int(getattr(settings, "TISSERAND_RETENTION_INACTIVE_YEARS", 3))


def follow_up_years() -> int:
    return int(getattr(settings, "TISSERAND_RETENTION_FOLLOW_UP_YEARS", 2))


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


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


# HOOK (issue 5): add ``_appointment_since`` (appointments booked or held since the
# cut-off) and follow-up contacts here.
CONTACT_SOURCES: list[Callable[[dt.date], QuerySet]] = [
    _attended_since,
    _member_since,
    _consent_since,
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


def follow_up_files_to_purge(*, today: dt.date | None = None) -> list:
    """Follow-up files whose last contact is older than the follow-up retention period.

    HOOK (issue 5): follow-up files do not exist yet. The app that adds them returns here
    the files whose last contact is before ``years_before(today, follow_up_years())``, and
    ``purge`` erases their notes (keeping dates and kinds for the desk figures)."""
    return []


@dataclass
class PurgeResult:
    cutoff: dt.date
    person_ids: list[int] = field(default_factory=list)
    follow_up_ids: list[int] = field(default_factory=list)
    done: bool = False


def purge(*, today: dt.date | None = None, dry_run: bool = True, by=None) -> PurgeResult:
    """Anonymise every person past the retention period (``dry_run``: only list them)."""
    from tisserand.privacy.services import person_anonymise

    today = today or timezone.localdate()
    result = PurgeResult(
        cutoff=years_before(today, inactive_years()),
        person_ids=list(persons_to_anonymise(today=today).values_list("pk", flat=True)),
        follow_up_ids=[f.pk for f in follow_up_files_to_purge(today=today)],
    )
    if dry_run:
        return result
    with transaction.atomic():
        for person in Person.objects.filter(pk__in=result.person_ids):
            person_anonymise(
                person=person, by=by, reason=Anonymisation.Reason.RETENTION, today=today
            )
        audit.record(
            "purge", actor=by,
            note=(
                f"{len(result.person_ids)} personne(s) anonymisée(s), sans contact depuis "
                f"le {result.cutoff:%d/%m/%Y}"
            ),
        )
    result.done = True
    return result

