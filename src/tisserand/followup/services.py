"""Writes on follow-up files: opening, updating, contacts, referrals, closing, reopening,
and the erasure of their notes (anonymisation and retention, called by ``privacy``).

Every service is atomic, validates with ``full_clean()`` and writes an audit entry naming
the fields, never their values (the notes are confidential). ``last_contact_on`` is kept
here and nowhere else: the latest contact's date, else the opening date.
"""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tisserand.activities.models import Action
from tisserand.audit.models import AuditEntry
from tisserand.audit.services import (
    filled_fields,
    last_change,
    log_action,
    log_update,
    object_label,
    stored_values,
)
from tisserand.core.models import Contributor, Partner
from tisserand.core.versioning import claim_version
from tisserand.followup.models import Contact, FollowUpFile, Referral, Theme
from tisserand.people.models import Person

FILE_FIELDS = ("person", "whole_household", "action", "referent", "opened_on", "notes")
UPDATE_FIELDS = ("whole_household", "action", "referent", "notes")
CONTACT_FIELDS = ("date", "mode", "minutes", "note")
REFERRAL_FIELDS = ("date", "partner", "reason")
OUTCOME_FIELDS = ("outcome", "outcome_note")
STATUS_FIELDS = ("status", "closed_on")


class FileAlreadyOpen(ValidationError):
    """The person already has an open file for this action: the screen links to it."""

    def __init__(self, existing: FollowUpFile):
        self.existing = existing
        super().__init__(
            _(
                "Cette personne a déjà un dossier en cours pour cette action (dossier n° "
                "%(number)s, ouvert le %(date)s) : complétez-le plutôt que d'en ouvrir un "
                "second."
            )
            % {"number": existing.pk, "date": f"{existing.opened_on:%d/%m/%Y}"},
            code="file_already_open",
        )


def _open_file_of(person_id: int, action_id: int | None, *, exclude=None) -> FollowUpFile | None:
    # ``action=None`` is matched explicitly: the database constraint treats NULLs as
    # distinct, so two open files "without action" would otherwise both pass.
    files = FollowUpFile.objects.filter(
        person_id=person_id, action_id=action_id, status=FollowUpFile.Status.OPEN
    )
    if exclude is not None:
        files = files.exclude(pk=exclude.pk)
    return files.order_by("pk").first()


def _check_not_anonymised(person_id: int) -> None:
    if Person.objects.filter(pk=person_id, anonymisation__isnull=False).exists():
        raise ValidationError(
            _("Cette personne a été anonymisée : son accompagnement ne peut plus être complété.")
        )


def _locked(file: FollowUpFile) -> FollowUpFile:
    """The file as stored, locked until the end of the transaction (concurrent writes on
    one file, such as two contacts recorded at once, run one after the other)."""
    return FollowUpFile.objects.select_for_update().get(pk=file.pk)


def _log_create(obj, fields: list[str], *, by, note: str) -> None:
    # Signed by ``by`` when given (a command, a test), else by the request's user.
    log_action(action=AuditEntry.Action.CREATE, obj=obj, fields=fields, note=note, actor=by)


def _check_open(file: FollowUpFile, message: str) -> None:
    if not file.is_open:
        raise ValidationError(message)


@transaction.atomic
def follow_up_open(
    *,
    person: Person,
    opened_on: dt.date,
    action: Action | None = None,
    referent: Contributor | None = None,
    whole_household: bool = False,
    notes: str = "",
    by=None,
) -> FollowUpFile:
    """Open a file; refused when the person already has an open one for the same action."""
    # Locking the person serialises two openings for them (see ``_open_file_of``).
    person = Person.objects.select_for_update().get(pk=person.pk)
    _check_not_anonymised(person.pk)
    existing = _open_file_of(person.pk, action.pk if action else None)
    if existing is not None:
        raise FileAlreadyOpen(existing)
    file = FollowUpFile(
        person=person, opened_on=opened_on, last_contact_on=opened_on, action=action,
        referent=referent, whole_household=whole_household, notes=notes, created_by=by,
    )
    file.full_clean()
    try:
        with transaction.atomic():
            file.save()
    except IntegrityError:  # another opening won the race
        raise FileAlreadyOpen(_open_file_of(person.pk, file.action_id)) from None
    _log_create(file, filled_fields(file, FILE_FIELDS), by=by, note=object_label(person))
    return file


