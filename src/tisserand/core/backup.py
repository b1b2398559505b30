"""Backup and restore of the whole centre in one sealed file.

The file is sealed with a passphrase the direction chooses (``core.sealed``: encrypted and
authenticated). Inside, gzip-compressed JSON lines: a header (format, version, date,
Tisserand's version, database vendor, the migrations the schema had), one line per row of
the project's apps plus the accounts (users and groups), serialized by Django, and a
manifest (rows per model, a SHA-256 of the row lines). Content types and permissions are
not saved: migrations create them, and rows name them by natural key (app label and model
name), so a backup made on SQLite restores into PostgreSQL and the other way round.

A restore first reads the whole file without touching the database: the seal, the size
(bounded, as it is unpacked), every row's model, the manifest's counts and checksum, the
schema's migrations. Then it replaces the whole content of the database inside one
transaction: it empties every table but content types, permissions and the migration
history (so their ids, which running processes keep in memory, never change), loads the
rows, checks the foreign keys and resets PostgreSQL's sequences. If anything fails, nothing
has changed.
"""

import gzip
import hashlib
import json
import os
import zlib
from collections import defaultdict
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.management.color import no_style
from django.core.management.sql import emit_post_migrate_signal
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, IntegrityError, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from tisserand.core.sealed import (
    MAGIC,
    SealedReader,
    SealedWriter,
    SealError,
    check_passphrase,
)

FORMAT = "tisserand-sauvegarde"
FORMAT_VERSION = 2
LEGACY_VERSION = 1  # gzip-compressed JSON, neither sealed nor with a manifest
PROJECT_PREFIX = "tisserand."
ACCOUNT_MODELS = ("auth.Group", "auth.User")
# Models that changed app since backups were first written: (old app, model) → new app.
# An older backup's rows, and the natural keys that name those models (content types of
# the audit trail, permissions of the groups), are read under the new app.
MOVED_MODELS = {("privacy", "consent"): "people", ("privacy", "anonymisation"): "people"}
# Kept out of the emptying: a restore matches them by natural key instead of recreating them.
KEPT_TABLES = ("django_content_type", "auth_permission", "django_migrations")
BATCH = 2000


class BackupError(Exception):
    """A backup file that cannot be restored; the message is for the user, in French."""


def backed_up_models() -> list:
    """The accounts, then every concrete model of the project's apps, in dependency order."""
    chosen = [apps.get_model(label) for label in ACCOUNT_MODELS]
    for config in apps.get_app_configs():
        if not config.name.startswith(PROJECT_PREFIX):
            continue
        chosen += [
            model for model in config.get_models()
            if model._meta.managed and not model._meta.proxy
        ]
    by_app: dict = {}
    for model in chosen:
        by_app.setdefault(apps.get_app_config(model._meta.app_label), []).append(model)
    return serializers.sort_dependencies(by_app.items(), allow_cycles=True)


def model_key(model) -> str:
    """How the serializer names a model: "people.person"."""
    return model._meta.label_lower


def app_version() -> str:
    try:
        return metadata.version("tisserand")
    except metadata.PackageNotFoundError:
        return "inconnue"


def applied_migrations(using: str = "default") -> dict[str, list[str]]:
    recorder = MigrationRecorder(connections[using])
    applied: dict[str, list[str]] = {}
    for app_label, name in sorted(recorder.applied_migrations()):
        applied.setdefault(app_label, []).append(name)
    return applied


def restore_max_bytes() -> int:
    """The most a backup may unpack to (a guard against a file that unpacks to gigabytes)."""
    return int(getattr(settings, "TISSERAND_RESTORE_MAX_BYTES", 8 << 30))


MAX_LINE = 64 << 20  # one row (a logo, a long note) stays far below


# --- writing ---------------------------------------------------------------------------------


def _rows(using: str):
    """Every row to save, model by model, serialized by batches (never the whole table)."""
    for model in backed_up_models():
        queryset = model._base_manager.using(using).order_by(model._meta.pk.name)
        batch = []
        for instance in queryset.iterator(chunk_size=BATCH):
            batch.append(instance)
            if len(batch) == BATCH:
                yield from _serialized(batch)
                batch = []
        yield from _serialized(batch)


def _serialized(batch):
    return serializers.serialize(
        "python", batch, use_natural_foreign_keys=True, use_natural_primary_keys=False,
    ) if batch else []


def _line(value) -> bytes:
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False).encode("utf-8") + b"\n"


