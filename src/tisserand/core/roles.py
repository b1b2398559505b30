"""Roles of the people who use Tisserand, as Django groups (created by migrations 0002 and
0003 of core). Roles combine: a user may belong to several groups.

Which role may open which screen is declared once, in ``tisserand.core.permissions`` (the
matrix, enforced by ``tisserand.core.middleware``); object rules (an animateur's own
sessions) live in the selectors. ``role_required`` remains for views that want to repeat
the check.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

DIRECTION = "direction"
COORDINATION = "coordination"
ACCUEIL = "accueil"
ANIMATEUR = "animateur"
MEDIATION = "mediation"
COMPTABLE = "comptable"
BENEVOLE = "benevole"
ADMINISTRATEUR = "administrateur"

ROLE_LABELS = {
    DIRECTION: _("Direction"),
    COORDINATION: _("Coordination"),
    ACCUEIL: _("Accueil"),
    ANIMATEUR: _("Animateur"),
    MEDIATION: _("Médiation / CESF"),
    COMPTABLE: _("Comptable"),
    BENEVOLE: _("Bénévole"),
    ADMINISTRATEUR: _("Administrateur (membre du CA)"),
}

ALL_ROLES = tuple(ROLE_LABELS)
# Kept for older imports: every role of the centre.
ALL_STAFF = ALL_ROLES


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
