"""The demo centre as a module-scoped pytest fixture, shared by the demo and report tests.

Import ``demo_centre`` into a conftest or test module to use it: the centre is built once
per module (about 10 s), committed, then wiped at the end of the module. The module's tests
must carry the ``django_db`` marker (or use ``db``): pytest-django creates the test database
only for the tests it sees needing one."""

import io
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import connection

from tisserand.demo.build import wipe_centre_data


def on_test_database() -> bool:
    """True once pytest-django has switched the connection to the test database."""
    name = str(connection.settings_dict["NAME"])
    configured = (connection.settings_dict.get("TEST") or {}).get("NAME")
    return name == configured or name.startswith("test_") or "mode=memory" in name


@pytest.fixture(scope="module")
def demo_centre(django_db_setup, django_db_blocker):
    """GIVEN the demo centre, built once for the whole module (committed, then wiped)."""
    with built_demo_centre(django_db_blocker) as output:
        yield output


@contextmanager
def built_demo_centre(django_db_blocker) -> Iterator[str]:
    """Build the demo centre (committed), give ``loaddemo``'s output, then wipe it."""
    if not on_test_database():
        pytest.fail(
            "Pas de base de test : le centre de démonstration irait dans la vraie base. "
            "Marquez les tests du module avec django_db."
        )
    with django_db_blocker.unblock():
        out = io.StringIO()
        call_command("loaddemo", stdout=out)
        try:
            yield out.getvalue()
        finally:
            wipe_centre_data()
            _clear_audit_trail()


def _clear_audit_trail() -> None:
    """The module's audit entries (written by the committed demo) would outlive it and
    break the tests that expect an empty trail. The trail refuses deletes through the ORM:
    on the test database only, plain SQL empties it."""
    from tisserand.audit.models import AuditEntry

    assert on_test_database()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(AuditEntry._meta.db_table)}")