@transaction.atomic
def follow_up_update(
    *, file: FollowUpFile, expected_version: int | None = None, **fields
) -> FollowUpFile:
    """Change the notes, referent, action or household scope of a file; ``EditConflict``
    if someone saved it since ``expected_version`` (the version the form started from)."""
    unknown = set(fields) - set(UPDATE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    stored = _locked(file)
    _check_not_anonymised(stored.person_id)
    before = stored_values(stored, UPDATE_FIELDS)
    for name, value in fields.items():
        setattr(stored, name, value)
    if stored.is_open and "action" in fields:
        existing = _open_file_of(stored.person_id, stored.action_id, exclude=stored)
        if existing is not None:
            raise FileAlreadyOpen(existing)
    stored.full_clean()
    claim_version(stored, file.version if expected_version is None else expected_version,
                  fields=fields, last_change=lambda: last_change(stored))
    stored.save()
    log_update(stored, before)
    return stored


def _refresh_last_contact(file: FollowUpFile) -> None:
    """A date derived from the contacts, not typed in the file's form: updated without
    moving the file's version (someone editing its notes meanwhile loses nothing)."""
    latest = file.contacts.aggregate(latest=Max("date"))["latest"]
    file.last_contact_on = max(latest or file.opened_on, file.opened_on)
    FollowUpFile.objects.filter(pk=file.pk).update(last_contact_on=file.last_contact_on)


@transaction.atomic
def contact_add(
    *,
    file: FollowUpFile,
    date: dt.date,
    mode: str,
    minutes: int | None = None,
    themes: Iterable[Theme] = (),
    note: str = "",
    by=None,
) -> Contact:
    """Record a contact; the file's last contact date follows the latest contact."""
    file = _locked(file)
    _check_not_anonymised(file.person_id)
    _check_open(file, _("Ce dossier est clos : rouvrez-le pour ajouter un contact."))
    contact = Contact(file=file, date=date, mode=mode, minutes=minutes, note=note,
                      recorded_by=by)
    contact.full_clean()
    contact.save()
    themes = list(themes)
    contact.themes.set(themes)
    _refresh_last_contact(file)
    fields = filled_fields(contact, CONTACT_FIELDS) + (["themes"] if themes else [])
    _log_create(contact, fields, by=by, note=object_label(file))
    return contact


@transaction.atomic
def referral_add(
    *, file: FollowUpFile, date: dt.date, partner: Partner, reason: str, by=None
) -> Referral:
    """Orient the person towards a partner (the outcome is recorded later)."""
    file = _locked(file)
    _check_not_anonymised(file.person_id)
    _check_open(file, _("Ce dossier est clos : rouvrez-le pour orienter la personne."))
    if date and date < file.opened_on:
        raise ValidationError(
            {"date": _("La date de l'orientation précède l'ouverture du dossier.")}
        )
    referral = Referral(file=file, date=date, partner=partner, reason=reason, recorded_by=by)
    referral.full_clean()
    referral.save()
    _log_create(referral, filled_fields(referral, REFERRAL_FIELDS), by=by,
                note=object_label(file))
    return referral


@transaction.atomic
def referral_outcome_set(*, referral: Referral, outcome: str, outcome_note: str = "") -> Referral:
    """What came of a referral (also on a closed file: the answer often comes later)."""
    referral = Referral.objects.select_for_update().select_related("file").get(pk=referral.pk)
    _check_not_anonymised(referral.file.person_id)
    before = stored_values(referral, OUTCOME_FIELDS)
    referral.outcome = outcome
    referral.outcome_note = outcome_note
    referral.full_clean()
    referral.save()
    log_update(referral, before, note=object_label(referral.file))
    return referral


@transaction.atomic
def follow_up_close(*, file: FollowUpFile, closed_on: dt.date) -> FollowUpFile:
    """Close a file on a date between its last contact and today."""
    file = _locked(file)
    _check_open(file, _("Ce dossier est déjà clos."))
    if closed_on > timezone.localdate():
        raise ValidationError({"closed_on": _("La date de clôture est dans le futur.")})
    if closed_on < file.last_contact_on and closed_on >= file.opened_on:
        raise ValidationError(
            {"closed_on": _("La date de clôture précède le dernier contact (le %(date)s).")
             % {"date": f"{file.last_contact_on:%d/%m/%Y}"}}
        )
    before = stored_values(file, STATUS_FIELDS)
    file.status = FollowUpFile.Status.CLOSED
    file.closed_on = closed_on
    file.full_clean()  # also refuses a date before the opening
    file.save()
    log_update(file, before)
    return file


@transaction.atomic
def follow_up_reopen(*, file: FollowUpFile) -> FollowUpFile:
    """Reopen a closed file, unless another one is open for the same person and action."""
    file = _locked(file)
    _check_not_anonymised(file.person_id)
    if file.is_open:
        raise ValidationError(_("Ce dossier est déjà en cours."))
    if file.notes_erased_on:
        raise ValidationError(
            _(
                "Les notes de ce dossier ont été effacées à la fin de la durée de "
                "conservation : ouvrez plutôt un nouveau dossier."
            )
        )
    existing = _open_file_of(file.person_id, file.action_id, exclude=file)
    if existing is not None:
        raise FileAlreadyOpen(existing)
    before = stored_values(file, STATUS_FIELDS)
    file.status = FollowUpFile.Status.OPEN
    file.closed_on = None
    file.full_clean()
    file.save()
    log_update(file, before)
    return file


def follow_up_notes_erase(*, files: QuerySet[FollowUpFile], on: dt.date) -> list[int]:
    """Erase the free texts of these files: their notes, their contacts' notes and the
    details of their referrals' outcomes. Dates, modes, durations, themes, partners and
    outcomes stay (the figures read them). Returns the ids of the files erased.

    Called inside the caller's transaction (anonymisation, retention purge), which writes
    the audit entry; bulk updates, so the cost does not grow with the number of contacts.
    """
    ids = list(files.values_list("pk", flat=True))
    if not ids:
        return []
    Contact.objects.filter(file_id__in=ids).exclude(note="").update(note="")
    Referral.objects.filter(file_id__in=ids).exclude(outcome_note="").update(outcome_note="")
    FollowUpFile.objects.filter(pk__in=ids).update(notes="", notes_erased_on=on)
    return ids
