"""Backup and restore: the demo, saved then restored into an emptied database, gives back the
same 2020 report; a damaged, tampered, empty, partial, oversized or foreign file is refused
and changes nothing; a restore never runs while the application serves or another restore
runs.

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
from tisserand.core import maintenance
from tisserand.core.backup import FORMAT, FORMAT_VERSION, write_backup_file
from tisserand.core.periods import calendar_year
from tisserand.core.sealed import MAGIC, SealedReader
from tisserand.people.models import Household, Person
from tisserand.reports.builder import build_report
from tisserand.testing.demo import demo_centre  # noqa: F401  (module-scoped fixture)
from tisserand.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db

PASSPHRASE = "une phrase secrète assez longue"


@pytest.fixture(autouse=True)
def fresh_content_types():
    """A test that empties the database with ``flush`` recreates content types, and the
    test's rollback removes them again: forget the ids kept in memory."""
    ContentType.objects.clear_cache()
    yield
    ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def passphrase(monkeypatch):
    monkeypatch.setenv("TISSERAND_BACKUP_PASSPHRASE", PASSPHRASE)


@pytest.fixture(scope="module")
def backup_bytes(demo_centre, django_db_blocker, tmp_path_factory):  # noqa: F811
    """One backup of the demo for the module (each test gets its own copy)."""
    path = tmp_path_factory.mktemp("sauvegarde") / "demo.tisserand"
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as patch, django_db_blocker.unblock():
        patch.setenv("TISSERAND_BACKUP_PASSPHRASE", PASSPHRASE)
        call_command("backup", str(path), stdout=out)
    assert "Sauvegarde chiffrée écrite" in out.getvalue()
    return path.read_bytes()


@pytest.fixture
def backup_file(backup_bytes, tmp_path):
    path = tmp_path / "sauvegarde.tisserand"
    path.write_bytes(backup_bytes)
    return path


def unsealed(path) -> list[dict]:
    """The lines of a backup, opened with the passphrase (as only its owner can)."""
    with open(path, "rb") as raw, gzip.GzipFile(
        fileobj=SealedReader(raw, PASSPHRASE), mode="rb"
    ) as stream:
        return [json.loads(line) for line in stream]


def chunk_offsets(data: bytes) -> list[int]:
    """Where each sealed chunk starts (after the magic and parameter lines)."""
    offset = data.index(b"\n", len(MAGIC)) + 1
    offsets = []
    while offset < len(data):
        offsets.append(offset)
        offset += 4 + int.from_bytes(data[offset:offset + 4], "big")
    return offsets


def write_raw(path, lines: list[dict]) -> None:
    """Seal exactly ``lines`` (no manifest added)."""
    from tisserand.core.sealed import SealedWriter

    with open(path, "wb") as raw:
        sealed = SealedWriter(raw, PASSPHRASE)
        with gzip.GzipFile(fileobj=sealed, mode="wb") as stream:
            for line in lines:
                stream.write(json.dumps(line).encode() + b"\n")
        sealed.close()


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


def test_backup_is_sealed_and_holds_a_manifest(backup_file):
    """GIVEN a backup WHEN it is read without the passphrase THEN nothing of the centre is
    readable; with it: the header, the rows (accounts included) and a manifest that counts
    them."""
    data = backup_file.read_bytes()
    assert data.startswith(MAGIC)
    some_person = Person.objects.order_by("pk").first()
    assert some_person.last_name.encode() not in data and b"people.person" not in data
    lines = unsealed(backup_file)
    header, manifest = lines[0]["header"], lines[-1]["manifest"]
    assert (header["format"], header["version"]) == (FORMAT, FORMAT_VERSION)
    assert header["database"] == connection.vendor
    assert header["created"][:2] == "20" and header["app_version"]
    rows = lines[1:-1]
    models = {row["model"] for row in rows}
    assert {"people.person", "activities.attendance", "auth.user", "auth.group"} <= models
    # Sessions and the rows that migrations recreate stay out.
    assert not models & {"sessions.session", "contenttypes.contenttype", "auth.permission"}
    assert manifest["counts"]["people.person"] == Person.objects.count()
    assert manifest["rows"] == len(rows) and len(manifest["sha256"]) == 64


