"""Reception: find a person by phone or by household, numbers and birth years checked,
the household of a person chosen by search."""


import pytest
from django.urls import reverse

from tisserand.people.models import Household, Person
from tisserand.testing.factories import HouseholdFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def martins():
    """Two "Martin" households, told apart by their address and members."""
    rue = HouseholdFactory(name="Martin", address="3 rue des Tisserands", phone="03 20 11 22 33")
    place = HouseholdFactory(name="Martin", address="8 place du Marché")
    lea = PersonFactory(first_name="Léa", last_name="Martin", household=rue,
                        phone="06 12 34 56 78")
    PersonFactory(first_name="Hugo", last_name="Martin", household=rue)
    PersonFactory(first_name="Inès", last_name="Martin", household=place)
    return {"rue": rue, "place": place, "lea": lea}


def _names(response) -> str:
    return response.content.decode()


def test_the_normalised_number_is_stored_on_save(martins):
    assert Person.objects.get(pk=martins["lea"].pk).phone_normalised == "+33612345678"
    assert Household.objects.get(pk=martins["rue"].pk).phone_normalised == "+33320112233"


@pytest.mark.parametrize("query", ["06 12 34 56 78", "+33612345678", "0033 6 12 34 56 78",
                                   "5678", "06 12 34"])
def test_a_person_is_found_by_phone_however_typed(client_for, accueil_user, martins, query):
    page = _names(client_for(accueil_user).get(reverse("person_list"), {"q": query}))
    assert "Martin Léa" in page
    assert "Martin Inès" not in page and "Martin Hugo" not in page


def test_members_are_found_by_their_households_number(client_for, accueil_user, martins):
    page = _names(client_for(accueil_user).get(reverse("person_list"), {"q": "03.20.11.22.33"}))
    assert "Martin Léa" in page and "Martin Hugo" in page
    assert "Martin Inès" not in page


def test_persons_are_found_by_their_households_address(client_for, accueil_user, martins):
    page = _names(client_for(accueil_user).get(reverse("person_list"), {"q": "place marché"}))
    assert "Martin Inès" in page
    assert "Martin Léa" not in page


def test_households_are_found_by_address_and_phone(client_for, accueil_user, martins):
    client = client_for(accueil_user)
    by_address = _names(client.get(reverse("household_list"), {"q": "tisserands"}))
    assert f'href="{reverse("household_detail", args=[martins["rue"].pk])}"' in by_address
    assert f'href="{reverse("household_detail", args=[martins["place"].pk])}"' not in by_address
    by_member_phone = _names(client.get(reverse("household_list"), {"q": "0612345678"}))
    assert f'href="{reverse("household_detail", args=[martins["rue"].pk])}"' in by_member_phone


def _person_data(**overrides):
    data = {"first_name": "Nadia", "last_name": "Benali", "sex": "F", "birth_date": "",
            "birth_year": "1990", "household": "", "household_role": "", "phone": "",
            "email": "", "priority_area": "unknown", "notes": ""}
    data.update(overrides)
    return data


def test_a_phone_that_is_no_number_is_refused_in_french(client_for, accueil_user):
    response = client_for(accueil_user).post(reverse("person_create"),
                                             _person_data(phone="pas un numéro"))
    assert response.status_code == 200
    assert "Numéro de téléphone non reconnu" in _names(response)
    assert not Person.objects.exists()


def test_a_foreign_number_with_its_country_code_is_accepted(client_for, accueil_user):
    response = client_for(accueil_user).post(reverse("person_create"),
                                             _person_data(phone="+44 20 7946 0958"))
    assert response.status_code == 302
    assert Person.objects.get().phone_normalised == "+442079460958"


def test_a_household_phone_is_checked_too(client_for, accueil_user):
    response = client_for(accueil_user).post(
        reverse("household_create"), {"name": "Famille Roy", "phone": "appeler le matin"}
    )
    assert "Numéro de téléphone non reconnu" in _names(response)
    assert not Household.objects.exists()


