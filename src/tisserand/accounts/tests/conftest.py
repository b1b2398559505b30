import datetime as dt
from unittest import mock

import pytest
from django.utils import timezone

from tisserand.accounts import totp
from tisserand.accounts.models import TwoFactor

PASSWORD = "motdepasse-de-test"  # UserFactory's password


class Clock:
    """A frozen ``timezone.now`` that tests move forward by hand."""

    def __init__(self, start):
        self.now = start

    def advance(self, **delta):
        self.now += dt.timedelta(**delta)

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    frozen = Clock(timezone.now().replace(microsecond=0))
    with mock.patch("django.utils.timezone.now", frozen):
        yield frozen


def current_code(secret: str, at=None) -> str:
    return totp.totp(totp.decode_secret(secret), at or timezone.now())


@pytest.fixture
def with_totp():
    """Give a user a confirmed second factor: ``secret = with_totp(user)``."""

    def enable(user):
        secret = totp.generate_secret()
        TwoFactor.objects.create(user=user, secret=secret, confirmed_at=timezone.now())
        return secret

    return enable
