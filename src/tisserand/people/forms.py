"""Forms of the people screens. Validation comes from the models; writes go through services.

Each form that writes has a ``submit()`` method: it calls the service and turns a refused
write into form errors, so that views stay one call long and bad input saves nothing.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tisserand.core.forms import BoundedDateField, ServiceFormMixin, VersionedFormMixin
from tisserand.core.models import Partner
from tisserand.core.periods import season_of
from tisserand.people import services
from tisserand.people.models import Household, Person, SchoolLevel


class PersonForm(VersionedFormMixin, ServiceFormMixin, forms.ModelForm):
    confirm_homonym = forms.BooleanField(
        label=_("Il s'agit bien d'une autre personne"), required=False
    )

    class Meta:
        model = Person
        fields = services.PERSON_FIELDS
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"birth_date": BoundedDateField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.homonyms = []
        if self.instance.pk:
            del self.fields["confirm_homonym"]
        else:  # shown only once homonyms have been found
            self.fields["confirm_homonym"].widget = forms.HiddenInput()
        self.fields["household"].queryset = Household.objects.order_by("name", "id")

    def _fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in services.PERSON_FIELDS}

    def submit(self) -> Person | None:
        """Create or update the person; on a likely duplicate, keep the homonyms to show."""
        if self.instance.pk:
            return self._run(lambda: services.person_update(
                person=self.instance, expected_version=self.started_from, **self._fields()))
        return self._run(
            lambda: services.person_create(
                allow_homonym=self.cleaned_data.get("confirm_homonym", False),
                **self._fields(),
            )
        )

    def add_error(self, field, error):
        if isinstance(error, services.PossibleDuplicate):
            self.homonyms = error.homonyms
            self.fields["confirm_homonym"].widget = forms.CheckboxInput()
        super().add_error(field, error)


class HouseholdForm(VersionedFormMixin, ServiceFormMixin, forms.ModelForm):
    class Meta:
        model = Household
        fields = ("name", "composition", "address", "postcode", "city", "neighbourhood", "phone")

    def submit(self) -> Household | None:
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        if self.instance.pk:
            return self._run(
                lambda: services.household_update(
                    household=self.instance, expected_version=self.started_from, **fields)
            )
        return self._run(lambda: services.household_create(**fields))


class MemberAddForm(ServiceFormMixin, forms.Form):
    """Put an existing person in a household with a role (moves them from another one)."""

    person = forms.ModelChoiceField(queryset=Person.objects.all(), widget=forms.HiddenInput)
    household_role = forms.ChoiceField(
        label=_("Rôle dans le foyer"), choices=Person.HouseholdRole.choices
    )

    def __init__(self, *args, household: Household, **kwargs):
        super().__init__(*args, **kwargs)
        self.household = household

    def submit(self) -> Person | None:
        return self._run(
            lambda: services.person_update(
                person=self.cleaned_data["person"],
                household=self.household,
                household_role=self.cleaned_data["household_role"],
            )
        )


class FamilyQuotientForm(ServiceFormMixin, forms.Form):
    amount = forms.IntegerField(label=_("Quotient familial (€)"), min_value=0)
    valid_from = BoundedDateField(label=_("Valable du"))
    valid_to = BoundedDateField(label=_("au"))

    def __init__(self, *args, household: Household, **kwargs):
        super().__init__(*args, **kwargs)
        self.household = household

    def submit(self):
        return self._run(
            lambda: services.family_quotient_add(household=self.household, **self.cleaned_data)
        )


def _current_season() -> int:
    return season_of(timezone.localdate())


class MembershipForm(ServiceFormMixin, forms.Form):
    season = forms.IntegerField(
        label=_("Saison (année de début)"), min_value=2000, max_value=2100,
        initial=_current_season,
        help_text=_("2019 pour la saison 2019-2020."),
    )
    paid_on = BoundedDateField(
        label=_("Date d'adhésion"), initial=timezone.localdate
    )
    amount = forms.DecimalField(
        label=_("Montant (€)"), min_value=0, max_digits=7, decimal_places=2, initial=0
    )

    def __init__(self, *args, household: Household, **kwargs):
        super().__init__(*args, **kwargs)
        self.household = household

    def submit(self):
        return self._run(
            lambda: services.membership_record(household=self.household, **self.cleaned_data)
        )


class EnrollmentForm(ServiceFormMixin, forms.Form):
    school_year = forms.IntegerField(
        label=_("Année scolaire (rentrée)"), min_value=2000, max_value=2100,
        initial=_current_season,
        help_text=_("2020 pour l'année 2020-2021."),
    )
    school = forms.ModelChoiceField(
        label=_("École"), required=False,
        queryset=Partner.objects.filter(kind=Partner.Kind.SCHOOL).order_by("name"),
    )
    level = forms.ChoiceField(
        label=_("Classe"), required=False, choices=[("", "—"), *SchoolLevel.choices]
    )

    def __init__(self, *args, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person

    def submit(self):
        return self._run(
            lambda: services.enrollment_set(person=self.person, **self.cleaned_data)
        )
