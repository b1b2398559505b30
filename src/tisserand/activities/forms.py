"""Forms of the programme screens. They check the input; services do the writes."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tisserand.activities.models import Headcount
from tisserand.activities.selectors import activities_for_choice, cancellation_reasons
from tisserand.activities.services import AboveCapacity, CalendarFilter
from tisserand.core.forms import DateRangeForm, VersionedFormMixin
from tisserand.core.limits import limited_text_form_field
from tisserand.people.models import Person


class SessionsGenerateForm(DateRangeForm):
    CALENDAR_CHOICES = [
        (CalendarFilter.ALL, _("Toute l'année")),
        (CalendarFilter.SCHOOL_TERM, _("Hors vacances scolaires")),
        (CalendarFilter.SCHOOL_HOLIDAYS, _("Vacances scolaires seulement")),
    ]
    calendar_filter = forms.ChoiceField(
        label=_("Calendrier"),
        choices=CALENDAR_CHOICES,
        initial=CalendarFilter.ALL,
        widget=forms.RadioSelect,
        help_text=_("Les jours fériés sont toujours sautés (vacances scolaires : zone B)."),
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and (end - start).days > 366:
            self.add_error("end", _("Générez au plus une année de séances à la fois."))
        return cleaned


class SessionsCancelRangeForm(DateRangeForm):
    ALL, SELECTION = "all", "selection"

    reason = forms.ModelChoiceField(
        label=_("Motif"), queryset=cancellation_reasons(), empty_label=_("Choisir un motif")
    )
    scope = forms.ChoiceField(
        label=_("Ateliers concernés"),
        choices=[(ALL, _("Tous les ateliers")), (SELECTION, _("Seulement les ateliers cochés"))],
        initial=ALL,
        widget=forms.RadioSelect,
    )
    activities = forms.ModelMultipleChoiceField(
        label=_("Ateliers"),
        queryset=activities_for_choice(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activities"].label_from_instance = lambda a: f"{a.action} – {a}"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("scope") == self.SELECTION and not cleaned.get("activities"):
            self.add_error("activities", _("Cochez au moins un atelier."))
        return cleaned

    def selected_activities(self):
        if self.cleaned_data["scope"] == self.ALL:
            return None
        return list(self.cleaned_data["activities"])


class NewcomerForm(forms.Form):
    first_name = forms.CharField(label=_("Prénom"), max_length=100)
    last_name = forms.CharField(label=_("Nom"), max_length=100)
    sex = forms.ChoiceField(
        label=_("Sexe"), choices=Person.Sex.choices, required=False, widget=forms.RadioSelect
    )
    birth_year = forms.IntegerField(
        label=_("Année de naissance"), required=False, min_value=1900,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    phone = forms.CharField(
        label=_("Téléphone"), max_length=30, required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        if year and year > timezone.localdate().year:
            raise forms.ValidationError(_("L'année de naissance ne peut pas être dans le futur."))
        return year


class HeadcountForm(forms.Form):
    category = forms.ChoiceField(label=_("Public"), choices=Headcount.Category.choices)
    count = forms.IntegerField(
        label=_("Nombre"), min_value=0, widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_("0 efface le comptage de cette catégorie."),
    )
    # Shown once the service found the count above the atelier's places.
    confirm_above_capacity = forms.BooleanField(
        label=_("Je confirme ce nombre"), required=False, widget=forms.HiddenInput,
    )

    def add_error(self, field, error):
        if isinstance(error, AboveCapacity):
            self.fields["confirm_above_capacity"].widget = forms.CheckboxInput()
        super().add_error(field, error)


class JournalForm(VersionedFormMixin, forms.Form):
    journal = limited_text_form_field(label=_("Journal de séance"), rows=3)


class FacilitatorsForm(forms.Form):
    facilitators = forms.ModelMultipleChoiceField(
        label=_("Encadrement présent"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facilitators"].queryset = choices


class SessionCancelForm(forms.Form):
    reason = forms.ModelChoiceField(
        label=_("Motif"), queryset=cancellation_reasons(), empty_label=_("Choisir un motif")
    )

