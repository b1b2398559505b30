"""Writes on persons, households, family quotients, memberships and schooling."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tisserand.core.models import Partner
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
                "Une personne du même nom, née le même jour, existe déjà. "
                "Vérifiez qu'il ne s'agit pas d'elle avant d'enregistrer."
            ),
            code="possible_duplicate",
        )


PERSON_FIELDS = (
    "first_name", "last_name", "sex", "birth_date", "birth_year", "household",
    "household_role", "phone", "email", "priority_area", "notes",
)


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
    return person


@transaction.atomic
def person_update(*, person: Person, **fields) -> Person:
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(person, name, value)
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def household_create(**fields) -> Household:
    household = Household(**fields)
    household.full_clean()
    household.save()
    return household


@transaction.atomic
def household_update(*, household: Household, **fields) -> Household:
    for name, value in fields.items():
        setattr(household, name, value)
    household.full_clean()
    household.save()
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
    return membership


@transaction.atomic
def enrollment_set(
    *, person: Person, school_year: int, school: Partner | None, level: str
) -> SchoolEnrollment:
    """Record (or correct) where a child is schooled for a school year."""
    if school is not None and school.kind != Partner.Kind.SCHOOL:
        raise ValidationError(_("Ce partenaire n'est pas une école."))
    enrollment, _created = SchoolEnrollment.objects.get_or_create(
        person=person, school_year=school_year, defaults={"school": school, "level": level}
    )
    enrollment.school = school
    enrollment.level = level
    enrollment.full_clean()
    enrollment.save()
    return enrollment
