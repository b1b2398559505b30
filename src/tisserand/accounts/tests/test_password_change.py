"""The user menu: the logged-in user's name and roles, their password, their second
factor, logging out; and the password change page (French, validated, audited)."""

import pytest
from django.urls import reverse

from tisserand.audit.models import AuditEntry
from tisserand.core.roles import ACCUEIL, COMPTABLE
from tisserand.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

OLD = "motdepasse-de-test"
NEW = "Un tissage solide 2026"


@pytest.fixture
def lina():
    return UserFactory(username="lina", first_name="Lina", last_name="Haddad",
                       roles=[ACCUEIL, COMPTABLE])


def test_the_user_menu_names_the_user_and_offers_their_account(client_for, lina):
    html = client_for(lina).get(reverse("dashboard")).content.decode()
    assert "Lina Haddad" in html and "(Accueil, Comptable)" in html
    assert f'href="{reverse("password_change")}"' in html and "Mot de passe" in html
    assert f'href="{reverse("twofactor_setup")}"' in html
    assert f'action="{reverse("logout")}"' in html and "Se déconnecter" in html
    # the second factor has left the main menu for the user menu
    nav = html.split('class="mainnav"')[1].split("</nav>")[0]
    assert "Double authentification" not in nav


def test_changing_ones_password_is_audited_and_keeps_the_session(client_for, lina):
    client = client_for(lina)
    response = client.post(reverse("password_change"), {
        "old_password": OLD, "new_password1": NEW, "new_password2": NEW}, follow=True)
    assert "Votre mot de passe est changé." in response.content.decode()
    assert response.wsgi_request.user.is_authenticated  # still logged in
    lina.refresh_from_db()
    assert lina.check_password(NEW)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.UPDATE, object_id=str(lina.pk))
    assert entry.fields == ["password"] and entry.actor == lina
    assert NEW not in str(entry.__dict__)


@pytest.mark.parametrize("data, message", [
    ({"old_password": "pas le bon", "new_password1": NEW, "new_password2": NEW},
     "Votre ancien mot de passe est incorrect"),
    ({"old_password": OLD, "new_password1": "abc", "new_password2": "abc"},
     "Ce mot de passe est trop court"),
    ({"old_password": OLD, "new_password1": "12345678901", "new_password2": "12345678901"},
     "Ce mot de passe est entièrement numérique"),
    ({"old_password": OLD, "new_password1": NEW, "new_password2": NEW + "x"},
     "Les deux mots de passe ne correspondent pas"),
])
def test_a_wrong_password_change_says_why_in_french_and_changes_nothing(client_for, lina,
                                                                        data, message):
    response = client_for(lina).post(reverse("password_change"), data)
    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'")
    lina.refresh_from_db()
    assert lina.check_password(OLD)
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE).exists()


def test_the_password_page_needs_a_login(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302 and "/connexion/" in response["Location"]
