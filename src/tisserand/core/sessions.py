"""Sessions that are not written on every page view.

A session ends after ``SESSION_COOKIE_AGE`` without a request (8 hours by default). Django
keeps such an idle timeout by saving the session on every request
(``SESSION_SAVE_EVERY_REQUEST``): every page view then writes to the database, and when the
database cannot write (locked, read-only, disk full) even reading a page fails. Here the
session is saved again only when its last save is older than
``TISSERAND_SESSION_REFRESH_SECONDS`` (5 minutes): the idle timeout stays within those
minutes, and a plain read writes nothing in between.

The session is saved after the view. When the database then refuses the write:

- if only the refresh was to be written, the view's response is served as it is (a page
  read, or a form the view has already recorded): the refresh waits for the next request;
- if the view changed the session (a login, a step of the second factor), the French 503
  page (``tisserand.core.db_errors``) replaces Django's English "Bad Request (400)".
"""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.contrib.sessions.exceptions import SessionInterrupted
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.db import DatabaseError
from django.dispatch import receiver
from django.utils import timezone

from tisserand.core.db_errors import write_error_response, write_failure

# Seconds since the epoch of the session's last save (Django's clock, timezone.now).
REFRESHED_KEY = "_tisserand_refreshed"


def mark_refreshed(session) -> None:
    session[REFRESHED_KEY] = int(timezone.now().timestamp())


def refresh_due(session) -> bool:
    stamp = session.get(REFRESHED_KEY)
    interval = settings.TISSERAND_SESSION_REFRESH_SECONDS
    return not isinstance(stamp, int) or timezone.now().timestamp() - stamp >= interval


@receiver(user_logged_in, dispatch_uid="tisserand_session_refreshed_at_login")
def stamp_new_session(sender, request, user, **kwargs):
    """A new login's session is saved anyway: it counts as a refresh."""
    session = getattr(request, "session", None)
    if session is not None:
        mark_refreshed(session)


class SessionMiddleware(DjangoSessionMiddleware):
    def process_response(self, request, response):
        session = getattr(request, "session", None)
        refreshing = False
        if session is not None and not session.is_empty():
            if session.modified:
                mark_refreshed(session)  # saved anyway: the stamp costs nothing
            elif session.keys() and refresh_due(session):
                # (an unknown or expired session key loads as empty: nothing to refresh)
                mark_refreshed(session)
                refreshing = True
        try:
            return super().process_response(request, response)
        except (SessionInterrupted, DatabaseError) as exc:
            kind = write_failure(exc)
            if kind is None:
                raise
            if refreshing:
                # Only the idle-timeout refresh was to be written: the view's answer holds.
                return response
            return write_error_response(request, kind)
