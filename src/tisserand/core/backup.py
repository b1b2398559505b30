"""Backup and restore of the whole centre in one gzip-compressed JSON file.

The file holds a header (format, version, date, Tisserand's version, database vendor, the
migrations the schema had) and every row of the project's apps plus the accounts (users and
groups), serialized by Django. Content types and permissions are not saved: migrations
recreate them, and rows point to them by natural key (app label and model name), so a backup
made on SQLite restores into PostgreSQL and the other way round.

A restore replaces the whole content of the database, inside one transaction: it empties
every table, loads the rows, checks the foreign keys and resets PostgreSQL's sequences. If
anything fails, nothing has changed.
"""

import gzip
import io
import json
import os
import zlib
from importlib import metadata
from pathlib import Path

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.management.color import no_style
from django.core.management.sql import emit_post_migrate_signal, sql_flush
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, IntegrityError, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = "tisserand-sauvegarde"
FORMAT_VERSION = 1
PROJECT_PREFIX = "tisserand."
ACCOUNT_MODELS = ("auth.Group", "auth.User")
# Models that changed app since backups were first written: (old app, model) → new app.
# An older backup's rows, and the natural keys that name those models (content types of
# the audit trail, permissions of the groups), are read under the new app.
MOVED_MODELS = {("privacy", "consent"): "people", ("privacy", "anonymisation"): "people"}


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


def backup_write(*, path, using: str = "default") -> dict:
    """Write the backup file; return its header plus the number of rows saved."""
    rows = []
    with transaction.atomic(using=using):  # one consistent snapshot
        for model in backed_up_models():
            queryset = model._base_manager.using(using).order_by(model._meta.pk.name)
            rows += serializers.serialize(
                "python", queryset.iterator(),
                use_natural_foreign_keys=True, use_natural_primary_keys=False,
            )
        header = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "created": timezone.now().isoformat(),
            "app_version": app_version(),
            "database": connections[using].vendor,
            "migrations": applied_migrations(using),
        }
    # Readable by its owner only (it holds personal data); written under a temporary name
    # and renamed at the end, so an interrupted backup never looks like a complete one.
    partial = Path(f"{path}.partiel")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with (
            os.fdopen(descriptor, "wb") as raw,
            gzip.GzipFile(fileobj=raw, mode="wb") as compressed,
            io.TextIOWrapper(compressed, encoding="utf-8") as stream,
        ):
            json.dump({"header": header, "objects": rows}, stream, cls=DjangoJSONEncoder)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return {**header, "count": len(rows)}


def backup_read(path) -> tuple[dict, list]:
    """Read and check a backup file entirely, before anything touches the database."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as stream:
            content = json.load(stream)
    except FileNotFoundError as error:
        raise BackupError(_("Fichier introuvable : %(path)s.") % {"path": path}) from error
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, ValueError) as error:
        raise BackupError(
            _("Ce fichier n'est pas une sauvegarde Tisserand lisible (fichier tronqué ou "
              "abîmé) : rien n'a été modifié.")
        ) from error
    header = content.get("header") if isinstance(content, dict) else None
    rows = content.get("objects") if isinstance(content, dict) else None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError(
            _("Ce fichier n'est pas une sauvegarde Tisserand : rien n'a été modifié.")
        )
    if header.get("version") != FORMAT_VERSION:
        raise BackupError(
            _("Format de sauvegarde %(version)s inconnu de cette version de Tisserand.")
            % {"version": header.get("version")}
        )
    if not isinstance(rows, list):
        raise BackupError(_("La sauvegarde ne contient pas de données : rien n'a été modifié."))
    return header, rows


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


def backup_restore(*, path, force: bool = False, using: str = "default") -> dict:
    """Replace the content of the database by the backup's, all or nothing."""
    header, rows = backup_read(path)
    missing = missing_migrations(header, using)
    if missing:
        raise BackupError(
            _("La sauvegarde vient d'une version plus récente du schéma (%(names)s) : mettez "
              "Tisserand à jour puis lancez « tisserand migrate » avant de restaurer.")
            % {"names": ", ".join(missing[:5])}
        )
    if holds_centre_data(using) and not force:
        raise BackupError(
            _("La base contient déjà des habitants ou des actions : la restauration les "
              "remplacerait. Restaurez dans une base vide, ou ajoutez --force pour tout "
              "effacer avant de restaurer.")
        )
    connection = connections[using]
    try:
        with transaction.atomic(using=using):
            _flush(using)
            models = _load(rows, using)
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
    finally:
        # Content types were recreated (or rolled back): forget the ids kept in memory.
        ContentType.objects.clear_cache()
    return {**header, "count": len(rows)}


def _flush(using: str) -> None:
    """Empty every table (not the migration history), then recreate content types and
    permissions as ``migrate`` does."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        # PostgreSQL refuses TRUNCATE while deferred foreign-key checks are pending (rows
        # written earlier in an enclosing transaction): run those checks now.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    connection.ops.execute_sql_flush(sql_flush(no_style(), connection, reset_sequences=True))
    ContentType.objects.clear_cache()
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


def _upgrade(rows: list) -> None:
    """Rename, in place, what an older backup calls by a model's former app."""
    for row in rows:
        if not isinstance(row, dict):
            continue
        app, _dot, model = str(row.get("model", "")).partition(".")
        if (app, model) in MOVED_MODELS:
            row["model"] = f"{MOVED_MODELS[(app, model)]}.{model}"
        fields = row.get("fields")
        if isinstance(fields, dict):
            for name, value in fields.items():
                fields[name] = _moved(value)


def _load(rows: list, using: str) -> list:
    _upgrade(rows)
    models = set()
    deferred = []
    for item in serializers.deserialize(
        "python", rows, using=using, handle_forward_references=True
    ):
        item.save(using=using)
        models.add(type(item.object))
        if item.deferred_fields:
            deferred.append(item)
    for item in deferred:
        item.save_deferred_fields(using=using)
    return sorted(models, key=lambda model: model._meta.label)
