from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext as _

from tisserand.core.text import search_key
from tisserand.people.models import FamilyQuotient, Household, Membership, Person, SchoolEnrollment


class AccentFreeSearchMixin:
    """search_name is stored lower-case without accents: search the same form of the term."""

    search_fields = ("search_name",)

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, search_key(search_term))


class QuotientFormSet(BaseInlineFormSet):
    """Each row checks the database; this also refuses two new rows that overlap each other."""

    def clean(self):
        super().clean()
        periods = sorted(
            (form.cleaned_data["valid_from"], form.cleaned_data["valid_to"])
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("valid_from")
            and form.cleaned_data.get("valid_to")
        )
        for (_start, end), (next_start, _end) in zip(periods, periods[1:], strict=False):
            if next_start <= end:
                raise ValidationError(
                    _(
                        "Les périodes de validité des quotients familiaux "
                        "ne peuvent pas se chevaucher."
                    )
                )


class FamilyQuotientInline(admin.TabularInline):
    model = FamilyQuotient
    formset = QuotientFormSet
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


class SchoolEnrollmentInline(admin.TabularInline):
    model = SchoolEnrollment
    extra = 0


@admin.register(Household)
class HouseholdAdmin(AccentFreeSearchMixin, admin.ModelAdmin):
    list_display = ("name", "composition", "neighbourhood", "city", "created_at")
    list_filter = ("composition", "neighbourhood")
    inlines = (FamilyQuotientInline, MembershipInline)


@admin.register(Person)
class PersonAdmin(AccentFreeSearchMixin, admin.ModelAdmin):
    list_display = (
        "last_name", "first_name", "sex", "birth_date", "birth_year", "household",
        "household_role", "priority_area",
    )
    list_filter = ("priority_area", "sex", "household_role")
    list_select_related = ("household",)
    autocomplete_fields = ("household",)
    inlines = (SchoolEnrollmentInline,)


@admin.register(FamilyQuotient)
class FamilyQuotientAdmin(AccentFreeSearchMixin, admin.ModelAdmin):
    list_display = ("household", "amount", "valid_from", "valid_to")
    list_select_related = ("household",)
    search_fields = ("household__search_name",)
    autocomplete_fields = ("household",)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("household", "season", "paid_on", "amount")
    list_filter = ("season",)
    list_select_related = ("household",)
    autocomplete_fields = ("household",)


@admin.register(SchoolEnrollment)
class SchoolEnrollmentAdmin(admin.ModelAdmin):
    list_display = ("person", "school_year", "school", "level")
    list_filter = ("school_year", "level", "school")
    list_select_related = ("person", "school")
    autocomplete_fields = ("person",)
