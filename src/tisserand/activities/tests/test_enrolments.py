"""Enrolments (inscriptions): capacity and waiting list, withdrawal and promotion, one live
enrolment per person and season, age range, audit; and the atelier page's screens."""

import datetime as dt
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from tisserand.activities import enrolment_services as enrolments
from tisserand.activities.enrolment_selectors import activity_enrolments
from tisserand.activities.models import Enrolment
from tisserand.audit.models import AuditEntry
from tisserand.testing.factories import ActivityFactory, PersonFactory

DAY = dt.date(2019, 9, 10)


@pytest.fixture
def clas(db):
    """A children's atelier of three places."""
    return ActivityFactory(name="CLAS primaire", min_age=6, max_age=11, capacity=3)


def child(first_name, birth_year=2012):
    return PersonFactory(first_name=first_name, last_name="Benali",
                         birth_date=dt.date(birth_year, 3, 1))


def enrol(activity, person, **kwargs):
    return enrolments.enrolment_add(activity=activity, person=person, season_start=2019,
                                    on=DAY, **kwargs)


def test_a_full_atelier_puts_the_next_ones_on_the_waiting_list_in_order(clas):
    placed = [enrol(clas, child(name)) for name in ("Inès", "Zoé", "Adam", "Lina", "Yanis")]
    assert [e.status for e in placed] == ["enrolled"] * 3 + ["waiting"] * 2
    assert [e.waiting_position for e in placed[3:]] == [1, 2]
    lists = activity_enrolments(activity=clas, season_start=2019)
    assert [e.person.first_name for e in lists.enrolled] == ["Adam", "Inès", "Zoé"]
    assert [e.person.first_name for e in lists.waiting] == ["Lina", "Yanis"]


def test_unlimited_capacity_never_waits(db):
    activity = ActivityFactory(capacity=None)
    assert all(enrol(activity, PersonFactory()).status == "enrolled" for _ in range(5))


def test_withdrawing_frees_a_place_and_promotes_the_first_waiting(clas):
    first, *_ = [enrol(clas, child(name)) for name in ("Inès", "Zoé", "Adam")]
    lina, yanis = enrol(clas, child("Lina")), enrol(clas, child("Yanis"))
    promoted = enrolments.enrolment_withdraw(
        enrolment=first, on=dt.date(2019, 10, 1), promote_next=True
    )
    assert promoted.pk == lina.pk
    lina.refresh_from_db(), first.refresh_from_db(), yanis.refresh_from_db()
    assert (first.status, first.withdrawn_on) == ("withdrawn", dt.date(2019, 10, 1))
    assert (lina.status, lina.enrolled_on, lina.waiting_position) == (
        "enrolled", dt.date(2019, 10, 1), None)
    assert (yanis.status, yanis.waiting_position) == ("waiting", 2)
    updates = AuditEntry.objects.filter(action="update", object_id__in=[first.pk, lina.pk])
    assert updates.count() == 2
    assert all("Inès" not in e.note and "Lina" not in e.note for e in updates)


def test_withdrawing_without_promotion_offers_it_later(clas):
    first = [enrol(clas, child(name)) for name in ("Inès", "Zoé", "Adam")][0]
    lina = enrol(clas, child("Lina"))
    assert enrolments.enrolment_withdraw(enrolment=first) is None
    lina.refresh_from_db()
    assert lina.status == "waiting"
    enrolments.enrolment_promote(enrolment=lina)
    lina.refresh_from_db()
    assert lina.status == "enrolled"


def test_promotion_refused_while_the_atelier_is_full(clas):
    for name in ("Inès", "Zoé", "Adam"):
        enrol(clas, child(name))
    lina = enrol(clas, child("Lina"))
    with pytest.raises(ValidationError, match="complet"):
        enrolments.enrolment_promote(enrolment=lina)
    lina.refresh_from_db()
    assert lina.status == "waiting"


def test_one_live_enrolment_per_person_and_season(clas):
    ines = child("Inès")
    enrol(clas, ines)
    with pytest.raises(ValidationError, match="déjà inscrite"):
        enrol(clas, ines)
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.create(activity=clas, person=ines, season=2019, enrolled_on=DAY)
    # Another season is another enrolment; after a withdrawal, enrolling again works.
    enrolments.enrolment_add(activity=clas, person=ines, season_start=2020,
                             on=dt.date(2020, 9, 1))
    live = Enrolment.objects.get(person=ines, season=2019)
    enrolments.enrolment_withdraw(enrolment=live)
    again = enrol(clas, ines)
    assert again.status == "enrolled"
    assert Enrolment.objects.filter(person=ines).count() == 3


