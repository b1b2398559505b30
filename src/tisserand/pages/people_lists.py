"""The lists of persons and of households: their filters, their rows and their exports.

They sit here, above the apps, because a filter reads two of them: the people app (ages,
QPV, memberships) and the activities app (present at least once in an atelier, an action
or a sector, in a season).
"""

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tisserand.activities.models import Action, Attendance, Sector
from tisserand.activities.selectors import activities_for_choice
from tisserand.core.periods import season, season_of
from tisserand.core.spreadsheets import Table
from tisserand.people import selectors
from tisserand.people.models import Household, Person, PriorityArea

SEASONS_OFFERED = 12
MAX_AGE = 120


def _season_choices() -> list[tuple[str, str]]:
    current = season_of(timezone.localdate())
    firsts = range(current, current - SEASONS_OFFERED, -1)
    return [("", "—")] + [(str(first), f"{first}-{first + 1}") for first in firsts]


def _age_field(label):
    return forms.IntegerField(
        label=label, required=False, min_value=0, max_value=MAX_AGE,
        error_messages={"invalid": gettext_lazy("Âge attendu en années, par exemple 11.")},
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class ListFilterForm(forms.Form):
    """The filters of both lists, read from the query string (so kept in the links):
    each one given narrows the list, they combine."""

    q = forms.CharField(label=gettext_lazy("Nom, téléphone, foyer ou adresse"), required=False,
                        max_length=100)
    secteur = forms.ModelChoiceField(label=gettext_lazy("Secteur"), required=False,
                                     queryset=Sector.objects.all(), empty_label="—")
    action = forms.ModelChoiceField(label=gettext_lazy("Action"), required=False,
                                    queryset=Action.objects.order_by("position", "name"),
                                    empty_label="—")
    atelier = forms.ModelChoiceField(label=gettext_lazy("Atelier"), required=False,
                                     queryset=activities_for_choice(), empty_label="—")
    saison = forms.TypedChoiceField(
        label=gettext_lazy("Venu·e au moins une fois pendant la saison"), required=False,
        coerce=int, empty_value=None,
    )
    age_min = _age_field(gettext_lazy("Âge de"))
    age_max = _age_field(gettext_lazy("à"))
    qpv = forms.ChoiceField(label=gettext_lazy("Habite en QPV"), required=False,
                            choices=[("", "—"), *PriorityArea.choices])
    adhesion = forms.TypedChoiceField(label=gettext_lazy("Adhérent pour la saison"),
                                      required=False, coerce=int, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["saison"].choices = self.fields["adhesion"].choices = _season_choices()
        self.fields["atelier"].label_from_instance = lambda a: f"{a.action.name} — {a.name}"

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("age_min"), cleaned.get("age_max")
        if low is not None and high is not None and high < low:
            self.add_error("age_max", _("L'âge maximum est plus petit que l'âge minimum."))
        return cleaned

    @property
    def filters_presence(self) -> bool:
        data = self.cleaned_data
        return any(data.get(k) is not None for k in ("secteur", "action", "atelier", "saison"))

    @property
    def filters_members(self) -> bool:
        """A filter on persons (for the households list: on their members)."""
        data = self.cleaned_data
        return self.filters_presence or any(
            data.get(k) not in (None, "") for k in ("age_min", "age_max", "qpv")
        )

    def description(self) -> str:
        """The filters, for the audit trail: what was chosen, never the text typed (a
        search is often a name)."""
        parts = []
        for name in self.fields:
            value = self.cleaned_data.get(name)
            if value in (None, ""):
                continue
            if name == "q":
                parts.append(_("recherche par texte"))
            else:
                shown = value.pk if hasattr(value, "pk") else value
                parts.append(f"{name}={shown}")
        return ", ".join(parts) or _("aucun filtre")


def present_persons(form: ListFilterForm) -> QuerySet:
    """Ids of the persons present at least once in the chosen atelier, action or sector
    during the chosen season (any season when none is chosen)."""
    data = form.cleaned_data
    attendances = Attendance.objects.all()
    if data.get("atelier") is not None:
        attendances = attendances.filter(session__activity=data["atelier"])
    if data.get("action") is not None:
        attendances = attendances.filter(session__activity__action=data["action"])
    if data.get("secteur") is not None:
        attendances = attendances.filter(
            Q(session__activity__action__sectors=data["secteur"])
        )
    if data.get("saison") is not None:
        period = season(data["saison"])
        attendances = attendances.filter(session__date__range=(period.start, period.end))
    return attendances.values("person_id")


def person_rows(form: ListFilterForm) -> QuerySet[Person]:
    data = form.cleaned_data
    return selectors.persons_filtered(
        today=timezone.localdate(),
        query=data.get("q") or "",
        min_age=data.get("age_min"),
        max_age=data.get("age_max"),
        priority_area=data.get("qpv") or "",
        membership_season=data.get("adhesion"),
        among=present_persons(form) if form.filters_presence else None,
    )


def household_rows(form: ListFilterForm) -> QuerySet[Household]:
    """Households with at least one member matching the filters on persons."""
    data = form.cleaned_data
    members = None
    if form.filters_members:
        members = selectors.persons_filtered(
            today=timezone.localdate(),
            min_age=data.get("age_min"),
            max_age=data.get("age_max"),
            priority_area=data.get("qpv") or "",
            among=present_persons(form) if form.filters_presence else None,
        )
    return selectors.households_filtered(
        query=data.get("q") or "", membership_season=data.get("adhesion"), members=members
    )


# --- exports ---------------------------------------------------------------------------


def persons_table(persons: QuerySet[Person]) -> Table:
    today = timezone.localdate()
    return Table(
        title=_("Habitants"),
        headers=[_("Nom"), _("Prénom"), _("Sexe"), _("Date de naissance"),
                 _("Année de naissance"), _("Âge"), _("Foyer"), _("Rôle dans le foyer"),
                 _("Adresse"), _("Code postal"), _("Ville"), _("Téléphone"), _("Courriel"),
                 _("Habite en QPV")],
        rows=(
            [p.last_name, p.first_name, p.get_sex_display() if p.sex else "", p.birth_date,
             p.effective_birth_year, p.age_on(today),
             p.household.name if p.household else "", p.get_household_role_display(),
             p.household.address if p.household else "",
             p.household.postcode if p.household else "",
             p.household.city if p.household else "", p.phone, p.email,
             p.get_priority_area_display()]
            for p in persons.iterator(chunk_size=500)
        ),
    )


def households_table(households: QuerySet[Household]) -> Table:
    return Table(
        title=_("Foyers"),
        headers=[_("Foyer"), _("Composition"), _("Adresse"), _("Code postal"), _("Ville"),
                 _("Quartier"), _("Téléphone"), _("Membres")],
        rows=(
            [h.name, h.get_composition_display(), h.address, h.postcode, h.city,
             h.neighbourhood, h.phone, h.member_count]
            for h in households.iterator(chunk_size=500)
        ),
    )
