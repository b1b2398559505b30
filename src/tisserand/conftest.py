"""Personas for the whole suite: one user per role, plus an outsider with no role."""

import pytest

from tisserand.core.roles import ACCUEIL, ANIMATEUR, DIRECTION
from tisserand.testing.factories import ContributorFactory, UserFactory


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
