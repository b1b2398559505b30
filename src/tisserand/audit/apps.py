from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "tisserand.audit"
    label = "audit"
    verbose_name = _("Journal des accès")

    def ready(self):
        from tisserand.audit import signals  # noqa: F401  (connects the login receivers)
