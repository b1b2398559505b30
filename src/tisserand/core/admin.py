"""Reference data of the centre, edited in the Django admin (French labels from the models)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from tisserand.core.models import (
    CancellationReason,
    Centre,
    Contributor,
    Orientation,
    Partner,
    Place,
    Sector,
    SocialProject,
)

admin.site.site_header = _("Tisserand – administration")
admin.site.site_title = _("Tisserand")
admin.site.index_title = _("Données de référence du centre")


@admin.register(Centre)
class CentreAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "neighbourhood", "caf_approval_start", "caf_approval_end"]


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "address", "is_outreach"]
    list_filter = ["is_outreach"]
    search_fields = ["name", "address"]


class OrientationInline(admin.TabularInline):
    model = Orientation
    extra = 1


@admin.register(SocialProject)
class SocialProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "start_date", "end_date"]
    inlines = [OrientationInline]


@admin.register(Orientation)
class OrientationAdmin(admin.ModelAdmin):
    list_display = ["title", "social_project", "position"]
    list_filter = ["social_project"]
    search_fields = ["title"]


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
    search_fields = ["name"]


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "contact"]
    list_filter = ["kind"]
    search_fields = ["name", "contact"]


@admin.register(Contributor)
class ContributorAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "kind", "job_title", "organisation", "user"]
    list_filter = ["kind", "organisation"]
    search_fields = ["last_name", "first_name", "job_title"]
    autocomplete_fields = ["organisation"]
    raw_id_fields = ["user"]


@admin.register(CancellationReason)
class CancellationReasonAdmin(admin.ModelAdmin):
    list_display = ["label"]
    search_fields = ["label"]
