"""Forms of the people screens: model validation in French, writes through services."""

import datetime as dt

import pytest
from django import forms

from tisserand.core.periods import season_of
from tisserand.people.forms import (
    EnrollmentForm,
    FamilyQuotientForm,
    MemberAddForm,
    MembershipForm,
    PersonForm,
)
from tisserand.people.models import FamilyQuotient, Person
from tisserand.testing.factories import (
    HouseholdFactory,
    PartnerFactory,
    PersonFactory,
    SchoolFactory,
)

pytestmark = pytest.mark.django_db


def person_data(**overrides):
    data = {
        "first_name": "Hélène", "last_name": "Lefèvre", "sex": "F", "birth_date": "1985-05-17",
        "birth_year": "", "household": "", "household_role": "", "phone": "", "email": "",
        "priority_area": "unknown", "notes": "",
    }
    data.update(overrides)
    return data


def test_confirmation_box_is_hidden_until_a_homonym_is_found():
    form = PersonForm()
    assert isinstance(form.fields["confirm_homonym"].widget, forms.HiddenInput)


def test_homonym_is_reported_on_the_form_and_nothing_saved():
    existing = PersonFactory(first_name="Hélène", last_name="Lefèvre",
                             birth_date=dt.date(1985, 5, 17))
    form = PersonForm(person_data(first_name="HELENE", last_name="lefevre"))
    assert form.is_valid()
    assert form.submit() is None
    assert form.homonyms == [existing]
    assert isinstance(form.fields["confirm_homonym"].widget, forms.CheckboxInput)
    assert "existe déjà" in form.non_field_errors()[0]
    assert Person.objects.count() == 1


def test_confirmed_homonym_is_saved():
    PersonFactory(first_name="Hélène", last_name="Lefèvre", birth_date=dt.date(1985, 5, 17))
    form = PersonForm(person_data(confirm_homonym="on"))
    assert form.is_valid()
    person = form.submit()
    assert person.pk is not None
    assert Person.objects.count() == 2


def test_same_name_other_birth_date_is_no_homonym():
    PersonFactory(first_name="Hélène", last_name="Lefèvre", birth_date=dt.date(1990, 1, 1))
    form = PersonForm(person_data())
    assert form.is_valid()
    assert form.submit() is not None
    assert form.homonyms == []


def test_future_birth_year_is_a_french_field_error():
    form = PersonForm(person_data(birth_date="", birth_year=str(dt.date.today().year + 1)))
    assert not form.is_valid()
    assert form.errors["birth_year"] == ["L'année de naissance ne peut pas être dans le futur."]


def test_birth_year_contradicting_birth_date_is_refused():
    form = PersonForm(person_data(birth_year="1990"))
    assert not form.is_valid()
    assert "ne correspond pas" in form.errors["birth_year"][0]


def test_edit_form_has_no_confirmation_box():
    assert "confirm_homonym" not in PersonForm(instance=PersonFactory()).fields


def test_quotient_form_shows_the_overlap_refusal():
    household = HouseholdFactory()
    FamilyQuotient.objects.create(household=household, amount=400,
                                  valid_from=dt.date(2020, 1, 1), valid_to=dt.date(2020, 12, 31))
    form = FamilyQuotientForm(
        {"amount": "450", "valid_from": "2020-12-31", "valid_to": "2021-06-30"},
        household=household,
    )
    assert form.is_valid()
    assert form.submit() is None
    assert "chevaucher" in form.non_field_errors()[0]
    assert household.quotients.count() == 1


def test_quotient_form_accepts_french_dates():
    household = HouseholdFactory()
    form = FamilyQuotientForm(
        {"amount": "450", "valid_from": "01/01/2021", "valid_to": "31/12/2021"},
        household=household,
    )
    assert form.is_valid(), form.errors
    assert form.submit().valid_to == dt.date(2021, 12, 31)


def test_membership_form_defaults_to_the_current_season():
    form = MembershipForm(household=HouseholdFactory())
    assert form["season"].value() == season_of(dt.date.today())


def test_second_membership_same_season_is_a_form_error():
    household = HouseholdFactory()
    data = {"season": "2020", "paid_on": "2020-09-10", "amount": "12"}
    first = MembershipForm(data, household=household)
    assert first.is_valid() and first.submit() is not None
    second = MembershipForm(data, household=household)
    assert second.is_valid()
    assert second.submit() is None
    assert second.non_field_errors() == ["Ce foyer a déjà adhéré pour la saison 2020-2021."]


def test_enrollment_form_offers_schools_only():
    school = SchoolFactory(name="École Cornette")
    association = PartnerFactory(name="Amicale")
    form = EnrollmentForm(
        {"school_year": "2020", "school": association.pk, "level": "CP"},
        person=PersonFactory(),
    )
    assert not form.is_valid()
    assert "school" in form.errors
    assert list(form.fields["school"].queryset) == [school]


def test_member_add_form_moves_the_person_with_their_role():
    household = HouseholdFactory()
    person = PersonFactory(household=HouseholdFactory())
    form = MemberAddForm({"person": person.pk, "household_role": "other"}, household=household)
    assert form.is_valid()
    form.submit()
    person.refresh_from_db()
    assert (person.household, person.household_role) == (household, "other")
