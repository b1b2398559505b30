"""Personas for the whole suite: one user per role, plus an outsider with no role."""

import pytest

from tisserand.core.roles import ACCUEIL, ANIMATEUR, DIRECTION
from tisserand.testing.factories import ContributorFactory, UserFactory

# The small centre of the figure and report tests (``world``).
pytest_plugins = ["tisserand.testing.small_centre"]


@pytest.fixture(autouse=True)
def run_dir(settings, tmp_path_factory):
    """Each test its own run directory: the serving mark that test requests leave, or a
    maintenance lock, never reach another test (or a restore test)."""
    settings.RUN_DIR = tmp_path_factory.mktemp("run")
    return settings.RUN_DIR


@pytest.fixture
def direction_user(db):
    return UserFactory(username="direction", roles=[DIRECTION])


@pytest.fixture
def accueil_user(db):
    return UserFactory(username="accueil", roles=[ACCUEIL])


@pytest.fixture
def animateur_user(db):
    """An animateur linked to a staff contributor record (activities are assigned to it)."""
    user = UserFactory(username="animateur", roles=[ANIMATEUR])
    ContributorFactory(user=user, first_name="Sami", last_name="Animateur")
    return user


@pytest.fixture
def outsider_user(db):
    """Logged in, but with no role in the centre."""
    return UserFactory(username="sansrole")


@pytest.fixture
def client_for(client):
    """Log a client in as the given user: ``client_for(direction_user)``."""

    def login(user):
        client.force_login(user)
        return client

    return login


def pytest_configure(config):
    """Fast password hashing in tests: the real hasher costs ~100 ms per user created."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests of the second factor turn it on explicitly; elsewhere personas log in directly.
    settings.TISSERAND_REQUIRE_2FA = False
    # The test client and the live server speak plain HTTP, with a key that is not the
    # development one (the server refuses that one when DEBUG is off).
    settings.SECRET_KEY = "tests-only-key-" + "x" * 40
    settings.SECURE_SSL_REDIRECT = settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_HSTS_SECONDS = 0
