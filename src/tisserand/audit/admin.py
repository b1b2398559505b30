"""The trail in the Django admin: readable, never writable."""

from django.contrib import admin

from tisserand.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["when", "actor_label", "action", "object_label", "fields_display", "note"]
    list_filter = ["action", "content_type"]
    list_select_related = ["content_type"]
    date_hierarchy = "when"
    search_fields = ["actor_label", "object_label"]
    readonly_fields = [
        "when", "actor", "actor_label", "action", "content_type", "object_id",
        "object_label", "fields", "note",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
