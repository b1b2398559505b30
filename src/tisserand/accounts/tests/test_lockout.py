"""Lockout after repeated failures on the login page."""

import pytest
from django.urls import reverse

from tisserand.accounts import services
from tisserand.accounts.models import LoginFailure
from tisserand.accounts.tests.conftest import PASSWORD
from tisserand.audit.models import AuditEntry

LOCKED = "Trop d&#x27;essais : ce compte est bloqué pendant 15 minutes."


def attempt(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def fail(client, username, times):
    for _ in range(times):
        response = attempt(client, username, "mauvais")
        assert not logged_in(client)
    return response


@pytest.mark.django_db
def test_good_password_logs_in(client, accueil_user):
    response = attempt(client, "accueil", PASSWORD)
    assert response.status_code == 302 and response.url == reverse("dashboard")
    assert logged_in(client)
    assert AuditEntry.objects.filter(action="login", actor=accueil_user).count() == 1


@pytest.mark.django_db
def test_wrong_password_is_recorded_without_the_password(client, accueil_user):
    """GIVEN a wrong password THEN one failure is stored: username, address, time only."""
    response = attempt(client, " accueil ", "mauvais-secret")
    assert "Identifiant ou mot de passe incorrect" in response.content.decode()
    failure = LoginFailure.objects.get()
    assert (failure.username, failure.ip) == ("accueil", "127.0.0.1")
    assert "mauvais-secret" not in str(LoginFailure.objects.values().get())
    entry = AuditEntry.objects.get(action="login_failed")
    assert entry.object_id == str(accueil_user.pk)


@pytest.mark.django_db
def test_sixth_attempt_refused_even_with_the_right_password(client, accueil_user, clock):
    """GIVEN 5 failures within 15 minutes WHEN the right password is typed THEN it is refused
    with the lockout message, and the refused attempt is not counted."""
    fail(client, "accueil", 4)
    clock.advance(minutes=10)
    response = fail(client, "accueil", 1)
    assert LOCKED in response.content.decode()
    response = attempt(client, "accueil", PASSWORD)
    assert not logged_in(client)
    assert LOCKED in response.content.decode()
    assert LoginFailure.objects.count() == 5


@pytest.mark.django_db
def test_lock_is_per_username_whatever_the_case(client, accueil_user, direction_user):
    fail(client, "ACCUEIL", 3)
    fail(client, "accueil ", 2)
    assert LOCKED in attempt(client, "accueil", PASSWORD).content.decode()
    attempt(client, "direction", PASSWORD)
    assert logged_in(client)


@pytest.mark.django_db
def test_allowed_again_after_the_lock_period(client, accueil_user, clock):
    fail(client, "accueil", 5)
    clock.advance(minutes=14, seconds=59)
    attempt(client, "accueil", PASSWORD)
    assert not logged_in(client)
    clock.advance(seconds=2)
    attempt(client, "accueil", PASSWORD)
    assert logged_in(client)
    assert not LoginFailure.objects.filter(username="accueil").exists()


@pytest.mark.django_db
def test_success_resets_the_count(client, accueil_user):
    fail(client, "accueil", 4)
    attempt(client, "accueil", PASSWORD)
    client.logout()
    fail(client, "accueil", 4)
    attempt(client, "accueil", PASSWORD)
    assert logged_in(client)


@pytest.mark.django_db
def test_failures_spread_over_more_than_the_window_do_not_lock(client, accueil_user, clock):
    for _ in range(5):
        fail(client, "accueil", 1)
        clock.advance(minutes=4)
    attempt(client, "accueil", PASSWORD)
    assert logged_in(client)


@pytest.mark.django_db
def test_unknown_usernames_are_locked_the_same_way(client):
    """The lock does not reveal whether an account exists."""
    response = fail(client, "personne", 5)
    assert LOCKED in response.content.decode()


@pytest.mark.django_db
def test_thresholds_come_from_the_settings(client, accueil_user, settings):
    settings.TISSERAND_LOGIN_MAX_FAILURES = 3
    settings.TISSERAND_LOGIN_LOCK_MINUTES = 30
    fail(client, "accueil", 3)
    response = attempt(client, "accueil", PASSWORD)
    assert not logged_in(client)
    assert "bloqué pendant 30 minutes" in response.content.decode()


@pytest.mark.django_db
def test_old_failures_are_purged(clock):
    services.login_failure_record(username="ancien", ip=None)
    clock.advance(days=2)
    services.login_failure_record(username="recent", ip="10.0.0.1")
    assert list(LoginFailure.objects.values_list("username", flat=True)) == ["recent"]


@pytest.mark.django_db
def test_admin_login_page_goes_through_our_login(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url == reverse("login") + "?next=/admin/"
