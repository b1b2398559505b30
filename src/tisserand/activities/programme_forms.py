"""Forms of the programme screens: an action with its partners, an atelier with its
weekly slots. They check the input and hand plain values to ``programme_services``."""


from django import forms
from django.utils.translation import gettext_lazy as _

from tisserand.activities import programme_services as services
from tisserand.activities.models import Action, ActionPartner, Activity, Weekday
from tisserand.activities.selectors import programme_choices
from tisserand.core.forms import (
    BoundedDateField,
    ServiceFormMixin,
    TimeInput,
    VersionedFormMixin,
    bounded_date_formfield,
)

BLANK = [("", "—")]


class ServiceModelForm(ServiceFormMixin, forms.ModelForm):
    """A model form whose uniqueness rules are the service's (French, case-insensitive)
    and whose dates are bounded (1900–2100): subclasses' ``Meta`` derive from this one."""

    class Meta:
        formfield_callback = bounded_date_formfield

    def validate_unique(self):
        """The service checks names; Django's generic message would come first."""


def _checkboxes(form, names):
    for name in names:
        form.fields[name].widget = forms.CheckboxSelectMultiple(
            choices=form.fields[name].choices
        )


class ActionForm(VersionedFormMixin, ServiceModelForm):
    # What it is and where the report tells it first, then its links, then the dates.
    field_order = [
        "name", "sectors", "main_sector", "kind", "summary", "orientations",
        "funding_schemes", "referents", "start_date", "end_date", "report_period",
        "records_start", "position",
    ]

    class Meta(ServiceModelForm.Meta):
        model = Action
        fields = services.ACTION_FIELDS + services.ACTION_LINKS
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = programme_choices()
        for name in services.ACTION_LINKS:
            self.fields[name].queryset = choices[name]
        self.fields["main_sector"].queryset = choices["sectors"]
        self.fields["main_sector"].empty_label = "—"
        self.fields["sectors"].required = True
        self.fields["sectors"].error_messages["required"] = _("Choisissez au moins un secteur.")
        _checkboxes(self, services.ACTION_LINKS)

    def submit(self, partnerships: list[services.Partnership]) -> Action | None:
        data = self.cleaned_data
        fields = {name: data[name] for name in services.ACTION_FIELDS}
        links = {name: list(data[name]) for name in services.ACTION_LINKS}
        if self.instance.pk:
            return self._run(lambda: services.action_update(
                action=self.instance, fields=fields, links=links, partnerships=partnerships,
                expected_version=self.started_from))
        return self._run(lambda: services.action_create(
            fields=fields, links=links, partnerships=partnerships))


class PartnershipForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Partenaire"), queryset=None,
                                     empty_label="—")
    role = forms.ChoiceField(label=_("Rôle"), choices=BLANK + ActionPartner.Role.choices)
    description = forms.CharField(label=_("Précisions"), max_length=300, required=False)
    start_date = BoundedDateField(label=_("Depuis"), required=False)
    end_date = BoundedDateField(label=_("Jusqu'au"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = programme_choices()["partners"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("La date de fin précède la date de début."))
        return cleaned


class BasePartnershipFormSet(forms.BaseFormSet):
    def partnerships(self) -> list[services.Partnership]:
        """The partners kept (filled and not ticked for removal)."""
        return [
            services.Partnership(**{k: v for k, v in form.cleaned_data.items() if k != "DELETE"})
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


PartnershipFormSet = forms.formset_factory(
    PartnershipForm, formset=BasePartnershipFormSet, extra=2, can_delete=True,
    can_delete_extra=False, max_num=50, validate_max=True,
)


def partnership_initial(action: Action | None) -> list[dict]:
    if action is None or action.pk is None:
        return []
    return [
        {"partner": p.partner_id, "role": p.role, "description": p.description,
         "start_date": p.start_date, "end_date": p.end_date}
        for p in ActionPartner.objects.filter(action=action).order_by("partner__name", "role")
    ]


class ActivityForm(VersionedFormMixin, ServiceModelForm):
    class Meta(ServiceModelForm.Meta):
        model = Activity
        fields = (*services.ACTIVITY_FIELDS, "contributors")
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = programme_choices()
        self.fields["default_place"].queryset = choices["places"]
        self.fields["default_place"].empty_label = "—"
        self.fields["contributors"].queryset = choices["contributors"]
        _checkboxes(self, ["contributors"])
        for name in ("min_age", "max_age", "capacity"):
            self.fields[name].widget.attrs["inputmode"] = "numeric"

    def submit(self, *, action: Action, slots: list[services.Slot]) -> Activity | None:
        data = self.cleaned_data
        fields = {name: data[name] for name in services.ACTIVITY_FIELDS}
        contributors = list(data["contributors"])
        if self.instance.pk:
            return self._run(lambda: services.activity_update(
                activity=self.instance, fields=fields, contributors=contributors, slots=slots,
                expected_version=self.started_from))
        return self._run(lambda: services.activity_create(
            action=action, fields=fields, contributors=contributors, slots=slots))


class SlotForm(forms.Form):
    weekday = forms.TypedChoiceField(label=_("Jour"), choices=BLANK + Weekday.choices,
                                     coerce=int)
    start_time = forms.TimeField(label=_("De"), widget=TimeInput(),
                                 error_messages={"invalid": _("Heure attendue : 17:00.")})
    end_time = forms.TimeField(label=_("À"), widget=TimeInput(),
                               error_messages={"invalid": _("Heure attendue : 18:00.")})
    place = forms.ModelChoiceField(
        label=_("Lieu"), queryset=None, required=False,
        empty_label=_("Lieu habituel de l'atelier"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = programme_choices()["places"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("Le créneau doit se terminer après son heure de début."))
        return cleaned


class BaseSlotFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        seen = set()
        for slot in self.slots():
            key = (slot.weekday, slot.start_time)
            if key in seen:
                raise forms.ValidationError(
                    _("Deux créneaux commencent le même jour à la même heure : gardez-en un "
                      "seul.")
                )
            seen.add(key)

    def slots(self) -> list[services.Slot]:
        return [
            services.Slot(**{k: v for k, v in form.cleaned_data.items() if k != "DELETE"})
            for form in self.forms
            if form.is_valid() and form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


SlotFormSet = forms.formset_factory(
    SlotForm, formset=BaseSlotFormSet, extra=2, can_delete=True, can_delete_extra=False,
    max_num=14, validate_max=True,
)


def slot_initial(activity: Activity | None) -> list[dict]:
    if activity is None or activity.pk is None:
        return []
    return [
        {"weekday": s.weekday, "start_time": s.start_time, "end_time": s.end_time,
         "place": s.place_id}
        for s in activity.slots.all()
    ]
