"""Second factor: setup, login second step, code reuse, mandatory roles."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from tisserand.accounts import services, totp
from tisserand.accounts.middleware import EXEMPT_VIEWS
from tisserand.accounts.models import EnrolmentCode, LoginThrottle, TwoFactor
from tisserand.accounts.tests.conftest import PASSWORD, current_code
from tisserand.audit.models import AuditEntry
from tisserand.testing.factories import UserFactory

SETUP = reverse("twofactor_setup")
DISABLE = reverse("twofactor_disable")
CODE = reverse("login_code")


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def enrol(client, user):
    """The direction gives the user an enrolment code; the user types it on the setup
    page, which then shows the key."""
    code = services.enrolment_code_issue(user=user)
    response = client.post(SETUP, {"enrolment_code": code})
    assert response.status_code == 302 and response.url == SETUP
    return code


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
    enrol(client, accueil_user)
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
    enrol(client, accueil_user)
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
    enrol(client, accueil_user)
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
    assert not EnrolmentCode.objects.filter(user=accueil_user).exists()  # used up


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
def test_wrong_codes_count_for_the_throttling(client, accueil_user, with_totp, clock):
    secret = with_totp(accueil_user)
    client.post(reverse("login"), {"username": "accueil", "password": PASSWORD})
    wrong = str((int(current_code(secret)) + 5) % 1_000_000).zfill(6)
    client.post(CODE, {"code": wrong})
    client.post(CODE, {"code": wrong})
    response = client.post(CODE, {"code": wrong})  # the 3rd at once: a delay, not counted
    assert "attendez 1 seconde" in response.content.decode()
    for _ in range(2):
        clock.advance(seconds=10)
        client.post(CODE, {"code": wrong})
    clock.advance(seconds=10)
    response = client.post(CODE, {"code": wrong}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("login")
    assert "Trop d&#x27;essais : ce compte est bloqué" in response.content.decode()
    assert LoginThrottle.objects.get(scope="pair", username="accueil").failures == 5
    # The series is in the trail twice (its start, the lock), not once per code.
    assert AuditEntry.objects.filter(action="login_failed").count() == 2
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
        clock.advance(seconds=10)
        client.post(reverse("login"), {"username": "accueil", "password": PASSWORD})
        client.post(CODE, {"code": wrong})
    clock.advance(seconds=10)
    response = client.post(reverse("login"), {"username": "accueil", "password": PASSWORD})
    assert "ce compte est bloqué" in response.content.decode()
    assert LoginThrottle.objects.get(scope="pair", username="accueil").failures == 5


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
    assert "Code d&#x27;activation remis par la direction" in client.get(SETUP).content.decode()


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


# --- enrolment codes ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_password_alone_cannot_enrol_a_phone(client, direction_user, settings):
    """GIVEN someone holding the password of a direction account not enrolled yet
    WHEN they log in THEN the setup page asks for the enrolment code, shows no key, and a
    guessed code is refused: nothing is registered."""
    settings.TISSERAND_REQUIRE_2FA = True
    services.enrolment_code_issue(user=direction_user)  # given to the real person
    client.post(reverse("login"), {"username": "direction", "password": PASSWORD})
    page = client.get(SETUP).content.decode()
    assert "Code d&#x27;activation remis par la direction" in page
    assert "otpauth://" not in page
    assert not TwoFactor.objects.filter(user=direction_user).exists()
    response = client.post(SETUP, {"enrolment_code": "abcd-efgh-jkmn-pqrs"})
    assert response.status_code == 400
    assert "Code d&#x27;activation incorrect ou expiré" in response.content.decode()
    assert "otpauth://" not in client.get(SETUP).content.decode()
    # Confirming directly with a TOTP code, skipping the enrolment step, does nothing.
    client.post(SETUP, {"code": "123456"})
    assert not TwoFactor.objects.filter(user=direction_user).exists()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.TWO_FACTOR_ON).exists()
    assert LoginThrottle.objects.get(scope="pair", username="direction").failures == 1


@pytest.mark.django_db
def test_the_enrolment_code_is_stored_hashed_used_once_and_expires(client_for, accueil_user,
                                                                   clock):
    code = services.enrolment_code_issue(user=accueil_user)
    stored = EnrolmentCode.objects.get(user=accueil_user)
    assert code.replace("-", "") not in str(list(EnrolmentCode.objects.values()))
    assert len(stored.code_hash) == 64
    assert stored.expires_at == clock.now + dt.timedelta(days=7)
    client = client_for(accueil_user)
    client.post(SETUP, {"enrolment_code": code.upper().replace("-", " ")})  # as typed
    client.get(SETUP)
    secret = TwoFactor.objects.get(user=accueil_user).secret
    client.post(SETUP, {"code": current_code(secret)})
    assert TwoFactor.objects.get(user=accueil_user).is_confirmed
    assert not EnrolmentCode.objects.exists()
    # Used once: after a reset by the direction, the old code is worth nothing.
    services.enrolment_code_issue(user=accueil_user)
    assert services.enrolment_code_check(user=accueil_user, code=code) is None
    # Expired after seven days.
    new = services.enrolment_code_issue(user=accueil_user)
    clock.advance(days=7, seconds=1)
    assert services.enrolment_code_check(user=accueil_user, code=new) is None
    client = client_for(accueil_user)  # the session of a week ago has expired too
    response = client.post(SETUP, {"enrolment_code": new})
    assert "incorrect ou expiré" in response.content.decode()


@pytest.mark.django_db
def test_a_code_checked_then_replaced_cannot_finish_the_enrolment(client_for, accueil_user,
                                                                  clock):
    """The session remembers the checked code: if the direction issues a new one meanwhile
    (the phone was being registered by someone else), the first session cannot finish."""
    client = client_for(accueil_user)
    enrol(client, accueil_user)
    client.get(SETUP)
    secret = TwoFactor.objects.get(user=accueil_user).secret
    services.enrolment_code_issue(user=accueil_user)
    page = client.post(SETUP, {"code": current_code(secret)}).content.decode()
    assert "Code d&#x27;activation remis par la direction" in page
    assert not TwoFactor.objects.filter(user=accueil_user, confirmed_at__isnull=False).exists()


@pytest.mark.django_db
def test_the_direction_gets_a_code_when_creating_an_account(client_for, direction_user):
    from django.contrib.auth.models import Group

    Group.objects.get_or_create(name="mediation")
    client = client_for(direction_user)
    response = client.post(reverse("user_create"), {
        "username": "nouvelle", "first_name": "Nina", "last_name": "Nouvelle",
        "roles": ["mediation"], "password": "",
    })
    page = response.content.decode()
    assert response["Cache-Control"] == "no-store"
    code = page.split('id="enrolment-code">')[1].split("<")[0]
    user = get_user_model_for_tests().objects.get(username="nouvelle")
    assert services.enrolment_code_check(user=user, code=code)
    assert code not in str(list(AuditEntry.objects.values()))


@pytest.mark.django_db
def test_resetting_the_second_factor_gives_a_new_code(client_for, direction_user,
                                                      accueil_user, with_totp):
    with_totp(accueil_user)
    client = client_for(direction_user)
    response = client.post(reverse("user_update", args=[accueil_user.pk]), {
        "first_name": "A", "last_name": "B", "email": "", "roles": ["accueil"],
        "is_active": "on", "password": "", "reset_two_factor": "on",
    })
    page = response.content.decode()
    code = page.split('id="enrolment-code">')[1].split("<")[0]
    assert not TwoFactor.objects.filter(user=accueil_user).exists()
    assert services.enrolment_code_check(user=accueil_user, code=code)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.TWO_FACTOR_OFF)
    assert entry.actor == direction_user


@pytest.mark.django_db
def test_the_command_gives_a_code(accueil_user):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("twofactor_code", "Accueil", stdout=out)
    code = out.getvalue().strip().rsplit(" ", 1)[1]
    assert services.enrolment_code_check(user=accueil_user, code=code)


def get_user_model_for_tests():
    from django.contrib.auth import get_user_model

    return get_user_model()
