"""``tisserand serve [--bind HOST:PORT]``: serve Tisserand in production with gunicorn.

The command checks what would make every worker fail (the development secret key with
DEBUG off, migrations not applied), then replaces itself with gunicorn (``exec``): the
process a service manager (systemd) starts and stops is gunicorn's master, which receives
its signals directly (SIGTERM: finish the requests in progress, then stop; SIGHUP: reload
after an upgrade). Static files are served by WhiteNoise inside the application.
"""

import os
import sys

import gunicorn
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor

from tisserand.core.security import require_production_key

DEFAULT_BIND = "127.0.0.1:8000"
MAX_WORKERS = 8
# A yearly report's PDF takes seconds; a worker silent for this long is stuck: restarted.
DEFAULT_TIMEOUT = 120
# Requests in progress may finish during this many seconds after a stop or a reload.
GRACEFUL_TIMEOUT = 30
# Each worker is replaced after about this many requests: memory stays bounded.
MAX_REQUESTS, MAX_REQUESTS_JITTER = 1000, 100
# gunicorn 25.1 opens a control socket by default, in a per-user path that two servers on
# the same machine would share: Tisserand does not use it.
CONTROL_SOCKET_SINCE = (25, 1)


def available_cpus() -> int:
    """CPUs this process may run on (a container or ``taskset`` may allow fewer than the
    machine has)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def default_workers(cpus: int | None = None) -> int:
    """gunicorn's rule of thumb, two workers per CPU plus one (a worker waits for the
    database half of the time), bounded: each worker holds the application in memory
    (50 MB when it starts, more once it has drawn a report's charts and PDF), and a
    centre's team is a few dozen people."""
    cpus = available_cpus() if cpus is None else cpus
    return min(2 * cpus + 1, MAX_WORKERS)


def positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


def gunicorn_arguments(*, bind: str, workers: int, timeout: int,
                       version: tuple = tuple(gunicorn.version_info)) -> list[str]:
    arguments = [
        "tisserand.wsgi:application",
        "--bind", bind,
        "--workers", str(workers),
        "--timeout", str(timeout),
        "--graceful-timeout", str(GRACEFUL_TIMEOUT),
        "--max-requests", str(MAX_REQUESTS),
        "--max-requests-jitter", str(MAX_REQUESTS_JITTER),
        # Errors to the standard error (journald under systemd). No access log: the
        # reverse proxy keeps one, and addresses may carry what a person typed.
        "--error-logfile", "-",
    ]
    if version >= CONTROL_SOCKET_SINCE:
        arguments.append("--no-control-socket")
    return arguments


class Command(BaseCommand):
    help = (
        "Sert Tisserand en production (gunicorn, fichiers statiques compris), par défaut "
        f"sur {DEFAULT_BIND}, derrière un serveur mandataire HTTPS (docs/deploiement.md)."
    )
    # Checked below, before starting: the system checks would only repeat them.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--bind", default=DEFAULT_BIND, metavar="HOTE:PORT",
            help=f"Adresse et port d'écoute (par défaut {DEFAULT_BIND} ; "
                 "ou unix:/chemin/du/socket).",
        )
        parser.add_argument(
            "--workers", type=positive_int, default=None, metavar="N",
            help=f"Nombre de processus (par défaut deux par processeur plus un, au plus "
                 f"{MAX_WORKERS} ; ici {default_workers()}).",
        )
        parser.add_argument(
            "--timeout", type=positive_int, default=DEFAULT_TIMEOUT, metavar="SECONDES",
            help=f"Un processus muet plus longtemps est redémarré (par défaut "
                 f"{DEFAULT_TIMEOUT} s).",
        )

    def handle(self, *args, **options):
        try:
            require_production_key()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        self.check_migrations()
        workers = options["workers"] or default_workers()
        arguments = gunicorn_arguments(
            bind=options["bind"], workers=workers, timeout=options["timeout"]
        )
        mode = "développement (TISSERAND_DEBUG=1)" if settings.DEBUG else "production"
        self.stderr.write(
            f"Tisserand en {mode} sur {options['bind']} : {workers} processus, "
            f"délai {options['timeout']} s (Ctrl+C ou SIGTERM pour arrêter)."
        )
        self.stderr.flush()
        connections.close_all()
        os.execv(sys.executable, [sys.executable, "-m", "gunicorn", *arguments])

    def check_migrations(self) -> None:
        connection = connections["default"]
        try:
            executor = MigrationExecutor(connection)
            pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        except DatabaseError as error:
            raise CommandError(
                f"La base de données ne répond pas ({type(error).__name__}) : vérifiez "
                "DATABASE_URL ou TISSERAND_DATA_DIR."
            ) from error
        if pending:
            raise CommandError(
                f"{len(pending)} migration(s) à appliquer : lancez « tisserand migrate » "
                "avant de démarrer le serveur."
            )
