"""When the database cannot write (locked, read-only, disk full): pages that only read are
still served, a form gets the French 503 page and nothing is recorded; and a page view does
not write the session each time (``tisserand.core.sessions``).

The errors are the databases' own: SQLite made read-only (``PRAGMA query_only``), full
(``max_page_count``) or locked by another connection; PostgreSQL in a read-only
transaction. The end-to-end case, a real server while another process holds SQLite's write
lock, is in ``test_serve.py``.
"""

import datetime as dt
import sqlite3
from contextlib import contextmanager

import pytest
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tisserand.core.db_errors import FULL, LOCKED, READ_ONLY, write_failure
from tisserand.core.roles import ACCUEIL
from tisserand.people.models import Person
from tisserand.testing.factories import UserFactory

FORM = {
    "first_name": "Hélène", "last_name": "Lefèvre", "sex": "F", "birth_date": "1985-05-17",
    "birth_year": "", "household": "", "household_role": "", "phone": "", "email": "",
    "priority_area": "yes", "notes": "",
}
WRITES = ("INSERT", "UPDATE", "DELETE")


def sqlite_error(path, setup, statement):
    """The error SQLite itself raises for ``statement`` after ``setup``."""
    db = sqlite3.connect(path, timeout=0, isolation_level=None)
    db.execute("CREATE TABLE t (x TEXT)")
    setup(db)
    with pytest.raises(sqlite3.Error) as caught:
        db.execute(statement)
    db.close()
    return caught.value


def test_sqlite_errors_are_recognised(tmp_path):
    def read_only(db):
        db.execute("PRAGMA query_only = ON")

    def full(db):
        db.execute("PRAGMA max_page_count = 2")

    def locked(db):
        other = sqlite3.connect(tmp_path / "locked.sqlite3", isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        other.execute("INSERT INTO t VALUES ('x')")
        locked.holder = other  # keep the lock until the statement below has failed

    insert = "INSERT INTO t VALUES ('y')"
    assert write_failure(sqlite_error(tmp_path / "ro.sqlite3", read_only, insert)) == READ_ONLY
    big = "INSERT INTO t VALUES (printf('%.100000c', 'x'))"
    assert write_failure(sqlite_error(tmp_path / "full.sqlite3", full, big)) == FULL
    assert write_failure(sqlite_error(tmp_path / "locked.sqlite3", locked, insert)) == LOCKED
    locked.holder.close()


def test_wrapped_errors_and_others():
    """Django wraps the driver's error (``__cause__``); a constraint error is not a
    refused write, nor is Django's own 'Forced update did not affect any rows'."""
    try:
        try:
            raise sqlite3.OperationalError("attempt to write a readonly database")
        except sqlite3.Error as driver:
            raise DatabaseError("wrapped") from driver
    except DatabaseError as wrapped:
        assert write_failure(wrapped) == READ_ONLY
    assert write_failure(sqlite3.IntegrityError("UNIQUE constraint failed: t.x")) is None
    assert write_failure(DatabaseError("Forced update did not affect any rows.")) is None
    assert write_failure(ValueError("database is locked")) is None


def test_postgresql_states_are_recognised():
    errors = pytest.importorskip("psycopg.errors")
    assert write_failure(errors.ReadOnlySqlTransaction("read-only")) == READ_ONLY
    assert write_failure(errors.DiskFull("could not extend file")) == FULL
    assert write_failure(errors.LockNotAvailable("lock timeout")) == LOCKED
    assert write_failure(errors.UniqueViolation("duplicate key")) is None


@contextmanager
def read_only_database():
    """The database refuses every write until the block ends. The tests that use it run
    in autocommit, as the server does (``transaction=True``): a write that fails outside
    an atomic block then breaks nothing else."""
    assert not connection.in_atomic_block
    if connection.vendor == "sqlite":
        on, off = "PRAGMA query_only = ON", "PRAGMA query_only = OFF"
    else:  # PostgreSQL: each following transaction of this connection is read-only
        on, off = ("SET default_transaction_read_only = on",
                   "SET default_transaction_read_only = off")
    with connection.cursor() as cursor:
        cursor.execute(on)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(off)


@pytest.fixture
def accueil_in_autocommit(transactional_db):
    """An accueil user for the tests that run in autocommit: an earlier such test may have
    emptied the tables, the role groups of the migrations included."""
    Group.objects.get_or_create(name=ACCUEIL)
    return UserFactory(username="accueil", roles=[ACCUEIL])


@pytest.mark.django_db
def test_reading_a_page_writes_nothing(client_for, accueil_user):
    client = client_for(accueil_user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("person_list")).status_code == 200
        assert client.get(reverse("dashboard")).status_code == 200
    written = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
    assert written == []


@pytest.mark.django_db(transaction=True)
def test_pages_are_read_and_forms_refused_in_french_when_the_database_is_read_only(
    client_for, accueil_in_autocommit, settings
):
    accueil_user = accueil_in_autocommit
    # The session's refresh is due on every request: the hardest case for a read.
    settings.TISSERAND_SESSION_REFRESH_SECONDS = 0
    client = client_for(accueil_user)
    before = Person.objects.count()
    with read_only_database():
        page = client.get(reverse("person_list"))
        assert page.status_code == 200
        response = client.post(reverse("person_create"), FORM)
        text = response.content.decode()
        assert Person.objects.count() == before
    assert response.status_code == 503
    assert "La base de données est en lecture seule" in text
    assert "n'a pas été enregistrée" in text.replace("&#x27;", "'")
    assert "Bad Request" not in text
    assert not Person.objects.filter(first_name="Hélène").exists()
    # Once writable again, the same form is saved.
    assert client.post(reverse("person_create"), FORM).status_code == 302
    assert Person.objects.count() == before + 1


@pytest.mark.django_db(transaction=True)
def test_a_login_refused_by_a_read_only_database_gets_the_french_page(
    client, accueil_in_autocommit
):
    accueil_user = accueil_in_autocommit
    accueil_user.set_password("mot de passe du test")
    accueil_user.save()
    with read_only_database():
        assert client.get(reverse("login")).status_code == 200
        response = client.post(
            reverse("login"),
            {"username": accueil_user.username, "password": "mot de passe du test"},
        )
    assert response.status_code == 503
    assert "La base de données est en lecture seule" in response.content.decode()
    accueil_user.refresh_from_db()
    assert accueil_user.last_login is None
    assert not Session.objects.exists()  # (the test client's .session would create one)


@pytest.mark.django_db
def test_session_refreshed_after_the_interval_only(client_for, accueil_user, settings):
    """The idle timeout still holds: a request after the refresh interval pushes the
    session's end back; one before it writes nothing."""
    client = client_for(accueil_user)
    key = client.session.session_key
    first_end = Session.objects.get(session_key=key).expire_date
    assert client.get(reverse("dashboard")).status_code == 200
    assert Session.objects.get(session_key=key).expire_date == first_end

    settings.TISSERAND_SESSION_REFRESH_SECONDS = 0
    assert client.get(reverse("dashboard")).status_code == 200
    refreshed = Session.objects.get(session_key=key).expire_date
    assert refreshed > first_end
    assert refreshed >= timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - 5)


