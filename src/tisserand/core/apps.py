from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "tisserand.core"
    label = "core"
    verbose_name = _("Centre et référentiels")

    def ready(self):
        from tisserand.core import security  # noqa: F401  (registers the deploy check)
