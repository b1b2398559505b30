"""Admin: see and lift a throttling (delete its counter), see who has a second factor.

A lost second factor is reset from the user management screen (a new enrolment code)."""

from django.contrib import admin

from tisserand.accounts.models import EnrolmentCode, LoginThrottle, TwoFactor


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
