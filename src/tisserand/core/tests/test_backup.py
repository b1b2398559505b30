"""Backup and restore: the demo, saved then restored into an emptied database, gives back the
same 2020 report; a damaged file is refused and changes nothing.

Each test runs in a transaction rolled back at its end, so emptying the database here leaves
the module's demo centre in place for the next test."""

import dataclasses
import gzip
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection

from tisserand.activities.models import Action, Attendance, Session
from tisserand.core.backup import FORMAT, FORMAT_VERSION
from tisserand.core.periods import calendar_year
from tisserand.people.models import Household, Person
from tisserand.reports.builder import build_report
from tisserand.testing.demo import demo_centre  # noqa: F401  (module-scoped fixture)
from tisserand.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_content_types():
    """Restores recreate content types, and the test's rollback removes them again."""
    yield
    ContentType.objects.clear_cache()


@pytest.fixture(scope="module")
def backup_bytes(demo_centre, django_db_blocker, tmp_path_factory):  # noqa: F811
    """One backup of the demo for the module (each test gets its own copy)."""
    path = tmp_path_factory.mktemp("sauvegarde") / "demo.json.gz"
    out = io.StringIO()
    with django_db_blocker.unblock():
        call_command("backup", str(path), stdout=out)
    assert "Sauvegarde écrite" in out.getvalue()
    return path.read_bytes()


@pytest.fixture
def backup_file(backup_bytes, tmp_path):
    path = tmp_path / "sauvegarde.json.gz"
    path.write_bytes(backup_bytes)
    return path


def report_figures(report) -> dict:
    """Everything the 2020 report states, action by action (charts and dates aside)."""
    actions = {}
    for sector in report.sectors:
        for action in sector.actions:
            actions[(sector.name, action.name)] = {
                "figures": [dataclasses.astuple(line) for line in action.figures],
                "tables": [dataclasses.astuple(table) for table in action.tables],
                "activities": [dataclasses.astuple(block) for block in action.activities],
                "answers": action.answers,
                "sectors": action.other_sectors,
                "funding": action.funding_schemes,
            }
    return {
        "summary": [dataclasses.astuple(line) for line in report.summary],
        "centre_sections": report.centre_sections,
        "actions": actions,
    }


def counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count() for model in (Person, Household, Action, Session, Attendance)
    )


def test_backup_file_has_a_header_and_the_accounts(backup_file):
    with gzip.open(backup_file, "rt", encoding="utf-8") as stream:
        content = json.load(stream)
    header = content["header"]
    assert (header["format"], header["version"]) == (FORMAT, FORMAT_VERSION)
    assert header["database"] == connection.vendor
    assert header["created"][:2] == "20" and header["app_version"]
    models = {row["model"] for row in content["objects"]}
    assert {"people.person", "activities.attendance", "auth.user", "auth.group"} <= models
    # Sessions and the rows that migrations recreate stay out.
    assert not models & {"sessions.session", "contenttypes.contenttype", "auth.permission"}
    persons = [row for row in content["objects"] if row["model"] == "people.person"]
    assert len(persons) == Person.objects.count()


def test_demo_restored_into_an_empty_database_gives_the_same_2020_report(backup_file):
    """GIVEN the demo's 2020 report and a backup of the demo
    WHEN the database is emptied and the backup restored
    THEN the report states exactly the same figures, the accounts keep their roles, and new
    records get fresh ids (sequences reset)."""
    before = report_figures(build_report(calendar_year(2020), with_charts=False))
    before_counts = counts()
    assert len(before["actions"]) >= 10 and before_counts[0] > 500

    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()
    assert counts() == (0, 0, 0, 0, 0)
    out = io.StringIO()
    call_command("restore", str(backup_file), stdout=out)
    assert "restaurée" in out.getvalue()

    assert counts() == before_counts
    after = report_figures(build_report(calendar_year(2020), with_charts=False))
    assert after["summary"] == before["summary"]
    assert after["actions"].keys() == before["actions"].keys()
    for key, figures in before["actions"].items():
        assert after["actions"][key] == figures, key
    assert after == before
    direction = get_user_model().objects.get(username="direction")
    assert list(direction.groups.values_list("name", flat=True)) == ["direction"]
    assert direction.check_password("tisserand")
    newcomer = PersonFactory()
    assert newcomer.pk > max(Person.objects.exclude(pk=newcomer.pk).values_list("pk", flat=True))


def test_restore_refuses_a_database_that_holds_people(backup_file):
    before = counts()
    with pytest.raises(CommandError, match="contient déjà des habitants ou des actions"):
        call_command("restore", str(backup_file))
    assert counts() == before


def test_restore_force_replaces_the_content(backup_file):
    first = Person.objects.order_by("pk").first()
    Person.objects.filter(pk=first.pk).update(first_name="Prénom-Modifié")
    PersonFactory(first_name="Ajouté", last_name="Après")
    call_command("restore", str(backup_file), force=True, stdout=io.StringIO())
    assert not Person.objects.filter(first_name="Ajouté").exists()
    assert Person.objects.get(pk=first.pk).first_name == first.first_name


@pytest.mark.parametrize("damage", ["truncated", "corrupted", "not_gzip", "not_a_backup"])
def test_damaged_file_is_refused_and_changes_nothing(backup_file, damage):
    """GIVEN a damaged backup WHEN restoring it with --force (which would empty the base)
    THEN a French message refuses it and every record is still there."""
    data = backup_file.read_bytes()
    if damage == "truncated":
        data = data[: len(data) // 2]
    elif damage == "corrupted":
        middle = len(data) // 2
        flipped = bytes(b ^ 0xFF for b in data[middle : middle + 64])
        data = data[:middle] + flipped + data[middle + 64 :]
    elif damage == "not_gzip":
        data = b'{"header": {}, "objects": []}'
    else:
        data = gzip.compress(json.dumps([{"model": "people.person", "fields": {}}]).encode())
    backup_file.write_bytes(data)
    before = counts()
    with pytest.raises(CommandError, match="rien n'a été modifié"):
        call_command("restore", str(backup_file), force=True)
    assert counts() == before


def test_backup_with_broken_links_is_rolled_back(backup_file):
    """GIVEN a readable backup whose persons point to households that are not in it
    WHEN restoring it with --force THEN the load fails at the foreign-key check and the
    emptied tables come back: all or nothing."""
    with gzip.open(backup_file, "rt", encoding="utf-8") as stream:
        content = json.load(stream)
    content["objects"] = [row for row in content["objects"] if row["model"] != "people.household"]
    with gzip.open(backup_file, "wt", encoding="utf-8") as stream:
        json.dump(content, stream)
    before = counts()
    with pytest.raises(CommandError, match="n'a pas pu être chargée.*rien n'a été modifié"):
        call_command("restore", str(backup_file), force=True)
    assert counts() == before