def test_demo_restored_into_an_empty_database_gives_the_same_2020_report(backup_file):
    """GIVEN the demo's 2020 report and a backup of the demo
    WHEN the database is emptied and the backup restored
    THEN the report states exactly the same figures, the accounts keep their roles, and new
    records get fresh ids (sequences reset)."""
    before = report_figures(build_report(calendar_year(2020), with_charts=False))
    before_counts = counts()
    assert len(before["actions"]) >= 10 and before_counts[0] > 500
    # Stored timestamps come back as they were (rows are inserted raw, not stamped now).
    stamps = dict(Attendance.objects.order_by("id").values_list("id", "recorded_at")[:500])
    links = sorted(Action.sectors.through.objects.values_list("action_id", "sector_id"))

    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()
    assert counts() == (0, 0, 0, 0, 0)
    out = io.StringIO()
    call_command("restore", str(backup_file), yes=True, stdout=out)
    assert "restaurée" in out.getvalue()

    assert counts() == before_counts
    assert dict(Attendance.objects.filter(id__in=stamps)
                .values_list("id", "recorded_at")) == stamps
    assert sorted(Action.sectors.through.objects.values_list("action_id", "sector_id")) == links
    if connection.vendor == "postgresql":  # statistics refreshed for the planner
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s",
                           [Person._meta.db_table])
            assert cursor.fetchone()[0] == before_counts[0]
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


def test_restore_shows_what_it_replaces_and_keeps_content_type_ids(backup_file):
    """GIVEN a database that differs from the backup WHEN restoring THEN the counts now and
    after are shown first, the content replaced, and content types keep their ids (the ids
    a running process holds in memory still name the same models)."""
    person_type = ContentType.objects.get_for_model(Person)
    ids_before = dict(ContentType.objects.values_list("model", "pk"))
    first = Person.objects.order_by("pk").first()
    Person.objects.filter(pk=first.pk).update(first_name="Prénom-Modifié")
    PersonFactory(first_name="Ajouté", last_name="Après")
    persons_now = Person.objects.count()
    out = io.StringIO()
    call_command("restore", str(backup_file), yes=True, stdout=out)
    text = out.getvalue()
    line = next(line for line in text.splitlines() if line.strip().startswith("personnes "))
    assert line.split()[-2:] == [str(persons_now), str(persons_now - 1)]
    assert not Person.objects.filter(first_name="Ajouté").exists()
    assert Person.objects.get(pk=first.pk).first_name == first.first_name
    assert dict(ContentType.objects.values_list("model", "pk")) == ids_before
    # The id a worker cached before the restore still names persons in the database.
    assert ContentType.objects.get(pk=person_type.pk).model_class() is Person


def test_restore_without_confirmation_outside_a_terminal_changes_nothing(backup_file):
    before = counts()
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(backup_file), stdout=io.StringIO())
    assert counts() == before


def test_wrong_passphrase_is_refused(backup_file, monkeypatch):
    monkeypatch.setenv("TISSERAND_BACKUP_PASSPHRASE", "une autre phrase secrète")
    before = counts()
    with pytest.raises(CommandError, match="Phrase secrète incorrecte"):
        call_command("restore", str(backup_file), yes=True)
    assert counts() == before


@pytest.mark.parametrize("damage", ["truncated", "cut_at_a_chunk", "corrupted", "appended",
                                    "not_a_backup", "empty_file"])
