"""Only the list of themes is edited in the Django admin.

Follow-up files, their contacts and referrals are deliberately left out: the admin site
is open to the direction for reference data and writes no audit entry; the files are
opened only through their own screens, which record every consultation.
"""

from django.contrib import admin

from tisserand.followup.models import Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "is_active"]
    list_editable = ["position", "is_active"]
    search_fields = ["name"]
