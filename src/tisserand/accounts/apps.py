from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "tisserand.accounts"
    label = "accounts"
    verbose_name = _("Connexion et sécurité des comptes")

    def ready(self):
        # The admin site has its own login page, which would bypass the lockout and the
        # second factor: send it to ours instead (same ``next`` handling).
        from django.contrib import admin

        from tisserand.accounts.views import admin_login_redirect

        admin.site.login = admin_login_redirect
