from tisserand.core.roles import user_roles
from tisserand.core.selectors import current_centre


def centre(request):
    return {"centre": current_centre(), "user_roles": user_roles(request.user)}