def test_the_project_error_handler_answers_503_for_a_refused_write(rf):
    """A refused write raised outside a view (by a middleware) reaches ``handler500``."""
    from tisserand import urls
    from tisserand.core.db_errors import server_error

    assert urls.handler500 == "tisserand.core.db_errors.server_error"
    request = rf.post("/habitants/nouveau/")
    try:
        try:
            raise sqlite3.OperationalError("database or disk is full")
        except sqlite3.Error as driver:
            raise DatabaseError("database or disk is full") from driver
    except DatabaseError:
        response = server_error(request)
    assert response.status_code == 503
    assert "Le disque du serveur est plein" in response.content.decode()
    try:
        raise RuntimeError("autre chose")
    except RuntimeError:
        response = server_error(request)
    assert response.status_code == 500
    assert "Une erreur est survenue" in response.content.decode()


@pytest.mark.django_db
def test_a_form_recorded_by_its_view_is_not_denied_for_a_refresh_that_failed_after(
    client_for, accueil_user, settings
):
    """The view saved the person; only the session's refresh, written afterwards, meets
    the lock (another process took it in between): the answer is the view's (redirect to
    the new person), not a 503 saying that nothing was recorded."""
    from unittest import mock

    from django.contrib.sessions.backends.base import UpdateError
    from django.contrib.sessions.backends.db import SessionStore

    def locked_save(*args, **kwargs):
        try:
            raise sqlite3.OperationalError("database is locked")
        except sqlite3.Error:
            raise UpdateError  # noqa: B904 (as Django's store does: the lock is its context)

    settings.TISSERAND_SESSION_REFRESH_SECONDS = 0
    client = client_for(accueil_user)
    with mock.patch.object(SessionStore, "save", locked_save):
        response = client.post(reverse("person_create"), FORM)
        assert client.get(reverse("person_list")).status_code == 200
    assert response.status_code == 302
    assert Person.objects.filter(first_name="Hélène").count() == 1
