"""Writes on persons, households, family quotients, memberships and schooling."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tisserand.audit.services import (
    field_values,
    last_change,
    log_create,
    log_update,
    object_label,
    stored_values,
)
from tisserand.core.models import Partner
from tisserand.core.versioning import claim_version
from tisserand.people.models import (
    FamilyQuotient,
    Household,
    Membership,
    Person,
    SchoolEnrollment,
)
from tisserand.people.selectors import person_homonyms


class PossibleDuplicate(ValidationError):
    """A person with the same name and birth date already exists."""

    def __init__(self, homonyms):
        self.homonyms = list(homonyms)
        super().__init__(
            _(
                "Une personne du même nom, née le même jour (ou dont la date de naissance "
                "n'est pas connue), existe déjà. Vérifiez qu'il ne s'agit pas d'elle avant "
                "d'enregistrer."
            ),
            code="possible_duplicate",
        )


PERSON_FIELDS = (
    "first_name", "last_name", "sex", "birth_date", "birth_year", "household",
    "household_role", "phone", "email", "priority_area", "notes",
)

HOUSEHOLD_FIELDS = (
    "name", "composition", "address", "postcode", "city", "neighbourhood", "phone",
)
ENROLLMENT_FIELDS = ("school_year", "school", "level")


@transaction.atomic
def person_create(*, allow_homonym: bool = False, **fields) -> Person:
    """Create a person. Refuses a likely duplicate unless ``allow_homonym`` is given."""
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    fields = {k: v for k, v in fields.items() if v is not None}
    person = Person(**fields)
    person.full_clean()
    if not allow_homonym:
        homonyms = person_homonyms(
            first_name=person.first_name,
            last_name=person.last_name,
            birth_date=person.birth_date,
            birth_year=person.birth_year,
        )
        if homonyms:
            raise PossibleDuplicate(homonyms)
    person.save()
    log_create(person, PERSON_FIELDS)
    return person


@transaction.atomic
def person_update(*, person: Person, expected_version: int | None = None, **fields) -> Person:
    """Save the person's fields; ``EditConflict`` if someone saved the person since
    ``expected_version`` (the version the user's form started from)."""
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    # An anonymised identity stays erased (the privacy app marks it): editing it back
    # would re-identify the person.
    if Person.objects.filter(pk=person.pk, anonymisation__isnull=False).exists():
        raise ValidationError(
            _("Cette personne a été anonymisée : sa fiche ne peut plus être modifiée.")
        )
    before = stored_values(person, PERSON_FIELDS)
    for name, value in fields.items():
        setattr(person, name, value)
    person.full_clean()
    claim_version(person, expected_version, fields=fields, last_change=lambda: last_change(person))
    person.save()
    log_update(person, before)
    return person


@transaction.atomic
def household_create(**fields) -> Household:
    household = Household(**fields)
    household.full_clean()
    household.save()
    log_create(household, HOUSEHOLD_FIELDS)
    return household


@transaction.atomic
def household_update(
    *, household: Household, expected_version: int | None = None, **fields
) -> Household:
    """Save the household's fields; ``EditConflict`` as for ``person_update``."""
    before = stored_values(household, HOUSEHOLD_FIELDS)
    for name, value in fields.items():
        setattr(household, name, value)
    household.full_clean()
    claim_version(household, expected_version, fields=fields,
                  last_change=lambda: last_change(household))
    household.save()
    log_update(household, before)
    return household


@transaction.atomic
def family_quotient_add(
    *, household: Household, amount: int, valid_from: dt.date, valid_to: dt.date
) -> FamilyQuotient:
    quotient = FamilyQuotient(
        household=household, amount=amount, valid_from=valid_from, valid_to=valid_to
    )
    quotient.full_clean()
    quotient.save()
    log_create(quotient, ("amount", "valid_from", "valid_to"), note=object_label(household))
    return quotient


@transaction.atomic
def membership_record(
    *, household: Household, season: int, paid_on: dt.date, amount: Decimal | int = 0
) -> Membership:
    if Membership.objects.filter(household=household, season=season).exists():
        raise ValidationError(
            _("Ce foyer a déjà adhéré pour la saison %(season)s.")
            % {"season": f"{season}-{season + 1}"}
        )
    membership = Membership(household=household, season=season, paid_on=paid_on, amount=amount)
    membership.full_clean()
    membership.save()
    log_create(
        membership, ("season", "paid_on", "amount"), note=object_label(household)
    )
    return membership


@transaction.atomic
def enrollment_set(
    *, person: Person, school_year: int, school: Partner | None, level: str
) -> SchoolEnrollment:
    """Record (or correct) where a child is schooled for a school year."""
    if school is not None and school.kind != Partner.Kind.SCHOOL:
        raise ValidationError(_("Ce partenaire n'est pas une école."))
    enrollment, created = SchoolEnrollment.objects.get_or_create(
        person=person, school_year=school_year, defaults={"school": school, "level": level}
    )
    before = field_values(enrollment, ENROLLMENT_FIELDS)
    enrollment.school = school
    enrollment.level = level
    enrollment.full_clean()
    enrollment.save()
    if created:
        log_create(enrollment, ENROLLMENT_FIELDS, note=object_label(person))
    else:
        log_update(enrollment, before, note=object_label(person))
    return enrollment
