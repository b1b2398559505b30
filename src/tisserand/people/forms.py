"""Forms of the people screens. Validation comes from the models; writes go through services.

Each form that writes has a ``submit()`` method: it calls the service and turns a refused
write into form errors, so that views stay one call long and bad input saves nothing.
"""


from django import forms
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tisserand.core.forms import BoundedDateField, ServiceFormMixin, VersionedFormMixin
from tisserand.core.models import Partner
from tisserand.core.periods import season_of
from tisserand.core.request_params import id_from
from tisserand.people import selectors, services
from tisserand.people.models import Household, Person, SchoolLevel


class HouseholdPicker(forms.Widget):
    """The household of a person, chosen by search rather than in a list of hundreds:
    the chosen household, "no household", a search box and the households found (radio
    buttons). htmx fills the results as one types (``household_choices``); without
    JavaScript, the button "Chercher le foyer" shows the same form with them."""

    template_name = "people/widgets/household_picker.html"

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.query = ""
        self.results = []

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chosen = id_from(str(value)) if value not in (None, "") else None
        members = Person.objects.only("first_name", "household_id").order_by("first_name")
        context["widget"].update({
            "chosen": (
                Household.objects.prefetch_related(Prefetch("members", queryset=members))
                .filter(pk=chosen).first() if chosen else None
            ),
            "query": self.query,
            "results": self.results,
        })
        return context


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
        self.fields["household"].widget = HouseholdPicker()

    def show_households(self, query: str) -> None:
        """Offer the households found for ``query`` (the search without JavaScript)."""
        picker = self.fields["household"].widget
        picker.query = query
        picker.results = selectors.household_choices(query=query)

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


class MergeForm(ServiceFormMixin, forms.Form):
    """Two records side by side: which one is kept (its number, its history), and for
    each field where they differ, which value stays. Only the fields that differ are
    asked. The older record is offered as the one kept, with its values, except where
    only the other one has a value."""

    def __init__(self, *args, first, second, names: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.records = {"first": first, "second": second}
        older = "first" if first.pk < second.pk else "second"
        newer = "second" if older == "first" else "first"
        self.fields["keep"] = forms.ChoiceField(
            label=_("Fiche conservée (son numéro et son historique)"),
            widget=forms.RadioSelect, initial=older,
            choices=[("first", _("n° %(id)s") % {"id": first.pk}),
                     ("second", _("n° %(id)s") % {"id": second.pk})],
        )
        self.rows = []
        for name in names:
            field = first._meta.get_field(name)
            a, b = (getattr(r, field.attname) for r in (first, second))
            shown = [_shown(r, field) for r in (first, second)]
            self.rows.append((field.verbose_name, shown, f"value_{name}" if a != b else None))
            if a == b:
                continue
            self.fields[f"value_{name}"] = forms.ChoiceField(
                label=field.verbose_name, widget=forms.RadioSelect,
                choices=[("first", shown[0]), ("second", shown[1])],
                initial=newer if (a if older == "first" else b) in (None, "") else older,
            )

    def comparison(self):
        """Each field: its label, both values shown, and the choice (``None`` when equal)."""
        return [(label, shown, self[key] if key else None) for label, shown, key in self.rows]

    def choices(self):
        """``(kept, removed, values)`` from the answers."""
        keep_side = self.cleaned_data["keep"]
        other_side = "second" if keep_side == "first" else "first"
        values = {}
        for key, side in self.cleaned_data.items():
            if key.startswith("value_") and side != keep_side:
                name = key.removeprefix("value_")
                values[name] = getattr(self.records[side], name)
        return self.records[keep_side], self.records[other_side], values

    def submit(self, merge):
        keep, drop, values = self.choices()
        return self._run(lambda: merge(keep=keep, drop=drop, values=values))


def _shown(record, field) -> str:
    value = getattr(record, field.name)
    if value in (None, ""):
        return "—"
    if getattr(field, "choices", None):
        return str(getattr(record, f"get_{field.name}_display")())
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)
