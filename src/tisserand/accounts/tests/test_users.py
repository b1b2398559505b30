"""User management (direction only): list with roles, create, change roles, deactivate."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from tisserand.accounts.users import user_create
from tisserand.audit.models import AuditEntry
from tisserand.core.roles import (
    ACCUEIL,
    ADMINISTRATEUR,
    ALL_ROLES,
    ANIMATEUR,
    COMPTABLE,
    COORDINATION,
    DIRECTION,
    user_roles,
)
from tisserand.testing.factories import UserFactory

User = get_user_model()


@pytest.fixture
def camille(db):
    return UserFactory(username="camille", first_name="Camille", last_name="Durand",
                       roles=[ACCUEIL])


def fresh(user):
    return User.objects.get(pk=user.pk)


def roles_of(user) -> set[str]:
    return set(fresh(user).groups.values_list("name", flat=True))


# --- who may ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["user_list", "user_create", "user_update"])
def test_anonymous_visitors_go_to_the_login_page(client, camille, name):
    url = reverse(name, args=[camille.pk]) if name == "user_update" else reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", [r for r in ALL_ROLES if r != DIRECTION])
def test_only_the_direction_manages_users(client, camille, role):
    """Coordination has everything but the users: it is refused too, reading or writing."""
    client.force_login(UserFactory(username=f"u-{role}", roles=[role]))
    assert client.get(reverse("user_list")).status_code == 403
    assert client.get(reverse("user_create")).status_code == 403
    response = client.post(reverse("user_create"), {
        "username": "pirate", "first_name": "P", "last_name": "P", "roles": [DIRECTION],
    })
    assert response.status_code == 403
    assert not User.objects.filter(username="pirate").exists()
    response = client.post(reverse("user_update", args=[camille.pk]), {
        "first_name": "Camille", "last_name": "Durand", "roles": [DIRECTION], "is_active": "on",
    })
    assert response.status_code == 403
    assert roles_of(camille) == {ACCUEIL}


def test_the_list_shows_users_with_their_roles(client, direction_user, camille,
                                               django_assert_max_num_queries):
    several = UserFactory(username="sacha", first_name="Sacha", last_name="Bernard",
                          roles=[COMPTABLE, ADMINISTRATEUR])
    several.is_active = False
    several.save()
    client.force_login(direction_user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("user_list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "camille" in page and "Camille Durand" in page
    row = page.split("sacha")[1].split("</tr>")[0]
    assert "Comptable" in row and "Administrateur (membre du CA)" in row
    assert "désactivé" in row
    assert 'href="{}"'.format(reverse("user_list")) in page  # the link in the navigation


# --- create -------------------------------------------------------------------------------


def test_creating_a_user_shows_a_generated_password_once(client, direction_user):
    client.force_login(direction_user)
    response = client.post(reverse("user_create"), {
        "username": "nadia.benali", "first_name": "Nadia", "last_name": "Benali",
        "email": "nadia@example.org", "roles": [ANIMATEUR, ACCUEIL],
    })
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    password = page.split('id="initial-password">')[1].split("<")[0]
    assert len(password) >= 12
    user = User.objects.get(username="nadia.benali")
    assert user.check_password(password)
    assert user.is_active and not user.is_staff
    assert roles_of(user) == {ANIMATEUR, ACCUEIL}
    # The list does not show it again.
    assert password not in client.get(reverse("user_list")).content.decode()
    entry = AuditEntry.objects.get(action="create", object_id=str(user.pk),
                                   content_type=ContentType.objects.get_for_model(User))
    assert "groups" in entry.fields and password not in entry.note


def test_creating_a_direction_user_with_a_chosen_password_makes_them_staff(client,
                                                                          direction_user):
    client.force_login(direction_user)
    response = client.post(reverse("user_create"), {
        "username": "adjointe", "first_name": "Inès", "last_name": "Roux",
        "roles": [DIRECTION], "password": "Un-mot-de-passe-solide-42",
    })
    # The page shows the enrolment code of the second factor (once), no password.
    assert response.status_code == 200
    assert 'id="enrolment-code"' in response.content.decode()
    assert 'id="initial-password"' not in response.content.decode()
    user = User.objects.get(username="adjointe")
    assert user.is_staff and user.check_password("Un-mot-de-passe-solide-42")
    assert user_roles(user) == {DIRECTION}
    # Staff opens the admin site; the direction group has the models' permissions there.
    client.force_login(user)
    admin = client.get(reverse("admin:index"))
    assert admin.status_code == 200
    assert reverse("admin:core_place_changelist") in admin.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"username": "camille"}, "Cet identifiant est déjà utilisé."),
        ({"username": "CAMILLE"}, "Cet identifiant est déjà utilisé."),
        ({"roles": []}, "Choisissez au moins un rôle."),
        ({"roles": ["roi"]}, "roi"),
        ({"username": "a b"}, "identifiant"),
        ({"password": "1234"}, "mot de passe"),
        ({"email": "pas-un-courriel"}, "adresse de courriel valide"),
    ],
)
def test_bad_input_creates_nothing_and_says_why(client, direction_user, camille, data, message):
    client.force_login(direction_user)
    before = User.objects.count()
    posted = {"username": "nouveau", "first_name": "Noé", "last_name": "Petit",
              "roles": [ACCUEIL], **data}
    response = client.post(reverse("user_create"), posted)
    assert response.status_code == 400
    assert message.lower() in response.content.decode().lower()
    assert User.objects.count() == before


# --- update and deactivate ----------------------------------------------------------------


def test_the_direction_changes_roles_and_deactivates(client, direction_user, camille):
    client.force_login(direction_user)
    page = client.get(reverse("user_update", args=[camille.pk])).content.decode()
    assert 'value="accueil" id="id_roles_2" checked' in page
    response = client.post(reverse("user_update", args=[camille.pk]), {
        "first_name": "Camille", "last_name": "Durand",
        "roles": [COORDINATION, ACCUEIL], "is_active": "on",
    })
    assert response.status_code == 302
    assert roles_of(camille) == {COORDINATION, ACCUEIL}
    entry = AuditEntry.objects.filter(
        action="update", object_id=str(camille.pk),
        content_type=ContentType.objects.get_for_model(User),
    ).first()
    assert entry is not None and "groups" in entry.fields

    response = client.post(reverse("user_update", args=[camille.pk]), {
        "first_name": "Camille", "last_name": "Durand", "roles": [ACCUEIL],
    })
    assert response.status_code == 302
    assert not fresh(camille).is_active
    assert User.objects.filter(pk=camille.pk).exists()  # deactivated, never deleted
    # A deactivated user cannot log in any more.
    assert not client.login(username="camille", password="motdepasse-de-test")


def test_a_new_password_can_be_set(client, direction_user, camille):
    client.force_login(direction_user)
    client.post(reverse("user_update", args=[camille.pk]), {
        "first_name": "Camille", "last_name": "Durand", "roles": [ACCUEIL],
        "is_active": "on", "password": "Nouveau-secret-2024!",
    })
    assert fresh(camille).check_password("Nouveau-secret-2024!")


def test_the_direction_cannot_lock_itself_out(client, direction_user):
    client.force_login(direction_user)
    url = reverse("user_update", args=[direction_user.pk])
    response = client.post(url, {"first_name": "D", "last_name": "D", "roles": [ACCUEIL],
                                 "is_active": "on"})
    assert response.status_code == 400
    assert "Vous ne pouvez pas retirer votre propre rôle Direction." in response.content.decode()
    response = client.post(url, {"first_name": "D", "last_name": "D", "roles": [DIRECTION]})
    assert response.status_code == 400
    assert "Vous ne pouvez pas désactiver votre propre compte." in response.content.decode()
    user = fresh(direction_user)
    assert user.is_active and roles_of(user) == {DIRECTION}


def test_removing_the_direction_role_removes_staff(db):
    user, _ = user_create(username="ex", first_name="E", last_name="X", roles=[DIRECTION])
    assert user.is_staff
    from tisserand.accounts.users import user_update

    user_update(user=user, first_name="E", last_name="X", roles=[COMPTABLE], is_active=True)
    assert not fresh(user).is_staff
    assert roles_of(user) == {COMPTABLE}
