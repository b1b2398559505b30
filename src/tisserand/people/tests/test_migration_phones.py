"""Migration people 0005: the numbers recorded before it are normalised for the search."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("people", "0004_versions")]
AFTER = [("people", "0005_phone_normalised")]


@pytest.fixture
def executor(transactional_db):
    executor = MigrationExecutor(connection)
    yield executor
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def _apps_at(executor, targets):
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def test_existing_numbers_are_normalised(executor):
    old = _apps_at(executor, BEFORE)
    persons = old.get_model("people", "Person").objects
    typed = persons.create(first_name="Awa", last_name="Diop", phone="06.12.34.56.78")
    nonsense = persons.create(first_name="Paul", last_name="Roy", phone="voir sa fille")
    none = persons.create(first_name="Inès", last_name="Roy")
    household = old.get_model("people", "Household").objects.create(
        name="Diop", phone="+44 20 7946 0958")

    new = _apps_at(executor, AFTER)
    normalised = dict(new.get_model("people", "Person").objects.values_list(
        "pk", "phone_normalised"))
    assert normalised == {typed.pk: "+33612345678", nonsense.pk: "", none.pk: ""}
    assert new.get_model("people", "Household").objects.get(
        pk=household.pk).phone_normalised == "+442079460958"
