"""The trail screen (direction only) and the consultation of family quotients."""

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse

from tisserand.audit.middleware import acting_as
from tisserand.audit.models import AuditEntry
from tisserand.audit.services import log_action
from tisserand.audit.tests.helpers import assert_no_values, only_entry
from tisserand.people.services import family_quotient_add
from tisserand.testing.factories import HouseholdFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
URL = reverse("audit_list")


def _entry(when: dt.datetime, **kwargs) -> AuditEntry:
    entry = log_action(**kwargs)
    # ``when`` cannot change through the app (append-only): tests set it in the database.
    AuditEntry._base_manager.filter(pk=entry.pk).update(when=when)
    return entry


def _rows(response) -> int:
    return response.content.decode().count("<tr>") - 1  # minus the header row


# Who may see the trail -------------------------------------------------------------------


def test_anonymous_visitors_go_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["accueil_user", "animateur_user", "outsider_user"])
def test_other_roles_are_refused(request, client_for, persona):
    log_action(action="view", obj=HouseholdFactory(), note="quotient familial")
    response = client_for(request.getfixturevalue(persona)).get(URL)
    assert response.status_code == 403
    assert "quotient familial" not in response.content.decode()


def test_direction_sees_the_trail(client_for, direction_user, accueil_user):
    household = HouseholdFactory()
    with acting_as(accueil_user):
        log_action(action="update", obj=household, fields=["phone", "city"])
    response = client_for(direction_user).get(URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Journal des accès" in page
    assert f"Foyer n° {household.pk}" in page
    assert "téléphone, ville" in page  # field names in French, never the values
    assert "Modification" in page
    assert ">accueil<" in page


# Filters ---------------------------------------------------------------------------------


@pytest.fixture
def trail(accueil_user, direction_user):
    person, household = PersonFactory(), HouseholdFactory()
    _entry(dt.datetime(2020, 3, 1, 10, tzinfo=PARIS), action="create", obj=person,
           actor=accueil_user, note="a-mars")
    _entry(dt.datetime(2020, 3, 31, 23, 30, tzinfo=PARIS), action="view", obj=household,
           actor=direction_user, note="b-fin-mars")
    _entry(dt.datetime(2020, 4, 1, 0, 30, tzinfo=PARIS), action="update", obj=person,
           note="c-avril")
    return {"person": person, "household": household}


def _notes(response) -> set[str]:
    page = response.content.decode()
    return {note for note in ("a-mars", "b-fin-mars", "c-avril") if note in page}


def test_filter_by_local_dates_both_included(client_for, direction_user, trail):
    client = client_for(direction_user)
    response = client.get(URL, {"start": "2020-03-31", "end": "2020-03-31"})
    assert _notes(response) == {"b-fin-mars"}
    response = client.get(URL, {"start": "2020-03-02"})
    assert _notes(response) == {"b-fin-mars", "c-avril"}


def test_filter_by_actor_and_by_system(client_for, direction_user, accueil_user, trail):
    client = client_for(direction_user)
    assert _notes(client.get(URL, {"actor": accueil_user.pk})) == {"a-mars"}
    assert _notes(client.get(URL, {"actor": "systeme"})) == {"c-avril"}


def test_filter_by_action_and_object_type(client_for, direction_user, trail):
    from django.contrib.contenttypes.models import ContentType

    client = client_for(direction_user)
    assert _notes(client.get(URL, {"action": "view"})) == {"b-fin-mars"}
    person_type = ContentType.objects.get_for_model(trail["person"])
    assert _notes(client.get(URL, {"object_type": person_type.pk})) == {"a-mars", "c-avril"}
    response = client.get(URL, {"object_type": person_type.pk, "action": "update"})
    assert _notes(response) == {"c-avril"}


def test_a_bad_filter_shows_a_french_error_and_no_entry(client_for, direction_user, trail):
    client = client_for(direction_user)
    response = client.get(URL, {"start": "2020-04-01", "end": "2020-03-01"})
    page = response.content.decode()
    assert "La date de fin précède la date de début." in page
    assert _notes(response) == set()
    response = client.get(URL, {"action": "peek"})
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert _notes(response) == set()


def test_pages_of_fifty_newest_first_keep_the_filters(client_for, direction_user):
    household = HouseholdFactory()
    for _ in range(120):
        log_action(action="view", obj=household, note="consultée")
    log_action(action="export", obj=household, note="autre")
    client = client_for(direction_user)
    first = client.get(URL, {"action": "view"})
    page = first.content.decode()
    assert _rows(first) == 50
    assert "120 entrées" in page and "Page 1 sur 3" in page
    assert "action=view&amp;page=2" in page
    last = client.get(URL, {"action": "view", "page": 3})
    assert _rows(last) == 20
    assert "autre" not in last.content.decode()


@pytest.mark.parametrize("size", [3, 80])
def test_query_count_does_not_grow_with_the_entries(
    client_for, direction_user, django_assert_max_num_queries, size
):
    for _ in range(size):
        user = UserFactory()
        with acting_as(user):
            log_action(action="update", obj=PersonFactory(), fields=["phone"])
    client = client_for(direction_user)
    client.get(URL)  # warm the content type cache
    with django_assert_max_num_queries(8):
        response = client.get(URL, {"action": "update"})
    assert response.status_code == 200
    assert _rows(response) == min(size, 50)


# Consultation of family quotients --------------------------------------------------------


def test_opening_a_household_with_quotients_is_recorded(client_for, accueil_user):
    household = HouseholdFactory(name="Famille Brocéliande")
    family_quotient_add(
        household=household, amount=987, valid_from=dt.date(2020, 1, 1),
        valid_to=dt.date(2020, 12, 31),
    )
    response = client_for(accueil_user).get(reverse("household_detail", args=[household.pk]))
    assert "987 €" in response.content.decode()
    entry = only_entry(action="view")
    assert entry.actor == accueil_user
    assert entry.object_label == f"Foyer n° {household.pk}"
    assert entry.note == "quotient familial"
    assert_no_values("987", "Brocéliande")


def test_a_household_without_quotient_leaves_no_view_entry(client_for, accueil_user):
    household = HouseholdFactory()
    response = client_for(accueil_user).get(reverse("household_detail", args=[household.pk]))
    assert "Aucun quotient familial enregistré." in response.content.decode()
    assert not AuditEntry.objects.filter(action="view").exists()


def test_a_refused_visitor_leaves_no_view_entry(client_for, animateur_user):
    household = HouseholdFactory()
    family_quotient_add(
        household=household, amount=987, valid_from=dt.date(2020, 1, 1),
        valid_to=dt.date(2020, 12, 31),
    )
    response = client_for(animateur_user).get(reverse("household_detail", args=[household.pk]))
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action="view").exists()


def test_the_menu_links_to_the_trail_for_direction_only(client_for, direction_user, accueil_user):
    assert f'href="{URL}"' in client_for(direction_user).get(reverse("dashboard")).content.decode()
    client_for(accueil_user)
    assert f'href="{URL}"' not in client_for(accueil_user).get(
        reverse("dashboard")
    ).content.decode()