@pytest.mark.parametrize(("field", "value", "message"), [
    ("birth_year", "1800", "L&#x27;année de naissance doit être 1900 ou après."),
    # Outside the years any date may take: the form's bounded date field answers first.
    ("birth_date", "1899-12-31", "Date hors limites : entre 1900 et 2100."),
    ("birth_date", "0001-01-01", "Date hors limites : entre 1900 et 2100."),
    ("birth_date", "9999-12-31", "Date hors limites : entre 1900 et 2100."),
    ("birth_date", "2099-12-31", "La date de naissance ne peut pas être dans le futur."),
])
def test_birth_dates_and_years_outside_1900_to_today_are_refused(
    client_for, accueil_user, field, value, message
):
    data = _person_data(**{"birth_year": "", field: value})
    response = client_for(accueil_user).post(reverse("person_create"), data)
    assert response.status_code == 200
    assert message in _names(response)
    assert not Person.objects.exists()


def test_birth_year_1900_is_accepted(client_for, accueil_user):
    response = client_for(accueil_user).post(reverse("person_create"),
                                             _person_data(birth_year="1900"))
    assert response.status_code == 302


# --- the household chosen by search ----------------------------------------------------


def test_the_person_form_has_no_list_of_every_household(client_for, accueil_user, martins):
    page = _names(client_for(accueil_user).get(reverse("person_create")))
    assert "<select name=\"household\"" not in page
    assert 'name="household_q"' in page
    assert "8 place du Marché" not in page  # nothing listed before a search


def test_the_htmx_search_tells_two_martin_households_apart(client_for, accueil_user, martins):
    response = client_for(accueil_user).get(reverse("household_choices"),
                                            {"household_q": "martin"}, HTTP_HX_REQUEST="true")
    page = _names(response)
    assert f'value="{martins["rue"].pk}"' in page and f'value="{martins["place"].pk}"' in page
    assert "3 rue des Tisserands" in page and "8 place du Marché" in page
    assert "(Hugo, Léa)" in page and "(Inès)" in page


def test_without_javascript_the_search_button_shows_the_households_and_saves_nothing(
    client_for, accueil_user, martins
):
    client = client_for(accueil_user)
    response = client.post(reverse("person_create"), _person_data(
        household_q="place", search_household="1"))
    page = _names(response)
    assert f'name="household" value="{martins["place"].pk}"' in page
    assert f'name="household" value="{martins["rue"].pk}"' not in page
    assert 'value="Nadia"' in page  # what was typed is kept
    assert not Person.objects.filter(first_name="Nadia").exists()
    # Choosing the household found, then saving.
    saved = client.post(reverse("person_create"),
                        _person_data(household=str(martins["place"].pk)))
    assert saved.status_code == 302
    assert Person.objects.get(first_name="Nadia").household == martins["place"]


def test_editing_a_person_shows_their_household_chosen(client_for, accueil_user, martins):
    page = _names(client_for(accueil_user).get(
        reverse("person_update", args=[martins["lea"].pk])))
    assert (f'<input type="radio" name="household" value="{martins["rue"].pk}" checked>'
            in page)
    assert "3 rue des Tisserands" in page


def test_an_anonymisation_erases_the_normalised_numbers_too(martins):
    """GIVEN a household whose only members are anonymised WHEN erased THEN neither the
    person nor the household can still be found by their former number."""
    from tisserand.privacy.services import person_anonymise

    place = martins["place"]
    place.phone = "01 40 00 00 00"
    place.save()
    ines = place.members.get()
    ines.phone = "07 00 00 00 01"
    ines.save()
    person_anonymise(person=ines)
    assert Person.objects.get(pk=ines.pk).phone_normalised == ""
    assert Household.objects.get(pk=place.pk).phone_normalised == ""


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31"])
def test_quotient_and_membership_dates_outside_1900_2100_are_refused(
    client_for, accueil_user, martins, day
):
    from tisserand.people.models import FamilyQuotient, Membership

    client = client_for(accueil_user)
    household = martins["rue"]
    quotient = client.post(reverse("household_quotient_add", args=[household.pk]),
                           {"amount": "420", "valid_from": day, "valid_to": "2020-12-31"})
    assert "Date hors limites : entre 1900 et 2100." in _names(quotient)
    membership = client.post(reverse("household_membership_add", args=[household.pk]),
                             {"season": "2020", "paid_on": day, "amount": "10"})
    assert "Date hors limites : entre 1900 et 2100." in _names(membership)
    assert not FamilyQuotient.objects.exists() and not Membership.objects.exists()
