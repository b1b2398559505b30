"""The programme in the Django admin: funding schemes, actions, ateliers, sessions."""

from django.contrib import admin
from django.db.models import Count

from tisserand.activities.models import (
    Action,
    ActionPartner,
    Activity,
    FundingScheme,
    Headcount,
    Session,
    SessionContributor,
    WeeklySlot,
)


@admin.register(FundingScheme)
class FundingSchemeAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class ActionPartnerInline(admin.TabularInline):
    model = ActionPartner
    extra = 1
    autocomplete_fields = ["partner"]


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["name", "sector_list", "position", "start_date", "end_date"]
    list_filter = ["sectors", "funding_schemes"]
    search_fields = ["name"]
    filter_horizontal = ["sectors", "orientations", "funding_schemes", "referents"]
    inlines = [ActionPartnerInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("sectors")

    @admin.display(description=Action._meta.get_field("sectors").verbose_name)
    def sector_list(self, obj):
        return ", ".join(str(s) for s in obj.sectors.all())


class WeeklySlotInline(admin.TabularInline):
    model = WeeklySlot
    extra = 1


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["name", "action", "default_place", "min_age", "max_age", "session_count"]
    list_filter = ["action__sectors", "action"]
    list_select_related = ["action", "default_place"]
    search_fields = ["name", "action__name"]
    # The model's own ordering avoids a join; the list is sorted as the programme reads.
    ordering = ["action__position", "action__name", "name"]
    autocomplete_fields = ["action", "default_place"]
    filter_horizontal = ["contributors"]
    inlines = [WeeklySlotInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_session_count=Count("sessions"))

    @admin.display(description=Session._meta.verbose_name_plural, ordering="_session_count")
    def session_count(self, obj):
        return obj._session_count


class SessionContributorInline(admin.TabularInline):
    model = SessionContributor
    extra = 0
    autocomplete_fields = ["contributor"]


class HeadcountInline(admin.TabularInline):
    model = Headcount
    extra = 0


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["date", "start_time", "end_time", "activity", "place", "status",
                    "cancellation_reason"]
    list_filter = ["status", "cancellation_reason", "activity__action", "place__is_outreach"]
    list_select_related = ["activity", "place", "cancellation_reason"]
    search_fields = ["activity__name", "activity__action__name", "journal"]
    date_hierarchy = "date"
    autocomplete_fields = ["activity", "place", "cancellation_reason"]
    inlines = [SessionContributorInline, HeadcountInline]
