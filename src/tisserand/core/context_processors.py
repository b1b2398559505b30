from tisserand.core.permissions import AllowedUrls
from tisserand.core.roles import ROLE_LABELS, user_roles
from tisserand.core.selectors import current_centre


def centre(request):
    return {
        "centre": current_centre(),
        "user_roles": user_roles(request.user),
        # The user menu: "Direction", "Accueil, Comptable"...
        "user_role_labels": [str(label) for role, label in ROLE_LABELS.items()
                             if role in user_roles(request.user)],
        # ``{% if "person_list" in allowed_urls %}``: links only to screens the user may open
        "allowed_urls": AllowedUrls(request.user),
    }
