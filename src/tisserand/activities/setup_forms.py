"""Forms of the centre's settings and of its reference lists (places, sectors, partners,
funding schemes). Writes go through ``setup_services``."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tisserand.activities import setup_services as services
from tisserand.activities.programme_forms import ServiceModelForm
from tisserand.core.images import checked_image
from tisserand.core.models import Centre

PICTURES = (("logo_file", _("Logo")), ("photo_file", _("Photo de couverture")))
# Phones offer their photos and camera for these types.
PICTURE_INPUT = {"accept": "image/png,image/jpeg"}


class CentreSettingsForm(ServiceModelForm):
    """The centre, its logo and the photo of the report's cover. The school zone comes
    with the académies (issue 14)."""

    logo_file = forms.FileField(label=_("Logo (PNG ou JPEG, 3 Mo au plus)"), required=False,
                                widget=forms.FileInput(attrs=PICTURE_INPUT))
    remove_logo = forms.BooleanField(label=_("Retirer le logo"), required=False)
    photo_file = forms.FileField(
        label=_("Photo de couverture du rapport (PNG ou JPEG, 3 Mo au plus)"), required=False,
        widget=forms.FileInput(attrs=PICTURE_INPUT),
    )
    remove_photo = forms.BooleanField(label=_("Retirer la photo"), required=False)

    class Meta(ServiceModelForm.Meta):
        model = Centre
        fields = services.CENTRE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.logo:
            del self.fields["remove_logo"]
        if not self.instance.cover_photo:
            del self.fields["remove_photo"]

    def clean(self):
        cleaned = super().clean()
        for name, what in PICTURES:
            upload = cleaned.get(name)
            if upload:
                try:
                    cleaned[name] = checked_image(upload.read(), str(what))
                except ValidationError as error:
                    self.add_error(name, error)
        start, end = cleaned.get("caf_approval_start"), cleaned.get("caf_approval_end")
        if start and end and end < start:
            self.add_error("caf_approval_end", _("La fin de l'agrément précède son début."))
        return cleaned

    def submit(self) -> Centre | None:
        data = self.cleaned_data
        return self._run(lambda: services.centre_save(
            centre=self.instance if self.instance.pk else None,
            fields={name: data[name] for name in services.CENTRE_FIELDS},
            logo=data.get("logo_file") or None, photo=data.get("photo_file") or None,
            remove_logo=data.get("remove_logo", False),
            remove_photo=data.get("remove_photo", False),
        ))


class ReferenceForm(ServiceModelForm):
    """A place, a sector, a partner or a funding scheme (``reference_form`` picks the
    model and its fields)."""

    def submit(self):
        names = services.REFERENCE_KINDS[self._meta.model].fields
        return self._run(lambda: services.reference_save(
            instance=self.instance, fields={name: self.cleaned_data[name] for name in names}
        ))


def reference_form(model) -> type[ReferenceForm]:
    return forms.modelform_factory(
        model, form=ReferenceForm, fields=services.REFERENCE_KINDS[model].fields,
        widgets={name: forms.Textarea(attrs={"rows": 3}) for name in ("description", "notes")},
    )
