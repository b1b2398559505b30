"""The filters of the trail screen."""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from tisserand.audit import selectors
from tisserand.audit.models import AuditEntry
from tisserand.core.forms import DateRangeForm


class ContentTypeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ContentType) -> str:
        model = obj.model_class()
        return str(model._meta.verbose_name_plural).capitalize() if model else obj.model


class AuditFilterForm(DateRangeForm):
    dates_required = False

    actor = forms.ChoiceField(label=_("Auteur"), required=False)
    action = forms.ChoiceField(
        label=_("Action"), required=False,
        choices=[("", _("Toutes"))] + list(AuditEntry.Action.choices),
    )
    object_type = ContentTypeChoiceField(
        label=_("Type d'objet"), required=False, queryset=ContentType.objects.none(),
        empty_label=_("Tous"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].choices = (
            [("", _("Tous")), (selectors.SYSTEM, _("Système (commandes)"))]
            + [(str(pk), username) for pk, username in selectors.audit_actors()]
        )
        self.fields["object_type"].queryset = selectors.audit_content_types()

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            "start": data.get("start"),
            "end": data.get("end"),
            "actor": data.get("actor") or None,
            "action": data.get("action") or "",
            "content_type": data.get("object_type"),
        }