def test_damaged_or_tampered_file_is_refused_and_changes_nothing(backup_file, damage):
    """GIVEN a backup damaged or changed by someone without the passphrase WHEN restoring it
    THEN a French message refuses it and every record is still there."""
    data = backup_file.read_bytes()
    if damage == "truncated":
        data = data[: len(data) // 2]
    elif damage == "cut_at_a_chunk":
        # Drop the last chunk whole: every chunk left is authentic, the end is missing.
        data = data[: chunk_offsets(data)[-1]]
    elif damage == "corrupted":
        middle = len(data) // 2
        flipped = bytes(b ^ 0xFF for b in data[middle : middle + 64])
        data = data[:middle] + flipped + data[middle + 64 :]
    elif damage == "appended":
        data += b"\x00\x00\x00\x20" + b"x" * 32
    elif damage == "not_a_backup":
        data = b'{"header": {}, "objects": []}'
    else:
        data = b""
    backup_file.write_bytes(data)
    before = counts()
    with pytest.raises(CommandError, match="rien n'a été modifié"):
        call_command("restore", str(backup_file), yes=True)
    assert counts() == before


def test_a_tampered_backup_cannot_add_an_account(backup_file):
    """GIVEN a backup whose sealed bytes are replaced, chunk for chunk, by those of another
    backup holding one more superuser (sealed with another passphrase) WHEN restoring THEN
    it is refused: the seal binds every chunk to the passphrase and to the file."""
    lines = unsealed(backup_file)
    rows = lines[1:-1]
    intruder = {"model": "auth.user", "pk": 99999, "fields": {
        "username": "intrus", "password": "argon2$x", "is_superuser": True, "is_staff": True,
        "is_active": True, "first_name": "", "last_name": "", "email": "",
        "date_joined": "2020-01-01T00:00:00Z", "last_login": None, "groups": [],
        "user_permissions": []}}
    other = backup_file.with_name("autre.tisserand")
    from tisserand.core.sealed import SealedWriter

    with open(other, "wb") as raw:
        sealed = SealedWriter(raw, "la phrase secrète de l'intrus")
        with gzip.GzipFile(fileobj=sealed, mode="wb") as stream:
            for line in [lines[0], *rows, intruder, lines[-1]]:
                stream.write(json.dumps(line).encode() + b"\n")
        sealed.close()
    backup_file.write_bytes(other.read_bytes())
    before = counts()
    with pytest.raises(CommandError, match="Phrase secrète incorrecte"):
        call_command("restore", str(backup_file), yes=True)
    assert counts() == before
    assert not get_user_model().objects.filter(username="intrus").exists()


@pytest.mark.parametrize("change", ["no_rows", "no_accounts", "rows_removed", "row_added",
                                    "no_manifest", "foreign_model"])
def test_empty_partial_or_foreign_content_is_refused(backup_file, change):
    """GIVEN a backup sealed with the right passphrase whose content is empty, incomplete,
    inconsistent with its manifest, or holds a model Tisserand does not back up WHEN
    restoring THEN it is refused before anything is touched."""
    lines = unsealed(backup_file)
    header, rows, manifest = lines[0], lines[1:-1], lines[-1]
    if change == "no_rows":
        write_backup_file(backup_file, PASSPHRASE, header["header"], [])
    elif change == "no_accounts":
        kept = [row for row in rows if not row["model"].startswith("auth.")]
        write_backup_file(backup_file, PASSPHRASE, header["header"], kept)
    elif change == "rows_removed":
        kept = [row for row in rows if row["model"] != "people.household"]
        write_raw(backup_file, [header, *kept, manifest])
    elif change == "row_added":
        write_raw(backup_file, [header, *rows, rows[-1], manifest])
    elif change == "no_manifest":
        write_raw(backup_file, [header, *rows])
    else:
        admin_entry = {"model": "admin.logentry", "pk": 1, "fields": {}}
        write_backup_file(backup_file, PASSPHRASE, header["header"], [*rows, admin_entry])
    before = counts()
    with pytest.raises(CommandError, match="(?s)rien n'a été modifié|Rien n'a été modifié"):
        call_command("restore", str(backup_file), yes=True)
    assert counts() == before


def test_a_backup_that_unpacks_beyond_the_limit_is_refused(backup_file, settings):
    """GIVEN a small file that unpacks to much more than the limit (a "bomb") WHEN
    restoring THEN reading stops at the limit, with a French message, nothing changed."""
    lines = unsealed(backup_file)
    padding = {"model": "people.person", "pk": 0, "fields": {"notes": "x" * (1 << 20)}}
    write_raw(backup_file, [lines[0], *([padding] * 40), lines[-1]])
    assert backup_file.stat().st_size < 1 << 20  # 40 MB of text in a few kilobytes
    settings.TISSERAND_RESTORE_MAX_BYTES = 8 << 20
    before = counts()
    with pytest.raises(CommandError, match="dépasse la taille permise"):
        call_command("restore", str(backup_file), yes=True)
    assert counts() == before


def test_backup_with_broken_links_is_rolled_back(backup_file):
    """GIVEN a sealed backup whose persons point to households that are not in it
    WHEN restoring it THEN the load fails at the foreign-key check and the emptied tables
    come back: all or nothing."""
    lines = unsealed(backup_file)
    rows = [row for row in lines[1:-1] if row["model"] != "people.household"]
    write_backup_file(backup_file, PASSPHRASE, lines[0]["header"], rows)
    before = counts()
    with pytest.raises(CommandError, match="n'a pas pu être chargée.*rien n'a été modifié"):
        call_command("restore", str(backup_file), yes=True)
    assert counts() == before


def test_restore_is_refused_while_the_application_serves(backup_file, client,
                                                         direction_user):
    """GIVEN a page just served WHEN restoring THEN it is refused, until the maintenance
    mode is on; while it is on, pages answer "maintenance" in French."""
    client.force_login(direction_user)
    assert client.get("/").status_code == 200
    before = counts()
    with pytest.raises(CommandError, match="Tisserand est en service"):
        call_command("restore", str(backup_file), yes=True)
    assert counts() == before

    call_command("maintenance", "on", stdout=io.StringIO())
    page = client.get("/")
    assert page.status_code == 503 and "en maintenance" in page.content.decode()
    call_command("restore", str(backup_file), yes=True, stdout=io.StringIO())
    call_command("maintenance", "off", stdout=io.StringIO())
    assert client.get("/connexion/").status_code == 200


def test_restore_is_refused_while_another_restore_holds_the_lock(backup_file, client):
    maintenance.RESTORE.acquire()
    before = counts()
    with pytest.raises(CommandError, match="Une restauration est déjà en cours"):
        call_command("restore", str(backup_file), yes=True)
    assert counts() == before
    page = client.get("/connexion/")
    assert page.status_code == 503 and "restauration" in page.content.decode()
    maintenance.RESTORE.release()
