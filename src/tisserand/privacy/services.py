"""Writes of the privacy app: consents and anonymisation.

Anonymisation erases who a person is and keeps what they took part in. The person row
stays, with its attendances, its household and role in it, its schooling, its sex, birth
date and QPV flag: these are what the activity report counts (persons, families, fathers,
ages, school levels, residents of priority areas), so every past report keeps exactly its
figures after anonymisation. Only the identity goes: names (replaced by "Anonyme" and a
neutral number), phone, email, free notes, and the consents. When every member of a
household has been anonymised, the household's name, address and phone go too.

The person's follow-up files lose their free texts (the file's notes, the contacts' notes,
the details of the referrals' outcomes) and their appointments lose their subject; dates,
modes, durations, themes, partners, outcomes, kinds of request and statuses stay, so the
desk and follow-up figures keep theirs too.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tisserand.people.models import Anonymisation, Consent, Household, Person
from tisserand.privacy import audit

ANONYMOUS_FIRST_NAME = "Anonyme"
ERASED_PERSON_FIELDS = ("first_name", "last_name", "phone", "email", "notes")
ERASED_HOUSEHOLD_FIELDS = ("name", "address", "phone")


@transaction.atomic
def consent_record(
    *, person: Person, kind: str, given: bool, on: dt.date, by=None
) -> Consent:
    """Record a person's choice for one kind of consent, as given on a date."""
    if is_anonymised(person):
        raise ValidationError(
            _("Cette personne a été anonymisée : on ne peut plus recueillir son consentement.")
        )
    consent = Consent(person=person, kind=kind, given=given, recorded_on=on, recorded_by=by)
    consent.full_clean()
    consent.save()
    return consent


def is_anonymised(person: Person) -> bool:
    return Anonymisation.objects.filter(person_id=person.pk).exists()


@transaction.atomic
def person_anonymise(
    *, person: Person, by=None, reason: str = Anonymisation.Reason.REQUEST,
    today: dt.date | None = None,
) -> Person:
    """Erase a person's identity and keep their links (see the module docstring).

    Idempotent: a person already anonymised is returned unchanged, with no new entry in
    the audit trail.
    """
    person = Person.objects.select_for_update().get(pk=person.pk)
    if is_anonymised(person):
        return person
    mark = Anonymisation.objects.create(
        person=person, anonymised_on=today or timezone.localdate(), reason=reason
    )
    person.first_name = ANONYMOUS_FIRST_NAME
    person.last_name = f"n° {mark.pk}"
    person.phone = ""
    person.email = ""
    person.notes = ""
    # Only the erased fields are validated and written: an old inconsistency elsewhere in
    # the record (a birth year not matching the date...) must not block an erasure.
    person.clean_fields(exclude=_other_fields(Person, ERASED_PERSON_FIELDS))
    person.save(update_fields=[*ERASED_PERSON_FIELDS, "search_name"])
    person.consents.all().delete()
    _follow_up_and_appointments_erase(person, by=by, on=mark.anonymised_on)
    if person.household_id:
        _household_erase_if_all_anonymised(person.household_id, by=by)
    audit.record(
        "anonymise", actor=by, obj=person, fields=ERASED_PERSON_FIELDS,
        note=str(Anonymisation.Reason(reason).label),
    )
    return person


def _follow_up_and_appointments_erase(person: Person, *, by, on: dt.date) -> None:
    """Free texts of the person's follow-up files and appointment subjects (one audit
    entry per record erased, naming the fields, as for the person)."""
    from tisserand.desks.models import Appointment
    from tisserand.followup.models import FollowUpFile
    from tisserand.followup.services import follow_up_notes_erase

    files = FollowUpFile.objects.filter(person=person).order_by("pk")
    for file_id in follow_up_notes_erase(files=files, on=on):
        audit.record(
            "anonymise", actor=by, obj=FollowUpFile(pk=file_id), fields=("notes",),
            note=_("notes du dossier, de ses contacts et suites des orientations"),
        )
    appointments = Appointment.objects.filter(person=person).exclude(subject="").order_by("pk")
    erased = list(appointments.values_list("pk", flat=True))
    Appointment.objects.filter(pk__in=erased).update(subject="")
    for appointment_id in erased:
        audit.record("anonymise", actor=by, obj=Appointment(pk=appointment_id),
                     fields=("subject",))


def _household_erase_if_all_anonymised(household_id: int, *, by=None) -> None:
    """A household whose members are all anonymised loses its name, address and phone.

    Its composition, postcode, city and neighbourhood stay (coarse, and used by figures);
    its family quotients and memberships stay (tariff and membership counts)."""
    members = Person.objects.filter(household_id=household_id)
    if members.filter(anonymisation__isnull=True).exists():
        return
    household = Household.objects.select_for_update().get(pk=household_id)
    household.name = f"Foyer anonyme n° {household.pk}"
    household.address = ""
    household.phone = ""
    household.clean_fields(exclude=_other_fields(Household, ERASED_HOUSEHOLD_FIELDS))
    household.save(update_fields=[*ERASED_HOUSEHOLD_FIELDS, "search_name"])
    audit.record("anonymise", actor=by, obj=household, fields=ERASED_HOUSEHOLD_FIELDS)


def _other_fields(model, kept: tuple[str, ...]) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if f.name not in kept]
