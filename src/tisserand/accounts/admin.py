"""Admin: see and lift a throttling (delete its counter), see who has a second factor.

A lost second factor is reset from the user management screen (a new enrolment code).
User accounts and roles (groups) are not in the admin: the direction manages them in
« Utilisateurs » (``users_views``), which writes the audit trail and never deletes an
account (it is deactivated, so that the trail keeps its author). Django registers them
in ``django.contrib.auth.admin``, read before this module (``INSTALLED_APPS`` order)."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from tisserand.accounts.models import EnrolmentCode, LoginThrottle, TwoFactor

for _model in (get_user_model(), Group):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(LoginThrottle)
class LoginThrottleAdmin(_ReadOnly):
    list_display = ("scope", "username", "address", "failures", "first_at", "last_at")
    list_filter = ("scope",)
    search_fields = ("username",)
    readonly_fields = list_display


@admin.register(TwoFactor)
class TwoFactorAdmin(_ReadOnly):
    """The secret is never shown."""

    list_display = ("user", "confirmed_at")
    fields = ("user", "confirmed_at")
    readonly_fields = ("user", "confirmed_at")
    search_fields = ("user__username",)


@admin.register(EnrolmentCode)
class EnrolmentCodeAdmin(_ReadOnly):
    """The code itself is never stored: only whether one is pending, and until when."""

    list_display = ("user", "created_at", "expires_at")
    fields = ("user", "created_at", "expires_at")
    readonly_fields = fields
