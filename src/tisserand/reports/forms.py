"""Forms of the report screens. They check the input; services do the writes."""

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tisserand.core.calendar import Period, calendar_year, season
from tisserand.core.forms import DateInput

FIRST_YEAR, LAST_YEAR = 1990, 2100
SEASON_PATTERN = re.compile(r"^\s*(\d{4})\s*[-/–]\s*(\d{4})\s*$")
ANSWER_MAX_LENGTH = 20_000
ANSWER_HELP = _(
    "Une ligne vide commence un nouveau paragraphe ; « - » en début de ligne fait une puce."
)


class ReportPeriodForm(forms.Form):
    """The period of the report, from the query string: ``annee=2020``, ``saison=2019-2020``
    or ``du=2020-01-01&au=2020-03-31``. Exactly one kind of period."""

    annee = forms.IntegerField(
        label=_("Année civile"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR,
        error_messages={
            "invalid": _("Année attendue sous la forme 2020."),
            "min_value": _("Année trop ancienne."),
            "max_value": _("Année trop lointaine."),
        },
    )
    saison = forms.CharField(
        label=_("Saison"), required=False, max_length=20,
        widget=forms.TextInput(attrs={"placeholder": "2019-2020"}),
    )
    du = forms.DateField(
        label=_("Du"), required=False, widget=DateInput(),
        error_messages={"invalid": _("Date attendue au format JJ/MM/AAAA.")},
    )
    au = forms.DateField(
        label=_("Au"), required=False, widget=DateInput(),
        error_messages={"invalid": _("Date attendue au format JJ/MM/AAAA.")},
    )

    def clean_saison(self) -> int | None:
        """The season's first year."""
        value = self.cleaned_data["saison"]
        if not value:
            return None
        match = SEASON_PATTERN.match(value)
        if not match:
            raise ValidationError(_("Saison attendue sous la forme 2019-2020."))
        first, second = int(match[1]), int(match[2])
        if second != first + 1:
            raise ValidationError(
                _("Une saison couvre deux années qui se suivent, par exemple 2019-2020.")
            )
        if not FIRST_YEAR <= first < LAST_YEAR:
            raise ValidationError(_("Saison hors des années possibles."))
        return first

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        year, first, start, end = (cleaned.get(k) for k in ("annee", "saison", "du", "au"))
        kinds = [year is not None, first is not None, bool(start or end)]
        if sum(kinds) != 1:
            raise ValidationError(
                _("Choisissez une seule période : une année, une saison ou des dates.")
            )
        if kinds[2]:
            if not (start and end):
                raise ValidationError(_("Indiquez la date de début et la date de fin."))
            if end < start:
                raise ValidationError(_("La date de fin précède la date de début."))
            if (end - start).days > 3 * 366:
                raise ValidationError(_("Choisissez une période de trois ans au plus."))
        return cleaned

    def period(self) -> Period:
        data = self.cleaned_data
        if data.get("annee") is not None:
            return calendar_year(data["annee"])
        if data.get("saison") is not None:
            return season(data["saison"])
        return date_range_period(data["du"], data["au"])


def date_range_period(start: dt.date, end: dt.date) -> Period:
    return Period(start, end, f"{start:%d/%m/%Y} – {end:%d/%m/%Y}")


class SheetAnswersForm(forms.Form):
    """One text field per question of the sheet's grid, named ``answer-<question id>``."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[self.field_name(question)] = forms.CharField(
                label=question.text, required=False, max_length=ANSWER_MAX_LENGTH,
                strip=True, widget=forms.Textarea(attrs={"rows": 5}), help_text=ANSWER_HELP,
                error_messages={"max_length": _(
                    "Réponse trop longue : %(limit_value)d caractères au plus "
                    "(elle en compte %(show_value)d)."
                )},
            )

    @staticmethod
    def field_name(question) -> str:
        return f"answer-{question.pk}"

    def answers(self):
        """(question, text) for every question, once the form is valid."""
        return [(q, self.cleaned_data[self.field_name(q)]) for q in self.questions]


class CentreSectionForm(forms.Form):
    section = forms.IntegerField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(label=_("Titre"), required=False, max_length=200)
    position = forms.IntegerField(
        label=_("Ordre"), required=False, min_value=0, max_value=32767,
        widget=forms.NumberInput(attrs={"class": "short"}),
    )
    text = forms.CharField(
        label=_("Texte"), required=False, strip=True, help_text=ANSWER_HELP,
        max_length=ANSWER_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 6}),
    )

    def clean(self):
        cleaned = super().clean()
        title, text = cleaned.get("title", ""), cleaned.get("text", "")
        deleting = cleaned.get("DELETE")
        if cleaned.get("section") and not title and not deleting:
            self.add_error("title", _("Donnez un titre à cette partie (ou cochez « Supprimer »)."))
        elif not cleaned.get("section") and text and not title:
            self.add_error("title", _("Donnez un titre à cette partie."))
        return cleaned

    @property
    def is_new_and_empty(self) -> bool:
        """A new row with no text: nothing to create (a suggested title alone is not kept)."""
        data = self.cleaned_data
        return not data.get("section") and not data.get("text")


class BaseCentreSectionFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        titles = set()
        for form in self.forms:
            data = form.cleaned_data
            if not data or data.get("DELETE") or form.is_new_and_empty:
                continue
            key = data["title"].casefold()
            if key in titles:
                raise ValidationError(
                    _("Deux parties portent le titre « %(title)s ».") % {"title": data["title"]}
                )
            titles.add(key)


CentreSectionFormSet = forms.formset_factory(
    CentreSectionForm, formset=BaseCentreSectionFormSet, extra=0, can_delete=True
)
