"""Roles of the people who use Tisserand, as Django groups (created by migrations 0002 and
0003 of core). Roles combine: a user may belong to several groups.

Which roles may open which screen, and which sets of roles the object rules use, are
declared once, in ``tisserand.core.permissions``.
"""

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