def write_backup_file(path, passphrase: str, header: dict, rows) -> dict:
    """Seal ``header``, ``rows`` and their manifest into ``path``; return the manifest.

    Readable by its owner only (it holds personal data); written under a temporary name and
    renamed at the end, so an interrupted backup never looks like a complete one."""
    partial = Path(f"{path}.partiel")
    counts: dict[str, int] = {}
    digest = hashlib.sha256()
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as raw:
            sealed = SealedWriter(raw, passphrase)
            with gzip.GzipFile(fileobj=sealed, mode="wb", mtime=0) as stream:
                stream.write(_line({"header": header}))
                for row in rows:
                    line = _line(row)
                    digest.update(line)
                    counts[row["model"]] = counts.get(row["model"], 0) + 1
                    stream.write(line)
                manifest = {"rows": sum(counts.values()), "counts": counts,
                            "sha256": digest.hexdigest(), "app_version": header["app_version"]}
                stream.write(_line({"manifest": manifest}))
            sealed.close()
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return manifest


def backup_write(*, path, passphrase: str, using: str = "default") -> dict:
    """Write the backup file; return its header plus the number of rows saved."""
    try:
        check_passphrase(passphrase)
    except SealError as error:
        raise BackupError(str(error)) from error
    with transaction.atomic(using=using):  # one consistent snapshot
        header = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "created": timezone.now().isoformat(),
            "app_version": app_version(),
            "database": connections[using].vendor,
            "migrations": applied_migrations(using),
        }
        manifest = write_backup_file(path, passphrase, header, _rows(using))
    return {**header, "count": manifest["rows"], "counts": manifest["counts"]}


# --- reading -------------------------------------------------------------------------------


def _unreadable() -> BackupError:
    return BackupError(
        _("Ce fichier n'est pas une sauvegarde Tisserand lisible (fichier tronqué ou "
          "abîmé) : rien n'a été modifié.")
    )


def _plain_lines(path, passphrase: str | None, legacy: bool):
    """The unpacked lines of the file, bounded in size; errors become ``BackupError``."""
    limit, total = restore_max_bytes(), 0
    try:
        with open(path, "rb") as raw:
            if legacy:
                source = raw
            else:
                if raw.read(len(MAGIC)) != MAGIC:
                    raw.seek(0)
                    if raw.read(2) == b"\x1f\x8b":
                        raise BackupError(_(
                            "Cette sauvegarde a été écrite par une version de Tisserand qui ne "
                            "la chiffrait pas. Si vous l'avez faite vous-même et qu'elle n'a "
                            "pas quitté votre serveur, relancez avec --ancien-format : rien "
                            "n'a été modifié."
                        ))
                    raise BackupError(
                        _("Ce fichier n'est pas une sauvegarde Tisserand : rien n'a été modifié.")
                    )
                raw.seek(0)
                source = SealedReader(raw, passphrase or "")
            with gzip.GzipFile(fileobj=source, mode="rb") as stream:
                while True:
                    line = stream.readline(MAX_LINE + 1)
                    if not line:
                        return
                    total += len(line)
                    if len(line) > MAX_LINE or total > limit:
                        raise BackupError(_(
                            "Cette sauvegarde dépasse la taille permise une fois décompressée "
                            "(%(limit)s Mo) : rien n'a été modifié."
                        ) % {"limit": limit >> 20})
                    yield line
    except FileNotFoundError as error:
        raise BackupError(_("Fichier introuvable : %(path)s.") % {"path": path}) from error
    except SealError as error:
        raise BackupError(_(
            "Phrase secrète incorrecte, ou fichier modifié depuis la sauvegarde : rien n'a "
            "été modifié."
        )) from error
    except (OSError, EOFError, zlib.error) as error:
        raise _unreadable() from error


def _json(line: bytes):
    try:
        return json.loads(line)
    except ValueError as error:
        raise _unreadable() from error


def _check_header(header) -> dict:
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError(
            _("Ce fichier n'est pas une sauvegarde Tisserand : rien n'a été modifié.")
        )
    if header.get("version") not in (FORMAT_VERSION, LEGACY_VERSION):
        raise BackupError(
            _("Format de sauvegarde %(version)s inconnu de cette version de Tisserand.")
            % {"version": header.get("version")}
        )
    return header


def _allowed_models() -> set[str]:
    allowed = {model_key(model) for model in backed_up_models()}
    return allowed | {f"{app}.{model}" for app, model in MOVED_MODELS}


@dataclass
class BackupContent:
    """A backup read and checked entirely; ``rows()`` reads it again to load it."""

    path: str
    passphrase: str | None
    legacy: bool
    header: dict
    counts: dict[str, int]

    @property
    def count(self) -> int:
        return sum(self.counts.values())

    def rows(self):
        if self.legacy:
            yield from _legacy_content(self.path)[1]
            return
        for line in _plain_lines(self.path, self.passphrase, legacy=False):
            value = _json(line)
            if "model" in value:
                yield value


