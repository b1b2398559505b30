"""The desks' set-up in the Django admin: desks and their weekly slots, the list of kinds of
request, and the closures (read only: a closure is added from the desk's page, which
closes its sessions and cancels their appointments). Appointments are personal data: they
are written through the screens, which keep the audit trail, never here."""

from django.contrib import admin

from tisserand.desks.models import Desk, DeskClosure, DeskSlot, RequestKind


class DeskSlotInline(admin.TabularInline):
    model = DeskSlot
    extra = 1


@admin.register(Desk)
class DeskAdmin(admin.ModelAdmin):
    list_display = ["name", "action", "place", "parallel_appointments",
                    "closed_during_school_holidays", "sends_reminders", "is_active"]
    list_filter = ["is_active", "closed_during_school_holidays"]
    list_select_related = ["action", "place"]
    search_fields = ["name"]
    autocomplete_fields = ["action", "place"]
    filter_horizontal = ["on_duty"]
    inlines = [DeskSlotInline]


@admin.register(RequestKind)
class RequestKindAdmin(admin.ModelAdmin):
    list_display = ["name", "group", "position", "is_active"]
    list_editable = ["position", "is_active"]
    list_filter = ["group", "is_active"]
    search_fields = ["name"]


@admin.register(DeskClosure)
class DeskClosureAdmin(admin.ModelAdmin):
    list_display = ["desk", "start_date", "end_date", "reason", "created_by", "created_at"]
    list_filter = ["desk", "reason"]
    list_select_related = ["desk", "reason", "created_by"]
    date_hierarchy = "start_date"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