def test_an_age_outside_the_range_asks_for_confirmation(clas):
    adult = PersonFactory(first_name="Zoé", last_name="Martin", birth_date=dt.date(1972, 5, 1))
    with pytest.raises(enrolments.AgeOutsideRange, match="47 ans"):
        enrol(clas, adult)
    assert not Enrolment.objects.exists()
    assert enrol(clas, adult, confirm_age=True).status == "enrolled"


def test_an_enrolment_is_audited_without_names(clas):
    enrolment = enrol(clas, child("Inès"))
    entry = AuditEntry.objects.get(action="create", object_id=str(enrolment.pk))
    assert entry.object_label == f"Inscription n° {enrolment.pk}"
    assert "Benali" not in entry.note and "Inès" not in entry.note


def test_a_withdrawn_enrolment_cannot_be_withdrawn_twice(clas):
    enrolment = enrol(clas, child("Inès"))
    enrolments.enrolment_withdraw(enrolment=enrolment)
    with pytest.raises(ValidationError, match="déjà été retirée"):
        enrolments.enrolment_withdraw(enrolment=enrolment)


# --- screens --------------------------------------------------------------------------------


def test_the_atelier_page_enrols_by_search_children_first(client_for, accueil_user, clas):
    adult = PersonFactory(first_name="Zoé", last_name="Benali", birth_date=dt.date(1979, 1, 1))
    kid = child("Zoé", birth_year=2014)
    client = client_for(accueil_user)
    found = client.get(reverse("enrolment_search", args=[clas.pk]),
                       {"q": "zoé benali", "saison": "2019"}, HTTP_HX_REQUEST="true")
    page = found.content.decode()
    assert page.index(f'data-enrol="{kid.pk}"') < page.index(f'data-enrol="{adult.pk}"')
    response = client.post(reverse("enrolment_add", args=[clas.pk]),
                           {"person": kid.pk, "saison": "2019"}, follow=True)
    assert "Zoé Benali est inscrit·e à l'atelier." in unescape(response.content.decode())
    assert Enrolment.objects.get(person=kid).status == "enrolled"


def test_the_atelier_page_says_when_someone_goes_on_the_waiting_list(
    client_for, accueil_user, clas
):
    for name in ("Inès", "Adam", "Lina"):
        enrol(clas, child(name))
    fourth = child("Yanis")
    client = client_for(accueil_user)
    response = client.post(reverse("enrolment_add", args=[clas.pk]),
                           {"person": fourth.pk, "saison": "2019"}, follow=True)
    page = unescape(response.content.decode())
    assert "L'atelier est complet : Yanis Benali est sur la liste d'attente (rang 1)." in page
    assert 'id="waiting-list"' in page


def test_an_adult_in_a_children_atelier_needs_the_confirmation_screen(
    client_for, accueil_user, clas
):
    adult = PersonFactory(birth_date=dt.date(1972, 5, 1))
    client = client_for(accueil_user)
    url = reverse("enrolment_add", args=[clas.pk])
    response = client.post(url, {"person": adult.pk, "saison": "2019"})
    assert response.status_code == 200
    assert "Inscrire quand même" in response.content.decode()
    assert not Enrolment.objects.exists()
    client.post(url, {"person": adult.pk, "saison": "2019", "confirm_age": "1"})
    assert Enrolment.objects.filter(person=adult).exists()


def test_withdraw_and_promote_from_the_page(client_for, accueil_user, clas):
    first = [enrol(clas, child(name)) for name in ("Inès", "Adam", "Lina")][0]
    waiting = enrol(clas, child("Yanis"))
    client = client_for(accueil_user)
    response = client.post(reverse("enrolment_withdraw", args=[first.pk]),
                           {"promote_next": "1"}, follow=True)
    page = unescape(response.content.decode())
    assert "La place libérée revient à Yanis Benali" in page
    waiting.refresh_from_db()
    assert waiting.status == "enrolled"


def test_the_animateur_cannot_enrol_from_the_atelier_page(client_for, animateur_user, clas):
    clas.contributors.add(animateur_user.contributor)
    client = client_for(animateur_user)
    response = client.post(reverse("enrolment_add", args=[clas.pk]),
                           {"person": child("Inès").pk, "saison": "2019"})
    assert response.status_code == 403
    assert not Enrolment.objects.exists()
