from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def grant_direction_admin_permissions(sender, using="default", **kwargs):
    """The direction's users are staff (user management sets ``is_staff``): give their group
    every model permission, so that the Django admin site (reference data) shows them
    something. Runs after each app's migrations, when its permissions exist."""
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.using(using).filter(name="direction").first()
    if group is not None:
        group.permissions.add(*Permission.objects.using(using).all())


class CoreConfig(AppConfig):
    name = "tisserand.core"
    label = "core"
    verbose_name = _("Centre et référentiels")

    def ready(self):
        from tisserand.core import (
            security,  # noqa: F401  (registers the deploy check)
            sessions,  # noqa: F401  (stamps the session at login)
        )

        post_migrate.connect(
            grant_direction_admin_permissions, dispatch_uid="tisserand_direction_admin"
        )