def backup_read(path, passphrase: str | None = None, *, legacy: bool = False) -> BackupContent:
    """Read and check a backup file entirely, before anything touches the database: its
    seal, its size, each row's model, the manifest's counts and checksum."""
    if legacy:
        header, rows = _legacy_content(path)
        counts: dict[str, int] = {}
        for row in rows:
            label = row.get("model") if isinstance(row, dict) else None
            counts[label] = counts.get(label, 0) + 1
        content = BackupContent(str(path), None, True, header, counts)
    else:
        content = _read_sealed(path, passphrase)
    _check_rows(content.counts)
    return content


def _read_sealed(path, passphrase) -> BackupContent:
    lines = _plain_lines(path, passphrase, legacy=False)
    first = next(lines, None)
    header = _check_header((_json(first) if first else {}).get("header"))
    if header.get("version") != FORMAT_VERSION:
        raise _unreadable()
    counts: dict[str, int] = {}
    digest = hashlib.sha256()
    manifest = None
    for line in lines:
        if manifest is not None:
            raise _unreadable()  # nothing may follow the manifest
        value = _json(line)
        if not isinstance(value, dict):
            raise _unreadable()
        if "manifest" in value:
            manifest = value["manifest"]
            continue
        digest.update(line)
        label = value.get("model")
        counts[label] = counts.get(label, 0) + 1
    if (not isinstance(manifest, dict) or manifest.get("counts") != counts
            or manifest.get("rows") != sum(counts.values())
            or manifest.get("sha256") != digest.hexdigest()):
        raise BackupError(_(
            "Cette sauvegarde est incomplète : ses lignes ne correspondent pas à son "
            "inventaire. Rien n'a été modifié."
        ))
    return BackupContent(str(path), passphrase, False, header, counts)


def _legacy_content(path) -> tuple[dict, list]:
    """A backup of format 1: one gzip-compressed JSON document, read whole (bounded)."""
    content = _json(b"".join(_plain_lines(path, None, legacy=True)))
    header = _check_header(content.get("header") if isinstance(content, dict) else None)
    rows = content.get("objects")
    if header.get("version") != LEGACY_VERSION or not isinstance(rows, list):
        raise BackupError(_("La sauvegarde ne contient pas de données : rien n'a été modifié."))
    return header, rows


def _check_rows(counts: dict) -> None:
    """Only the models a backup holds, and the accounts without which nobody could log in."""
    unknown = sorted(str(label) for label in counts if label not in _allowed_models())
    if unknown:
        raise BackupError(
            _("La sauvegarde contient des données inconnues de Tisserand (%(names)s) : rien "
              "n'a été modifié.") % {"names": ", ".join(unknown[:5])}
        )
    if not counts.get("auth.user"):
        raise BackupError(_(
            "La sauvegarde ne contient aucun compte : après la restauration, personne ne "
            "pourrait se connecter. Rien n'a été modifié."
        ))


def missing_migrations(header: dict, using: str = "default") -> list[str]:
    """Migrations the backup's schema had and this database lacks."""
    here = applied_migrations(using)
    return [
        f"{app_label}.{name}"
        for app_label, names in (header.get("migrations") or {}).items()
        for name in names
        if name not in here.get(app_label, [])
    ]


def holds_centre_data(using: str = "default") -> bool:
    """Does the database hold what a centre typed in (persons, actions...), as opposed to
    what migrations create? Each app names those models in its configuration
    (``centre_data_models``), so that this module knows no app by name."""
    for config in apps.get_app_configs():
        for model_name in getattr(config, "centre_data_models", ()):
            if config.get_model(model_name)._base_manager.using(using).exists():
                return True
    return False


def current_counts(using: str = "default") -> dict[str, int]:
    return {
        model_key(model): model._base_manager.using(using).count()
        for model in backed_up_models()
    }


def replacement_summary(content: BackupContent, using: str = "default") -> list[tuple]:
    """(what, rows now, rows after the restore) for every model that has rows either side."""
    now = current_counts(using)
    after = {}
    for label, count in content.counts.items():
        app, _dot, model = label.partition(".")
        label = f"{MOVED_MODELS.get((app, model), app)}.{model}"
        after[label] = after.get(label, 0) + count
    summary = []
    for model in backed_up_models():
        key = model_key(model)
        if now.get(key) or after.get(key):
            summary.append((str(model._meta.verbose_name_plural), now.get(key, 0),
                            after.get(key, 0)))
    return summary


