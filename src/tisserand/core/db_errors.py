"""When the database refuses to write: a French page that says why (HTTP 503), not a 500.

SQLite says "database is locked" when another process holds the write lock longer than
the busy timeout, "attempt to write a readonly database" when the file (or its folder)
cannot be written, and "database or disk is full" when the disk is full. PostgreSQL gives
SQLSTATE codes: 25006 (read-only transaction, e.g. a standby or
``default_transaction_read_only``), 53100 (disk full), 55P03 (lock not available).

Pages that only read keep working: the session is not written on every request
(``tisserand.core.sessions``). A write that fails reaches one of three places, all of which
answer with the same page:

- the view raised it: ``DatabaseWriteErrorMiddleware.process_exception``;
- the session could not be saved after the view: ``tisserand.core.sessions``;
- another middleware raised it: the project's ``handler500`` (``server_error``).
"""

import logging
import sqlite3
import sys

from django.http import HttpResponse
from django.template import loader
from django.views import defaults

logger = logging.getLogger(__name__)

LOCKED, READ_ONLY, FULL = "locked", "read_only", "full"

# Python's sqlite3 errors name their result code (``sqlite_errorname``, extended codes such
# as SQLITE_READONLY_DIRECTORY included); the messages are the fallback.
SQLITE_CODES = {
    "SQLITE_BUSY": LOCKED,
    "SQLITE_LOCKED": LOCKED,
    "SQLITE_READONLY": READ_ONLY,
    "SQLITE_FULL": FULL,
}
SQLITE_MESSAGES = {
    "database is locked": LOCKED,
    "database table is locked": LOCKED,
    "attempt to write a readonly database": READ_ONLY,
    "database or disk is full": FULL,
}
POSTGRESQL_STATES = {
    "25006": READ_ONLY,  # read_only_sql_transaction
    "53100": FULL,  # disk_full
    "55P03": LOCKED,  # lock_not_available
}
TEMPLATE = "core/database_write_error.html"
# Seconds after which a client may retry (the lock or the disk may be freed by then).
RETRY_AFTER = {LOCKED: 30, READ_ONLY: 300, FULL: 300}


def write_failure(exc: BaseException | None) -> str | None:
    """LOCKED, READ_ONLY or FULL when ``exc`` (or an exception it comes from) is the
    database refusing a write for one of these reasons; None for anything else."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        kind = _kind(exc)
        if kind is not None:
            return kind
        exc = exc.__cause__ or exc.__context__
    return None


def _kind(exc: BaseException) -> str | None:
    # Django wraps the driver's error: the driver's one is its __cause__.
    state = getattr(exc, "sqlstate", None)  # psycopg's errors carry it
    if isinstance(state, str) and state in POSTGRESQL_STATES:
        return POSTGRESQL_STATES[state]
    if isinstance(exc, sqlite3.Error):
        name = getattr(exc, "sqlite_errorname", None) or ""
        for code, kind in SQLITE_CODES.items():
            if name == code or name.startswith(code + "_"):
                return kind
        message = str(exc).strip().lower()
        for known, kind in SQLITE_MESSAGES.items():
            if message.startswith(known):
                return kind
    return None


def write_error_response(request, kind: str):
    """The French 503 page for ``kind``; rendered without the database (no context
    processor, no base template that reads the centre)."""
    view = request.resolver_match.view_name if request.resolver_match else "?"
    # The method and the view's name only: never the path's values or the form's content.
    logger.warning("La base refuse d'écrire (%s) : %s %s", kind, request.method, view)
    content = loader.render_to_string(TEMPLATE, {"kind": kind})
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(RETRY_AFTER[kind])
    return response


class DatabaseWriteErrorMiddleware:
    """Turns a write refused by the database, raised by a view, into the 503 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        kind = write_failure(exception)
        if kind is None:
            return None
        return write_error_response(request, kind)


def server_error(request, *args, **kwargs):
    """``handler500``: the 503 page when the error is a refused write, else Django's 500
    (``500.html``). Django calls it while handling the exception: ``sys.exc_info`` has it."""
    kind = write_failure(sys.exc_info()[1])
    if kind is not None:
        return write_error_response(request, kind)
    return defaults.server_error(request, *args, **kwargs)
