"""Maintenance mode, and knowing whether the application is serving.

Files in the run directory (``RUN_DIR``: the data directory), shared by the server and the
commands (they run on the same machine: docs/deploiement.md):

- ``maintenance.json``: written by ``tisserand maintenance on``, removed by ``off``;
- ``restauration.json``: created exclusively by a restore for as long as it runs, so that
  two restores never overlap;
- while either exists, every page answers a French "maintenance" page (503);
- ``en-service``: its date is refreshed by the server (at most every ``HEARTBEAT`` seconds)
  while it answers requests. A restore refuses to start while it is fresh and the
  maintenance mode is off: users would keep working on data about to be replaced.
"""

import json
import os
import time
from contextlib import contextmanager, suppress
from pathlib import Path

from django.conf import settings
from django.utils import timezone

HEARTBEAT = 15  # seconds between two refreshes of the serving mark
SERVING_WINDOW = 120  # a request within this many seconds: the application is serving


class LockHeld(Exception):
    """The lock is already held (by an operator, or another restore)."""

    def __init__(self, holder: dict):
        super().__init__(holder.get("reason", ""))
        self.holder = holder


def _directory() -> Path:
    return Path(settings.RUN_DIR)


def serving_path() -> Path:
    return _directory() / "en-service"


class Lock:
    """A lock file in the data directory, created exclusively."""

    def __init__(self, name: str, reason: str):
        self.name, self.reason = name, reason

    @property
    def path(self) -> Path:
        return _directory() / self.name

    def holder(self) -> dict | None:
        """Who holds it (reason, since, process), or None."""
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            return {"reason": self.reason}  # a damaged lock is still a lock

    def acquire(self) -> None:
        """Take it; ``LockHeld`` if it is held already."""
        _directory().mkdir(parents=True, exist_ok=True)
        holder = {"reason": self.reason, "since": timezone.now().isoformat(),
                  "pid": os.getpid()}
        try:
            descriptor = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError as error:
            raise LockHeld(self.holder() or {}) from error
        with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
            json.dump(holder, stream)

    def release(self) -> bool:
        """False if it was not held."""
        try:
            self.path.unlink()
        except FileNotFoundError:
            return False
        return True

    @contextmanager
    def held(self):
        """Held for the time of an operation, released whatever happens."""
        self.acquire()
        try:
            yield
        finally:
            self.release()


MAINTENANCE = Lock("maintenance.json", "maintenance")
RESTORE = Lock("restauration.json", "restauration")


def in_maintenance() -> bool:
    """Should pages answer "maintenance"? One ``stat`` per lock, on every request."""
    return MAINTENANCE.path.exists() or RESTORE.path.exists()


def mark_serving(now: float | None = None) -> None:
    """Called on each request: refresh the serving mark, at most every ``HEARTBEAT`` s. A
    read-only or full disk must not break the page: the mark is then left as it is."""
    now = time.time() if now is None else now
    path = serving_path()
    with suppress(OSError):
        if path.exists() and now - path.stat().st_mtime < HEARTBEAT:
            return
        path.touch()
        os.utime(path, (now, now))


def seconds_since_last_request(now: float | None = None) -> float | None:
    now = time.time() if now is None else now
    try:
        return max(0.0, now - serving_path().stat().st_mtime)
    except OSError:
        return None


def serving_recently(now: float | None = None) -> bool:
    elapsed = seconds_since_last_request(now)
    return elapsed is not None and elapsed < SERVING_WINDOW