def backup_restore(content: BackupContent, *, using: str = "default") -> dict:
    """Replace the content of the database by the backup's, all or nothing."""
    missing = missing_migrations(content.header, using)
    if missing:
        raise BackupError(
            _("La sauvegarde vient d'une version plus récente du schéma (%(names)s) : mettez "
              "Tisserand à jour puis lancez « tisserand migrate » avant de restaurer.")
            % {"names": ", ".join(missing[:5])}
        )
    connection = connections[using]
    try:
        with transaction.atomic(using=using):
            _flush(using)
            models = _load(content.rows(), using)
            connection.check_constraints(table_names=[m._meta.db_table for m in models])
            with connection.cursor() as cursor:
                for statement in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(statement)
    except (DeserializationError, DatabaseError, IntegrityError, ValidationError,
            ObjectDoesNotExist, LookupError, KeyError, TypeError, ValueError) as error:
        raise BackupError(
            _("La sauvegarde n'a pas pu être chargée (%(error)s) : rien n'a été modifié.")
            % {"error": type(error).__name__}
        ) from error
    refresh_planner_statistics(using)
    return {**content.header, "count": content.count}


def refresh_planner_statistics(using: str = "default") -> None:
    """After replacing every row, PostgreSQL plans on the old tables' statistics until
    autovacuum comes by: the report's first runs would get plans made for empty tables.
    SQLite keeps no statistics unless asked (and Tisserand never asks)."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _flush(using: str) -> None:
    """Empty every table but content types, permissions and the migration history: their
    ids stay those every running process keeps in memory. Then create any content type or
    permission missing, as ``migrate`` does."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        # PostgreSQL refuses TRUNCATE while deferred foreign-key checks are pending (rows
        # written earlier in an enclosing transaction): run those checks now.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    tables = [
        table for table in connection.introspection.django_table_names(
            only_existing=True, include_views=False)
        if table not in KEPT_TABLES
    ]
    connection.ops.execute_sql_flush(
        connection.ops.sql_flush(no_style(), tables, reset_sequences=True)
    )
    emit_post_migrate_signal(verbosity=0, interactive=False, db=using)


def _moved(value):
    """A natural key ``[app, model]`` or ``[codename, app, model]`` naming a moved model, or
    a list of them, with the model's new app."""
    if not isinstance(value, list):
        return value
    if 2 <= len(value) <= 3 and all(isinstance(v, str) for v in value):
        new_app = MOVED_MODELS.get(tuple(value[-2:]))
        return [*value[:-2], new_app, value[-1]] if new_app else value
    return [_moved(item) for item in value]


def _upgraded(rows):
    """Each row, renamed where an older backup calls a model by its former app."""
    for row in rows:
        if isinstance(row, dict):
            app, _dot, model = str(row.get("model", "")).partition(".")
            if (app, model) in MOVED_MODELS:
                row["model"] = f"{MOVED_MODELS[(app, model)]}.{model}"
            fields = row.get("fields")
            if isinstance(fields, dict):
                for name, value in fields.items():
                    fields[name] = _moved(value)
        yield row


def _load(rows, using: str) -> list:
    """Insert the backup's rows into the emptied tables, in batches of one model.

    Rows are inserted "raw" like ``loaddata`` does (stored timestamps kept, no ``save()``),
    but many per statement: one ``INSERT`` per row made a restore of the demo take minutes
    on PostgreSQL. Many-to-many links go straight into their tables afterwards."""
    models = set()
    batch: list = []
    links: dict = defaultdict(list)  # (model, field name) -> [(object pk, [pks])]
    deferred = []
    for item in serializers.deserialize(
        "python", _upgraded(rows), using=using, handle_forward_references=True
    ):
        model = type(item.object)
        if batch and type(batch[0]) is not model:
            _insert(batch, using)
            batch = []
        batch.append(item.object)
        models.add(model)
        for name, values in (item.m2m_data or {}).items():
            links[model, name].append((item.object.pk, values))
        if item.deferred_fields:
            deferred.append(item)
    if batch:
        _insert(batch, using)
    for (model, name), pairs in links.items():
        _link(model, name, pairs, using)
    for item in deferred:
        item.save_deferred_fields(using=using)
    return sorted(models, key=lambda model: model._meta.label)


def _insert(objects: list, using: str) -> None:
    model = type(objects[0])
    if model._meta.parents:  # multi-table inheritance: one row per table, as save does
        for obj in objects:
            obj.save_base(using=using, raw=True)
        return
    fields = model._meta.local_concrete_fields
    size = max(1, min(500, connections[using].ops.bulk_batch_size(fields, objects)))
    for start in range(0, len(objects), size):
        model._base_manager.using(using)._insert(
            objects[start:start + size], fields=fields, using=using, raw=True
        )


def _link(model, name: str, pairs: list, using: str) -> None:
    field = model._meta.get_field(name)
    through = field.remote_field.through
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    rows = [through(**{f"{source}_id": pk, f"{target}_id": value})
            for pk, values in pairs for value in values]
    through._base_manager.using(using).bulk_create(rows, batch_size=500)
