"""Consents and anonymisation marks moved from privacy to people (migration people 0002):
rows, content types and the audit entries that point at them survive the move."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("people", "0001_initial"), ("privacy", "0002_alter_consent_kind"),
          ("audit", "0001_initial")]
AFTER = [("people", "0002_consent_anonymisation"), ("privacy", "0003_models_moved_to_people"),
         ("audit", "0001_initial")]


@pytest.fixture
def executor(transactional_db):
    executor = MigrationExecutor(connection)
    yield executor
    # Leave the test database at the latest schema for the tests that follow.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def _apps_at(executor, targets):
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def test_rows_content_types_and_audit_entries_follow_the_models(executor):
    """GIVEN a database before the move, with a consent, an anonymisation mark and an audit
    entry about the consent WHEN migrated THEN the same rows are read through people's
    models and the audit entry still points at the consent's content type."""
    old = _apps_at(executor, BEFORE)
    person = old.get_model("people", "Person").objects.create(first_name="Awa", last_name="Diop")
    other = old.get_model("people", "Person").objects.create(first_name="Paul", last_name="Roy")
    consent = old.get_model("privacy", "Consent").objects.create(
        person=person, kind="reminders", given=False, recorded_on=dt.date(2020, 3, 2)
    )
    old.get_model("privacy", "Anonymisation").objects.create(
        person=other, anonymised_on=dt.date(2021, 1, 5), reason="request"
    )
    content_types = old.get_model("contenttypes", "ContentType").objects
    consent_type, _created = content_types.get_or_create(app_label="privacy", model="consent")
    old.get_model("audit", "AuditEntry").objects.create(
        action="create", content_type=consent_type, object_id=str(consent.pk),
    )

    new = _apps_at(executor, AFTER)

    moved = new.get_model("people", "Consent").objects.get()
    assert (moved.pk, moved.person_id, moved.kind, moved.given) == (
        consent.pk, person.pk, "reminders", False
    )
    assert new.get_model("people", "Anonymisation").objects.get().person_id == other.pk
    new_type = new.get_model("contenttypes", "ContentType").objects.get(pk=consent_type.pk)
    assert (new_type.app_label, new_type.model) == ("people", "consent")
    entry = new.get_model("audit", "AuditEntry").objects.get()
    assert entry.content_type_id == consent_type.pk
    tables = connection.introspection.table_names()
    assert "people_consent" in tables and "privacy_consent" not in tables
