"""Admin: see and lift a lockout (delete the failures), reset a lost second factor.

User accounts and roles (groups) are not in the admin: the direction manages them in
« Utilisateurs » (``users_views``), which writes the audit trail and never deletes an
account (it is deactivated, so that the trail keeps its author). Django registers them
in ``django.contrib.auth.admin``, read before this module (``INSTALLED_APPS`` order)."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from tisserand.accounts.models import LoginFailure, TwoFactor

for _model in (get_user_model(), Group):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):
    list_display = ("username", "ip", "at")
    search_fields = ("username",)
    readonly_fields = ("username", "ip", "at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(TwoFactor)
class TwoFactorAdmin(admin.ModelAdmin):
    """The secret is never shown; deleting the row lets the user set up a new phone."""

    list_display = ("user", "confirmed_at")
    fields = ("user", "confirmed_at")
    readonly_fields = ("user", "confirmed_at")
    search_fields = ("user__username",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
