"""The demo centre is built once per test module (about 5 s), then wiped."""

import io

import pytest
from django.core.management import call_command

from tisserand.demo.build import wipe_centre_data


@pytest.fixture(scope="module")
def demo_centre(django_db_setup, django_db_blocker):
    """GIVEN the demo centre, built once for the whole module (committed, then wiped)."""
    with django_db_blocker.unblock():
        out = io.StringIO()
        call_command("loaddemo", stdout=out)
        yield out.getvalue()
        wipe_centre_data()
