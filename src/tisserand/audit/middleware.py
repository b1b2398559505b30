"""Remember who is making the current request, so that services can sign audit entries
without a ``user`` argument. Outside a request (management commands, tests calling
services directly) nobody is acting and entries are signed "système"."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_current_user: ContextVar = ContextVar("tisserand_audit_user", default=None)


def current_user():
    """The authenticated user of the current request, or None."""
    user = _current_user.get()
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user


@contextmanager
def acting_as(user) -> Iterator[None]:
    """Sign the audit entries written inside the block with ``user`` (or nobody)."""
    token = _current_user.set(user)
    try:
        yield
    finally:
        _current_user.reset(token)


class AuditUserMiddleware:
    """Place after AuthenticationMiddleware: it reads ``request.user`` (lazily)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with acting_as(getattr(request, "user", None)):
            return self.get_response(request)
