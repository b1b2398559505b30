"""Reference data of the centre, edited in the Django admin (French labels from the models)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tisserand.core.forms import BoundedDateField
from tisserand.core.images import centre_pictures_set, checked_image
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


class CentreForm(forms.ModelForm):
    """The centre, with its logo and the photo of the report's cover."""

    logo_file = forms.FileField(label=_("Logo (PNG ou JPEG)"), required=False)
    remove_logo = forms.BooleanField(label=_("Retirer le logo"), required=False)
    photo_file = forms.FileField(label=_("Photo de couverture du rapport (PNG ou JPEG)"),
                                 required=False)
    remove_photo = forms.BooleanField(label=_("Retirer la photo"), required=False)

    class Meta:
        model = Centre
        fields = [
            "name", "address", "postcode", "city", "neighbourhood", "phone", "email",
            "caf_approval_start", "caf_approval_end", "records_start", "regular_share",
        ]
        field_classes = dict.fromkeys(
            ("caf_approval_start", "caf_approval_end", "records_start"), BoundedDateField)

    def clean(self):
        cleaned = super().clean()
        for name, what in (("logo_file", _("Logo")), ("photo_file", _("Photo de couverture"))):
            upload = cleaned.get(name)
            if upload:
                try:
                    cleaned[name] = checked_image(upload.read(), what)
                except ValidationError as error:
                    self.add_error(name, error)
        return cleaned


@admin.register(Centre)
class CentreAdmin(admin.ModelAdmin):
    form = CentreForm
    list_display = ["name", "city", "neighbourhood", "caf_approval_start", "caf_approval_end"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        data = form.cleaned_data
        centre_pictures_set(
            centre=obj, logo=data.get("logo_file") or None,
            photo=data.get("photo_file") or None,
            remove_logo=data.get("remove_logo", False),
            remove_photo=data.get("remove_photo", False),
        )


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
