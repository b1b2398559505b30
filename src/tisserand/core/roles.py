"""Roles of the people who use Tisserand, as Django groups.

Issue 4 widens this into the full permission matrix; for now each view names the roles
it accepts through ``role_required`` and object rules live in the selectors.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

DIRECTION = "direction"
ACCUEIL = "accueil"
ANIMATEUR = "animateur"

ROLE_LABELS = {
    DIRECTION: _("Direction"),
    ACCUEIL: _("Accueil"),
    ANIMATEUR: _("Animateur"),
}

ALL_STAFF = (DIRECTION, ACCUEIL, ANIMATEUR)


def user_roles(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_tisserand_roles", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            cached.add(DIRECTION)
        user._tisserand_roles = cached
    return cached


def has_role(user, *roles: str) -> bool:
    return bool(user_roles(user) & set(roles))


def role_required(*roles: str):
    """Anonymous visitors go to the login page; logged-in users without a role get 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
