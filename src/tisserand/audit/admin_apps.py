"""The Django admin, with the audited site of ``tisserand.audit.admin_site``.

Named in ``INSTALLED_APPS`` in place of ``django.contrib.admin``: every model registered
with ``admin.site`` (``@admin.register``) goes through the audit trail."""

from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    default_site = "tisserand.audit.admin_site.AuditedAdminSite"
