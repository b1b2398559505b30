"""Writes of the privacy app: consents and anonymisation.

Anonymisation erases who a person is and keeps what they took part in. The person row
stays, with its attendances, its household and role in it, its schooling, its sex, birth
year and QPV flag: these are what the activity report counts (persons, families, fathers,
ages, school levels, residents of priority areas), so every past report keeps exactly its
figures after anonymisation. Only the identity goes: names (replaced by "Anonyme" and a
neutral number), phone, email, free notes, and the consents. When every member of a
household has been anonymised, the household's name, address and phone go too.

The exact birth date goes as well (``generalised_birth_date``): it keeps its year, and
only as much of the day as the reports need to give the same ages.

The person's name, phone and e-mail are then looked for in every free text of the
database (session journals, other persons' notes, evaluation answers, the admin's log,
the audit trail...) and in the reminders outbox, and replaced by « [personne anonymisée] »
(``tisserand.privacy.redaction``): one audit entry per record changed, naming the fields.

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
from tisserand.privacy import audit, redaction

ANONYMOUS_FIRST_NAME = "Anonyme"
ERASED_PERSON_FIELDS = ("first_name", "last_name", "phone", "email", "notes")
# The report's standard periods start on these days (calendar year, season): the
# follow-up figures take ages on the first day of the period.
PERIOD_STARTS = ((1, 1), (9, 1))
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
    return persons_anonymise(persons=[person], by=by, reason=reason, today=today)[0]


@transaction.atomic
def persons_anonymise(
    *, persons, by=None, reason: str = Anonymisation.Reason.REQUEST,
    today: dt.date | None = None,
) -> list[Person]:
    """``person_anonymise`` for several persons, with a single pass over the free texts
    of the database (the purge anonymises many persons at once)."""
    done, identities = [], []
    for person in persons:
        person = Person.objects.select_for_update().get(pk=person.pk)
        if not is_anonymised(person):
            identities.append(redaction.identity_of(person))
            _person_erase(person, by=by, reason=reason, today=today)
        done.append(person)
    if identities:
        free_texts_redact(identities, by=by)
    return done


def _person_erase(person: Person, *, by, reason, today) -> None:
    mark = Anonymisation.objects.create(
        person=person, anonymised_on=today or timezone.localdate(), reason=reason
    )
    person.first_name = ANONYMOUS_FIRST_NAME
    person.last_name = f"n° {mark.pk}"
    person.phone = ""
    person.email = ""
    person.notes = ""
    fields = list(ERASED_PERSON_FIELDS)
    generalised = generalised_birth_date(person)
    if generalised != person.birth_date:
        person.birth_date = generalised
        fields.append("birth_date")
    # Only the erased fields are validated and written: an old inconsistency elsewhere in
    # the record (a birth year not matching the date...) must not block an erasure.
    person.clean_fields(exclude=_other_fields(Person, ERASED_PERSON_FIELDS))
    person.save(update_fields=[*fields, "search_name", "phone_normalised"])
    person.consents.all().delete()
    _follow_up_and_appointments_erase(person, by=by, on=mark.anonymised_on)
    if person.household_id:
        _household_erase_if_all_anonymised(person.household_id, by=by)
    audit.record(
        "anonymise", actor=by, obj=person, fields=fields,
        note=str(Anonymisation.Reason(reason).label),
    )


def generalised_birth_date(person: Person) -> dt.date | None:
    """The birth date kept after anonymisation: the same year, and the earliest day of it
    that gives the person the same age on every day the reports take an age.

    The report takes ages on each person's first attendance of a group (centre, sector,
    action, atelier) in the period, and the follow-up figures on the first day of the
    period. For the standard periods (calendar years and seasons) these days are the
    person's first attendance of each atelier in each year and each season, and the 1st
    of January and of September. Between two such days (taken by month and day), every
    birthday gives the same ages: the birth date becomes the first day after the last of
    them that precedes the birthday (1 January when none does). What remains is the
    year, and what the published age bands already said."""
    born = person.birth_date
    if born is None:
        return None
    from tisserand.activities.models import Attendance, Session

    held = Attendance.objects.filter(person=person, session__status=Session.Status.HELD)
    days = set()
    for activity_id, day in held.values_list("session__activity_id", "session__date"):
        days.add((activity_id, day))
    firsts: dict[tuple, dt.date] = {}
    for activity_id, day in days:
        season = day.year if day.month >= 9 else day.year - 1
        for key in ((activity_id, "year", day.year), (activity_id, "season", season)):
            if key not in firsts or day < firsts[key]:
                firsts[key] = day
    month_days = {(day.month, day.day) for day in firsts.values()} | set(PERIOD_STARTS)
    before = [md for md in month_days if md < (born.month, born.day)]
    if not before:
        return dt.date(born.year, 1, 1)
    month, day = max(before)
    try:
        return dt.date(born.year, month, day) + dt.timedelta(days=1)
    except ValueError:  # 29 February of a year that has none: the day after is 1 March
        return dt.date(born.year, 3, 1)


def free_texts_redact(identities, *, by=None) -> list[redaction.Finding]:
    """Replace the identities in every free text of the database and of the reminders
    outbox; one audit entry per record changed (its fields, never their values)."""
    from tisserand.desks.reminders.backends import outbox_redact

    redactor = redaction.Redactor(identities)
    changed = redaction.apply(redactor, redaction.scan(redactor))
    for finding in changed:
        audit.record(
            "anonymise", actor=by, obj=finding.model(pk=finding.pk),
            fields=sorted(finding.fields), note=_("identité retirée d'un texte libre"),
        )
    messages = outbox_redact(redactor.redact)
    if messages:
        audit.record(
            "anonymise", actor=by,
            note=_("boîte d'envoi des rappels : %(n)s message(s)") % {"n": messages},
        )
    return changed


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
    household.save(update_fields=[*ERASED_HOUSEHOLD_FIELDS, "search_name", "phone_normalised"])
    audit.record("anonymise", actor=by, obj=household, fields=ERASED_HOUSEHOLD_FIELDS)


def _other_fields(model, kept: tuple[str, ...]) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if f.name not in kept]
