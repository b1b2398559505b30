"""Screens for persons and households: who may, who may not, and what the pages show."""

import datetime as dt
from urllib.parse import urlparse

import pytest
from django.urls import NoReverseMatch, reverse

from tisserand.activities.models import Attendance
from tisserand.people.models import FamilyQuotient, Household, Membership, Person, SchoolEnrollment
from tisserand.testing.factories import (
    ActivityFactory,
    HouseholdFactory,
    PersonFactory,
    SchoolFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def household():
    return HouseholdFactory(name="Famille Lefèvre", neighbourhood="Moulins")


@pytest.fixture
def person(household):
    return PersonFactory(
        first_name="Hélène", last_name="Lefèvre", household=household,
        household_role=Person.HouseholdRole.PARENT, birth_date=dt.date(1985, 5, 17),
    )


# (url name, uses a person pk / a household pk / nothing, method)
GET_VIEWS = [
    ("person_list", None),
    ("person_create", None),
    ("person_detail", "person"),
    ("person_update", "person"),
    ("household_list", None),
    ("household_create", None),
    ("household_detail", "household"),
    ("household_update", "household"),
    ("household_member_search", "household"),
]
POST_VIEWS = [
    ("person_enrollment_set", "person"),
    ("household_member_add", "household"),
    ("household_quotient_add", "household"),
    ("household_membership_add", "household"),
]


def _url(name, target, person):
    if target == "person":
        return reverse(name, args=[person.pk])
    if target == "household":
        return reverse(name, args=[person.household_id])
    return reverse(name)


@pytest.mark.parametrize(("name", "target"), GET_VIEWS + POST_VIEWS)
def test_anonymous_visitors_are_sent_to_the_login_page(client, person, name, target):
    url = _url(name, target, person)
    response = client.post(url) if (name, target) in POST_VIEWS else client.get(url)
    assert response.status_code == 302
    assert urlparse(response["Location"]).path == reverse("login")


@pytest.mark.parametrize("persona", ["animateur_user", "outsider_user"])
@pytest.mark.parametrize(("name", "target"), GET_VIEWS + POST_VIEWS)
def test_animateurs_and_users_without_role_are_refused(
    request, client_for, person, persona, name, target
):
    """GIVEN an animateur (persons only through their sessions) or a user with no role."""
    client = client_for(request.getfixturevalue(persona))
    url = _url(name, target, person)
    response = client.post(url) if (name, target) in POST_VIEWS else client.get(url)
    assert response.status_code == 403
    assert b"Lef\xc3\xa8vre" not in response.content


@pytest.mark.parametrize("persona", ["direction_user", "accueil_user"])
@pytest.mark.parametrize(("name", "target"), GET_VIEWS)
def test_direction_and_accueil_open_every_screen(request, client_for, person, persona, name,
                                                 target):
    client = client_for(request.getfixturevalue(persona))
    response = client.get(_url(name, target, person), {"q": "lefevre"})
    assert response.status_code == 200
    assert "<form" in response.content.decode() or "Lefèvre" in response.content.decode()
    if target or name in {"person_list", "household_list"}:
        assert "Lefèvre" in response.content.decode()


# Person list ---------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["helene", "HÉLÈNE", "EL", "lefevre helene", "Hélène"])
def test_person_search_ignores_accents_and_case(client_for, accueil_user, person, query):
    PersonFactory(first_name="Omar", last_name="Benali")
    response = client_for(accueil_user).get(reverse("person_list"), {"q": query})
    page = response.content.decode()
    assert "Lefèvre Hélène" in page
    assert "Benali" not in page


def test_person_search_shows_age_household_and_qpv(client_for, accueil_user, person):
    PersonFactory(first_name="Nour", last_name="Sans-date", birth_date=None, birth_year=2010)
    page = client_for(accueil_user).get(reverse("person_list")).content.decode()
    assert "Famille Lefèvre" in page
    assert reverse("household_detail", args=[person.household_id]) in page
    assert 'data-label="QPV">Inconnu</td>' in page
    assert "env. " in page  # age from the birth year only


def test_person_search_without_match_says_so(client_for, accueil_user, person):
    page = client_for(accueil_user).get(reverse("person_list"), {"q": "zzz"}).content.decode()
    assert "Lefèvre" not in page
    assert "Personne ne correspond à « zzz »" in page


def test_htmx_search_returns_only_the_results(client_for, accueil_user, person):
    response = client_for(accueil_user).get(
        reverse("person_list"), {"q": "helene"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert "Lefèvre Hélène" in page
    assert "<html" not in page
    assert 'id="results"' not in page


def test_person_list_is_paginated_by_fifty(client_for, accueil_user):
    """(Was: limited to 50 rows with "affinez la recherche"; now pages of 50.)"""
    PersonFactory.create_batch(51, last_name="Martin")
    client = client_for(accueil_user)
    page = client.get(reverse("person_list"), {"q": "martin"}).content.decode()
    assert page.count("Martin Prénom") == 50
    assert "51 personnes" in page and "page 1 sur 2" in page
    assert "?q=martin&amp;page=2" in page
    second = client.get(reverse("person_list"), {"q": "martin", "page": "2"}).content.decode()
    assert second.count("Martin Prénom") == 1


def test_person_list_under_the_limit_has_no_pages(client_for, accueil_user):
    PersonFactory.create_batch(3, last_name="Martin")
    page = client_for(accueil_user).get(reverse("person_list")).content.decode()
    assert page.count("Martin Prénom") == 3
    assert "page=2" not in page


@pytest.mark.parametrize("size", [3, 30])
def test_person_list_queries_do_not_grow_with_rows(
    client_for, accueil_user, django_assert_max_num_queries, size
):
    for _ in range(size):
        PersonFactory(household=HouseholdFactory())
    client = client_for(accueil_user)
    # Session, user, count, page, and the filters' sectors, actions and ateliers.
    with django_assert_max_num_queries(9):
        response = client.get(reverse("person_list"))
    assert response.status_code == 200
    assert response.content.decode().count("<tr>") == size + 1


# Person create / edit ------------------------------------------------------------------


def _person_data(**overrides):
    data = {
        "first_name": "Hélène", "last_name": "Lefèvre", "sex": "F",
        "birth_date": "1985-05-17", "birth_year": "", "household": "", "household_role": "",
        "phone": "", "email": "", "priority_area": "yes", "notes": "",
    }
    data.update(overrides)
    return data


def test_creating_a_person_saves_and_shows_the_page(client_for, accueil_user):
    response = client_for(accueil_user).post(
        reverse("person_create"), _person_data(first_name="Zoé"), follow=True
    )
    person = Person.objects.get(first_name="Zoé")
    assert response.redirect_chain[-1][0] == reverse("person_detail", args=[person.pk])
    assert person.priority_area == "yes"
    assert "Zoé Lefèvre" in response.content.decode()


def test_homonym_warns_first_then_saves_once_confirmed(client_for, accueil_user, person):
    """GIVEN Hélène Lefèvre born 17/05/1985, WHEN the accueil creates her again,
    THEN the form warns with a link to her page and saves nothing until confirmed."""
    client = client_for(accueil_user)
    before = Person.objects.count()

    response = client.post(reverse("person_create"), _person_data(first_name="helene"))
    page = response.content.decode()
    assert response.status_code == 200
    assert Person.objects.count() == before
    assert "existe déjà" in page
    assert reverse("person_detail", args=[person.pk]) in page
    assert "Il s&#x27;agit bien d&#x27;une autre personne" in page

    response = client.post(
        reverse("person_create"), _person_data(first_name="helene", confirm_homonym="on")
    )
    assert response.status_code == 302
    assert Person.objects.count() == before + 1


def test_homonym_by_birth_year_also_warns(client_for, accueil_user, person):
    response = client_for(accueil_user).post(
        reverse("person_create"), _person_data(birth_date="", birth_year="1985")
    )
    assert "existe déjà" in response.content.decode()
    assert Person.objects.count() == 1


def test_future_birth_date_is_refused(client_for, accueil_user):
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    response = client_for(accueil_user).post(
        reverse("person_create"), _person_data(birth_date=future)
    )
    assert response.status_code == 200
    assert "La date de naissance ne peut pas être dans le futur." in response.content.decode()
    assert not Person.objects.exists()


def test_create_from_a_household_preselects_it(client_for, accueil_user, household):
    response = client_for(accueil_user).get(reverse("person_create"), {"foyer": household.pk})
    # The household is chosen by search now: the preselected one is the checked radio.
    assert (f'<input type="radio" name="household" value="{household.pk}" checked>'
            in response.content.decode())


def test_editing_a_person_updates_it(client_for, direction_user, person):
    response = client_for(direction_user).post(
        reverse("person_update", args=[person.pk]),
        _person_data(phone="06 12 34 56 78", household=person.household_id,
                     household_role="parent"),
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.phone == "06 12 34 56 78"
    assert person.household_id is not None


def test_editing_with_a_future_birth_date_changes_nothing(client_for, direction_user, person):
    future = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    response = client_for(direction_user).post(
        reverse("person_update", args=[person.pk]), _person_data(birth_date=future, phone="01")
    )
    assert "La date de naissance ne peut pas être dans le futur." in response.content.decode()
    person.refresh_from_db()
    assert person.birth_date == dt.date(1985, 5, 17)
    assert person.phone == ""


# Person page ---------------------------------------------------------------------------


def test_person_page_shows_identity_household_and_role(client_for, accueil_user, person):
    page = client_for(accueil_user).get(reverse("person_detail", args=[person.pk])).content
    page = page.decode()
    assert "Hélène Lefèvre" in page
    assert "17/05/1985" in page
    assert reverse("household_detail", args=[person.household_id]) in page
    assert "Parent" in page


def test_enrollment_set_is_shown_on_the_person_page(client_for, accueil_user, person):
    school = SchoolFactory(name="École Dupleix")
    client = client_for(accueil_user)
    response = client.post(
        reverse("person_enrollment_set", args=[person.pk]),
        {"school_year": "2020", "school": school.pk, "level": "CE1"},
        follow=True,
    )
    page = response.content.decode()
    assert "2020-2021" in page
    assert "École Dupleix" in page
    assert "CE1" in page
    assert SchoolEnrollment.objects.get(person=person, school_year=2020).level == "CE1"


def test_enrollment_set_corrects_the_same_school_year(client_for, accueil_user, person):
    client = client_for(accueil_user)
    url = reverse("person_enrollment_set", args=[person.pk])
    client.post(url, {"school_year": "2020", "school": "", "level": "CE1"})
    client.post(url, {"school_year": "2020", "school": "", "level": "CE2"})
    assert list(person.enrollments.values_list("level", flat=True)) == ["CE2"]


def test_participation_history_on_the_person_page(client_for, accueil_user, person):
    activity = ActivityFactory(name="Atelier couture", action__name="Ateliers adultes")
    for day in (dt.date(2020, 1, 6), dt.date(2020, 2, 3), dt.date(2020, 3, 2)):
        Attendance.objects.create(session=SessionFactory(activity=activity, date=day),
                                  person=person)
    page = client_for(accueil_user).get(reverse("person_detail", args=[person.pk]))
    page = page.content.decode()
    assert "Atelier couture" in page
    assert "Ateliers adultes" in page
    assert 'data-label="Présences">3</td>' in page
    assert "06/01/2020" in page
    assert "02/03/2020" in page
    try:  # the activity page belongs to another app: linked only when it exists
        assert f'href="{reverse("activity_detail", args=[activity.pk])}"' in page
    except NoReverseMatch:
        assert "<a href" not in page.split("Atelier couture")[0].rsplit("<td", 1)[-1]


def _person_with_history(size):
    person = PersonFactory(household=HouseholdFactory())
    for index in range(size):
        activity = ActivityFactory()
        Attendance.objects.create(
            session=SessionFactory(activity=activity, date=dt.date(2020, 1, 1 + index)),
            person=person,
        )
        SchoolFactory()
        SchoolEnrollment.objects.create(person=person, school_year=2000 + index, level="CP")
    return person


@pytest.mark.parametrize("size", [2, 20])
def test_person_page_queries_do_not_grow_with_rows(
    client_for, accueil_user, django_assert_max_num_queries, size
):
    person = _person_with_history(size)
    client = client_for(accueil_user)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("person_detail", args=[person.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("CP</td>") == size
    assert page.count('data-label="Présences">1</td>') == size  # one attendance per activity


# Household list, create, edit ----------------------------------------------------------


def test_household_search_ignores_accents(client_for, direction_user, household):
    HouseholdFactory(name="Famille Benali")
    page = client_for(direction_user).get(reverse("household_list"), {"q": "LEFEVRE"})
    page = page.content.decode()
    assert "Famille Lefèvre" in page
    assert "Benali" not in page


def test_household_create_and_update(client_for, accueil_user):
    client = client_for(accueil_user)
    data = {"name": "Famille Nguyen", "composition": "single_parent", "address": "3 rue Dupleix",
            "postcode": "59000", "city": "Lille", "neighbourhood": "Wazemmes", "phone": ""}
    response = client.post(reverse("household_create"), data)
    household = Household.objects.get(name="Famille Nguyen")
    assert response["Location"] == reverse("household_detail", args=[household.pk])
    client.post(reverse("household_update", args=[household.pk]),
                {**data, "neighbourhood": "Moulins"})
    household.refresh_from_db()
    assert household.neighbourhood == "Moulins"
    page = client.get(reverse("household_detail", args=[household.pk])).content.decode()
    assert "Famille monoparentale" in page
    assert "Moulins" in page


def test_household_without_a_name_is_refused(client_for, accueil_user):
    response = client_for(accueil_user).post(reverse("household_create"), {"name": ""})
    assert "Ce champ est obligatoire." in response.content.decode()
    assert not Household.objects.exists()


# Household page ------------------------------------------------------------------------


def test_household_page_lists_members_with_their_role(client_for, accueil_user, person):
    PersonFactory(first_name="Léo", last_name="Lefèvre", household=person.household,
                  household_role=Person.HouseholdRole.CHILD, birth_date=dt.date(2012, 1, 1))
    page = client_for(accueil_user).get(reverse("household_detail", args=[person.household_id]))
    page = page.content.decode()
    assert "Hélène Lefèvre" in page
    assert "Léo Lefèvre" in page
    assert page.index("Hélène Lefèvre") < page.index("Léo Lefèvre")  # parents first
    assert "Enfant" in page


def test_add_an_existing_person_as_member(client_for, accueil_user, household):
    other = PersonFactory(first_name="Karim", last_name="Haddad")
    client = client_for(accueil_user)
    found = client.get(reverse("household_member_search", args=[household.pk]),
                       {"q": "haddad"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Karim Haddad" in found
    response = client.post(reverse("household_member_add", args=[household.pk]),
                           {"person": other.pk, "household_role": "child"}, follow=True)
    other.refresh_from_db()
    assert other.household_id == household.pk
    assert other.household_role == "child"
    assert "Karim Haddad" in response.content.decode()


def test_add_member_with_a_bad_role_changes_nothing(client_for, accueil_user, household):
    other = PersonFactory()
    client_for(accueil_user).post(reverse("household_member_add", args=[household.pk]),
                                  {"person": other.pk, "household_role": "boss"})
    other.refresh_from_db()
    assert other.household_id is None


def test_family_quotient_added_and_shown(client_for, accueil_user, household):
    response = client_for(accueil_user).post(
        reverse("household_quotient_add", args=[household.pk]),
        {"amount": "480", "valid_from": "2020-01-01", "valid_to": "2020-12-31"}, follow=True,
    )
    page = response.content.decode()
    assert "480 €" in page
    assert "31/12/2020" in page
    assert household.quotients.count() == 1


def test_overlapping_family_quotient_is_refused(client_for, accueil_user, household):
    FamilyQuotient.objects.create(household=household, amount=450,
                                  valid_from=dt.date(2020, 1, 1), valid_to=dt.date(2020, 12, 31))
    response = client_for(accueil_user).post(
        reverse("household_quotient_add", args=[household.pk]),
        {"amount": "520", "valid_from": "2020-09-01", "valid_to": "2021-08-31"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "les périodes de validité ne peuvent pas se chevaucher" in page
    assert list(household.quotients.values_list("amount", flat=True)) == [450]


def test_quotient_ending_before_it_starts_is_refused(client_for, accueil_user, household):
    response = client_for(accueil_user).post(
        reverse("household_quotient_add", args=[household.pk]),
        {"amount": "520", "valid_from": "2021-01-01", "valid_to": "2020-01-01"},
    )
    assert "La fin de validité précède le début de validité." in response.content.decode()
    assert not household.quotients.exists()


def test_membership_recorded_then_second_for_same_season_refused(
    client_for, accueil_user, household
):
    client = client_for(accueil_user)
    url = reverse("household_membership_add", args=[household.pk])
    first = client.post(url, {"season": "2019", "paid_on": "2019-09-15", "amount": "10"},
                        follow=True)
    assert "2019-2020" in first.content.decode()
    second = client.post(url, {"season": "2019", "paid_on": "2020-01-10", "amount": "10"})
    assert "Ce foyer a déjà adhéré pour la saison 2019-2020." in second.content.decode()
    assert Membership.objects.filter(household=household).count() == 1


def _household_with_rows(size):
    household = HouseholdFactory()
    for index in range(size):
        PersonFactory(household=household, household_role=Person.HouseholdRole.CHILD)
        FamilyQuotient.objects.create(
            household=household, amount=400 + index,
            valid_from=dt.date(2000 + index, 1, 1), valid_to=dt.date(2000 + index, 12, 31),
        )
        Membership.objects.create(household=household, season=2000 + index,
                                  paid_on=dt.date(2000 + index, 9, 15))
    return household


@pytest.mark.parametrize("size", [2, 20])
def test_household_page_queries_do_not_grow_with_rows(
    client_for, accueil_user, django_assert_max_num_queries, size
):
    household = _household_with_rows(size)
    client = client_for(accueil_user)
    # +2 for the audit entry of the quotients shown (content type, then the insert).
    with django_assert_max_num_queries(10):
        response = client.get(reverse("household_detail", args=[household.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("Enfant</td>") == size
    assert page.count(" €</td>") == 2 * size


@pytest.mark.parametrize("size", [2, 20])
def test_household_list_queries_do_not_grow_with_rows(
    client_for, accueil_user, django_assert_max_num_queries, size
):
    for _ in range(size):
        PersonFactory(household=HouseholdFactory())
    client = client_for(accueil_user)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("household_list"))
    assert response.status_code == 200
    assert response.content.decode().count("1 membre<") == size


# Admin ---------------------------------------------------------------------------------


@pytest.fixture
def admin_client_user(db):
    from tisserand.testing.factories import UserFactory

    return UserFactory(username="admin", is_staff=True, is_superuser=True)


def test_persons_and_households_are_not_in_the_admin(
    client_for, admin_client_user, person, household
):
    """Personal data are written through the screens, which write the audit trail: even a
    superuser finds no person, household, quotient, membership or schooling in the
    admin (issue 12)."""
    from django.contrib import admin

    for model in (Person, Household, FamilyQuotient, Membership, SchoolEnrollment):
        assert not admin.site.is_registered(model), model
    client = client_for(admin_client_user)
    assert "/admin/people/" not in client.get(reverse("admin:index")).content.decode()
    assert client.get("/admin/people/person/").status_code == 404
    assert client.get(f"/admin/people/person/{person.pk}/change/").status_code == 404
    assert client.get(f"/admin/people/household/{household.pk}/change/").status_code == 404


# --- the comptable sees age bands, not ages ------------------------------------------------


def test_the_comptable_sees_age_bands_not_ages_on_a_household(client_for, accueil_user):
    from tisserand.core.roles import COMPTABLE
    from tisserand.testing.factories import UserFactory

    household = HouseholdFactory(name="Famille Bande")
    today = dt.date.today()
    PersonFactory(household=household, first_name="Zoé",
                  birth_date=today.replace(year=today.year - 12) - dt.timedelta(days=3))
    PersonFactory(household=household, first_name="Marc",
                  birth_date=today.replace(year=today.year - 41) - dt.timedelta(days=3))
    url = reverse("household_detail", args=[household.pk])
    comptable = UserFactory(username="compta", roles=[COMPTABLE])
    html = client_for(comptable).get(url).content.decode()
    assert "Tranche d&#x27;âge" in html or "Tranche d'âge" in html
    assert "moins de 18 ans" in html and "18 ans et plus" in html
    assert "12 ans" not in html and "41 ans" not in html
    html = client_for(accueil_user).get(url).content.decode()
    assert "12 ans" in html and "41 ans" in html and "moins de 18 ans" not in html
