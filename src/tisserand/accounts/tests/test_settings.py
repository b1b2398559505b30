"""Production settings of login security, read from the settings module itself (the test
conftest swaps the hasher for MD5 and turns the second factor off)."""

import datetime as dt
import importlib

import pytest
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.sessions.models import Session
from django.urls import reverse

from tisserand import settings as tisserand_settings


def test_argon2_hashes_new_passwords(settings):
    assert tisserand_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    settings.PASSWORD_HASHERS = tisserand_settings.PASSWORD_HASHERS
    encoded = make_password("correct horse battery staple")
    assert encoded.startswith("argon2$")
    assert check_password("correct horse battery staple", encoded)
    assert not check_password("wrong", encoded)


def test_older_pbkdf2_hashes_still_verify(settings):
    settings.PASSWORD_HASHERS = tisserand_settings.PASSWORD_HASHERS
    old = make_password("ancien", hasher="pbkdf2_sha256")
    assert old.startswith("pbkdf2_sha256$")
    assert check_password("ancien", old)


def test_sessions_expire_after_eight_idle_hours_and_at_browser_close():
    assert tisserand_settings.SESSION_COOKIE_AGE == 8 * 3600
    assert tisserand_settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    # Pushed back by a request at most every 5 minutes, not written on every page view
    # (tisserand.core.sessions; tested in core/tests/test_db_write_errors.py).
    assert tisserand_settings.SESSION_SAVE_EVERY_REQUEST is False
    assert tisserand_settings.TISSERAND_SESSION_REFRESH_SECONDS == 300


def test_lockout_defaults():
    assert tisserand_settings.TISSERAND_LOGIN_MAX_FAILURES == 5
    assert tisserand_settings.TISSERAND_LOGIN_LOCK_MINUTES == 15
    assert set(tisserand_settings.TISSERAND_2FA_ROLES) == {"direction", "mediation"}


@pytest.fixture
def reload_settings(monkeypatch):
    for name in ("TISSERAND_DEBUG", "TISSERAND_REQUIRE_2FA", "TISSERAND_SESSION_HOURS"):
        monkeypatch.delenv(name, raising=False)

    def reload(**env):
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return importlib.reload(tisserand_settings)

    yield reload
    monkeypatch.undo()
    importlib.reload(tisserand_settings)


def test_second_factor_required_in_production_not_in_the_demo(reload_settings):
    """`make demo` runs with TISSERAND_DEBUG=1: its accounts keep logging in by password."""
    assert reload_settings().TISSERAND_REQUIRE_2FA is True
    assert reload_settings(TISSERAND_DEBUG="1").TISSERAND_REQUIRE_2FA is False
    assert reload_settings(TISSERAND_DEBUG="1", TISSERAND_REQUIRE_2FA="1").TISSERAND_REQUIRE_2FA


def test_session_length_from_the_environment(reload_settings):
    assert reload_settings(TISSERAND_SESSION_HOURS="2").SESSION_COOKIE_AGE == 2 * 3600


def test_login_limits_and_enrolment_delay_from_the_environment(reload_settings, settings):
    """A centre behind one shared address (a school's network) raises the per-address
    limit without editing code; the throttle reads what the settings read."""
    from tisserand.accounts import throttle

    loaded = reload_settings(
        TISSERAND_LOGIN_ADDRESS_MAX_FAILURES="200", TISSERAND_2FA_ENROLMENT_DAYS="3"
    )
    assert loaded.TISSERAND_LOGIN_ADDRESS_MAX_FAILURES == 200
    assert loaded.TISSERAND_2FA_ENROLMENT_DAYS == 3
    assert loaded.TISSERAND_LOGIN_KNOWN_ADDRESS_DAYS == 30  # untouched default
    settings.TISSERAND_LOGIN_ADDRESS_MAX_FAILURES = loaded.TISSERAND_LOGIN_ADDRESS_MAX_FAILURES
    assert throttle.rule(throttle.Scope.ADDRESS).limit == 200


@pytest.mark.django_db
def test_each_request_pushes_the_idle_expiry_back(client_for, accueil_user, settings, clock):
    """GIVEN the production session settings WHEN a page is opened two hours after login
    THEN the session lives 8 hours from that request (not from the login); after 8 idle
    hours it is gone."""
    settings.TISSERAND_SESSION_REFRESH_SECONDS = (
        tisserand_settings.TISSERAND_SESSION_REFRESH_SECONDS
    )
    client = client_for(accueil_user)
    clock.advance(hours=2)
    assert client.get(reverse("dashboard")).status_code == 200
    stored = Session.objects.get(session_key=client.session.session_key)
    assert stored.expire_date == clock.now + dt.timedelta(hours=8)
    clock.advance(hours=7, minutes=59)  # 9h59 after login, 7h59 idle: still in
    assert client.get(reverse("dashboard")).status_code == 200
    clock.advance(hours=8, seconds=1)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
