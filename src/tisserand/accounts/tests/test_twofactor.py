"""Second factor: setup, login second step, code reuse, mandatory roles."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from tisserand.accounts import totp
from tisserand.accounts.middleware import EXEMPT_VIEWS
from tisserand.accounts.models import LoginFailure, TwoFactor
from tisserand.accounts.tests.conftest import PASSWORD, current_code
from tisserand.audit.models import AuditEntry
from tisserand.testing.factories import UserFactory

SETUP = reverse("twofactor_setup")
DISABLE = reverse("twofactor_disable")
CODE = reverse("login_code")


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def mediation_user(db):
    Group.objects.get_or_create(name="mediation")
    return UserFactory(username="mediation", roles=["mediation"])


# --- setup -------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("url", [SETUP, DISABLE, CODE])
def test_anonymous_goes_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.django_db
def test_setup_page_shows_a_stable_key_and_the_otpauth_uri(client_for, accueil_user):
    client = client_for(accueil_user)
    page = client.get(SETUP).content.decode()
    secret = TwoFactor.objects.get(user=accueil_user).secret
    assert "Double authentification" in page
    assert totp.group_secret(secret) in page
    assert f"otpauth://totp/Tisserand:accueil?secret={secret}" in page
    client.get(SETUP)
    assert TwoFactor.objects.get(user=accueil_user).secret == secret


@pytest.mark.django_db
def test_a_wrong_first_code_activates_nothing(client_for, accueil_user):
    client = client_for(accueil_user)
    client.get(SETUP)
    secret = TwoFactor.objects.get(user=accueil_user).secret
    wrong = str((int(current_code(secret)) + 1) % 1_000_000).zfill(6)
    response = client.post(SETUP, {"code": wrong})
    assert "Code incorrect" in response.content.decode()
    assert TwoFactor.objects.get(user=accueil_user).confirmed_at is None
    response = client.post(SETUP, {"code": "12ab"})
    assert "Saisissez les 6 chiffres" in response.content.decode()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.TWO_FACTOR_ON).exists()


@pytest.mark.django_db
def test_the_first_code_activates_the_second_factor(client_for, accueil_user, clock):
    client = client_for(accueil_user)
    client.get(SETUP)
    secret = TwoFactor.objects.get(user=accueil_user).secret
    response = client.post(SETUP, {"code": current_code(secret)}, follow=True)
    assert "La double authentification est activée." in response.content.decode()
    assert "active depuis le" in response.content.decode()
    two_factor = TwoFactor.objects.get(user=accueil_user)
    assert two_factor.confirmed_at == clock.now
    assert two_factor.last_used_step == totp.time_step(clock.now)
    assert secret not in response.content.decode()  # never shown again once active
    entry = AuditEntry.objects.get(action=AuditEntry.Action.TWO_FACTOR_ON)
    assert (entry.actor, entry.object_id) == (accueil_user, str(accueil_user.pk))
    assert secret not in entry.note + entry.object_label  # the key never reaches the trail


# --- login second step -------------------------------------------------------------------


@pytest.mark.django_db
def test_password_then_code(client, accueil_user, with_totp, clock):
    """GIVEN a confirmed second factor WHEN the password is right THEN the user is not logged
    in before giving the code; the code logs them in and goes on to ``next``."""
    secret = with_totp(accueil_user)
    response = client.post(
        reverse("login"),
        {"username": "accueil", "password": PASSWORD, "next": reverse("person_list")},
    )
    assert response.url == CODE
    assert not logged_in(client)
    assert "code à 6 chiffres" in client.get(CODE).content.decode()
    response = client.post(CODE, {"code": current_code(secret)})
    assert response.url == reverse("person_list")
    assert int(client.session["_auth_user_id"]) == accueil_user.pk
    assert AuditEntry.objects.filter(action="login", actor=accueil_user).count() == 1


@pytest.mark.django_db
def test_a_used_code_cannot_be_used_again(client, accueil_user, with_totp, clock):
    secret = with_totp(accueil_user)
    code = current_code(secret)
    client.post(reverse("login"), {"username": "accueil", "password": PASSWORD})
    client.post(CODE, {"code": code})
    assert logged_in(client)
    client.logout()
    clock.advance(seconds=10)
    client.post(reverse("login"), {"username": "accueil", "password": PASSWORD})
    response = client.post(CODE, {"code": code})
    assert not logged_in(client)
    assert "Code incorrect ou déjà utilisé" in response.content.decode()
    clock.advance(seconds=30)
    client.post(CODE, {"code": current_code(secret)})
    assert logged_in(client)


@pytest.mark.django_db
def test_wrong_codes_count_for_the_lockout(client, accueil_user, with_totp, clock):
    secret = with_totp(accueil_user)
    client.post(reverse("login"), {"username": "accueil", "password": PASSWORD})
    wrong = str((int(current_code(secret)) + 5) % 1_000_000).zfill(6)
    for _ in range(4):
        client.post(CODE, {"code": wrong})
    response = client.post(CODE, {"code": wrong}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("login")
    assert "Trop d&#x27;essais : ce compte est bloqué" in response.content.decode()
    assert LoginFailure.objects.filter(username="accueil").count() == 5
    assert AuditEntry.objects.filter(action="login_failed").count() == 5
    # Even the password step is refused now.
    client.post(reverse("login"), {"username": "accueil", "password": PASSWORD})
    assert client.get(CODE).url == reverse("login")
    assert not logged_in(client)


@pytest.mark.django_db
def test_the_right_password_alone_does_not_reset_the_count(client, accueil_user, with_totp,
                                                           clock):
    """Otherwise re-typing the password between wrong codes would allow endless guesses."""
    secret = with_totp(accueil_user)
    wrong = str((int(current_code(secret)) + 5) % 1_000_000).zfill(6)
    for _ in range(5):
        client.post(reverse("login"), {"username": "accueil", "password": PASSWORD})
        client.post(CODE, {"code": wrong})
    response = client.post(reverse("login"), {"username": "accueil", "password": PASSWORD})
    assert "ce compte est bloqué" in response.content.decode()
    assert LoginFailure.objects.filter(username="accueil").count() == 5


@pytest.mark.django_db
def test_pending_login_expires_after_five_minutes(client, accueil_user, with_totp, clock):
    secret = with_totp(accueil_user)
    client.post(reverse("login"), {"username": "accueil", "password": PASSWORD})
    clock.advance(minutes=6)
    response = client.post(CODE, {"code": current_code(secret)}, follow=True)
    assert not logged_in(client)
    assert "La connexion a expiré" in response.content.decode()


# --- disabling ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_disable_needs_the_password(client_for, accueil_user, with_totp):
    with_totp(accueil_user)
    client = client_for(accueil_user)
    assert DISABLE in client.get(SETUP).content.decode()
    response = client.post(DISABLE, {"password": "mauvais"})
    assert "Mot de passe incorrect." in response.content.decode()
    assert TwoFactor.objects.filter(user=accueil_user).exists()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.TWO_FACTOR_OFF).exists()
    response = client.post(DISABLE, {"password": PASSWORD}, follow=True)
    assert "La double authentification est désactivée." in response.content.decode()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.TWO_FACTOR_OFF)
    assert (entry.actor, entry.object_id) == (accueil_user, str(accueil_user.pk))
    assert not TwoFactor.objects.filter(user=accueil_user, confirmed_at__isnull=False).exists()
    client.logout()
    client.post(reverse("login"), {"username": "accueil", "password": PASSWORD})
    assert logged_in(client)  # no code asked any more


@pytest.mark.django_db
def test_disable_page_without_second_factor(client_for, outsider_user):
    """Any logged-in user, even without a role, may open their own pages."""
    client = client_for(outsider_user)
    response = client.get(DISABLE)
    assert "La double authentification n'est pas activée" in response.content.decode()
    assert "otpauth://" in client.get(SETUP).content.decode()


@pytest.mark.django_db
def test_mandatory_roles_cannot_disable(client_for, direction_user, with_totp, settings):
    settings.TISSERAND_REQUIRE_2FA = True
    with_totp(direction_user)
    client = client_for(direction_user)
    page = client.get(SETUP).content.decode()
    assert "obligatoire pour votre rôle" in page
    assert DISABLE not in page
    response = client.post(DISABLE, {"password": PASSWORD})
    assert "obligatoire pour votre rôle : elle reste active" in response.content.decode()
    assert TwoFactor.objects.filter(user=direction_user, confirmed_at__isnull=False).exists()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.TWO_FACTOR_OFF).exists()


# --- mandatory for direction and mediation -----------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["direction_user", "mediation_user"])
def test_mandatory_roles_are_sent_to_setup(request, client_for, settings, persona):
    settings.TISSERAND_REQUIRE_2FA = True
    client = client_for(request.getfixturevalue(persona))
    for url in (reverse("dashboard"), reverse("person_list"), "/admin/"):
        response = client.get(url)
        assert response.status_code == 302 and response.url == SETUP, url
    page = client.get(SETUP).content.decode()
    assert "la double authentification est obligatoire" in page
    response = client.get(reverse("person_list"), headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == SETUP
    assert {"logout", "login", "login_code", "twofactor_setup"} <= EXEMPT_VIEWS


@pytest.mark.django_db
def test_mandatory_role_with_second_factor_goes_on(client_for, direction_user, settings,
                                                   with_totp):
    settings.TISSERAND_REQUIRE_2FA = True
    with_totp(direction_user)
    response = client_for(direction_user).get(reverse("dashboard"))
    assert response.status_code == 200
    assert "Tableau de bord" in response.content.decode()


@pytest.mark.django_db
def test_accueil_is_not_forced(client_for, accueil_user, settings):
    settings.TISSERAND_REQUIRE_2FA = True
    response = client_for(accueil_user).get(reverse("dashboard"))
    assert response.status_code == 200


@pytest.mark.django_db
def test_nobody_is_forced_when_not_required(client_for, direction_user, settings):
    """The demo (DEBUG on) keeps its password-only accounts."""
    settings.TISSERAND_REQUIRE_2FA = False
    response = client_for(direction_user).get(reverse("dashboard"))
    assert response.status_code == 200


@pytest.mark.django_db
def test_full_login_of_a_mandatory_user_ends_on_setup(client, direction_user, settings):
    settings.TISSERAND_REQUIRE_2FA = True
    response = client.post(
        reverse("login"), {"username": "direction", "password": PASSWORD}, follow=True
    )
    assert logged_in(client)
    assert response.redirect_chain[-1][0] == SETUP
    assert dt.timedelta(hours=8).total_seconds() == settings.SESSION_COOKIE_AGE
