"""Forms of the report screens. They check the input; services do the writes."""


from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tisserand.activities.figure_sets import DEFAULTS, FIGURE_LABELS
from tisserand.activities.models import Action
from tisserand.core.forms import VersionedFormMixin
from tisserand.core.limits import REPORT_TEXT_MAX_LENGTH, limited_text_form_field

ANSWER_MAX_LENGTH = REPORT_TEXT_MAX_LENGTH
ANSWER_HELP = _(
    "Une ligne vide commence un nouveau paragraphe ; « - » en début de ligne fait une puce."
)


class SheetAnswersForm(VersionedFormMixin, forms.Form):
    """One text field per question of the sheet's grid, named ``answer-<question id>``."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[self.field_name(question)] = limited_text_form_field(
                label=question.text, max_chars=ANSWER_MAX_LENGTH, rows=5, normalise=True,
                help_text=ANSWER_HELP,
            )

    @staticmethod
    def field_name(question) -> str:
        return f"answer-{question.pk}"

    def answers(self):
        """(question, text) for every question, once the form is valid."""
        return [(q, self.cleaned_data[self.field_name(q)]) for q in self.questions]

    def validated(self) -> set[int]:
        """The questions whose draft the person read and keeps as it is (a checkbox
        ``validate-<question id>`` beside each draft)."""
        return {q.pk for q in self.questions if self.data.get(f"validate-{q.pk}") == "on"}


class ActionFiguresForm(forms.Form):
    """The figures the report shows for an action: its kind, then the figures ticked."""

    kind = forms.ChoiceField(label=_("Type d'action"), choices=Action.Kind.choices)
    figures = forms.MultipleChoiceField(
        label=_("Chiffres présentés"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(key, label) for key, label in FIGURE_LABELS.items()],
        help_text=_("Décochez ce qui ne dit rien de cette action ; en changeant de type, "
                    "cochez « suivre le type » pour reprendre ses chiffres."),
    )
    follow_kind = forms.BooleanField(label=_("Suivre les chiffres du type d'action"),
                                     required=False)

    def chosen(self) -> list[str]:
        data = self.cleaned_data
        return list(DEFAULTS[data["kind"]]) if data["follow_kind"] else data["figures"]


class CentreSectionForm(forms.Form):
    section = forms.IntegerField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(label=_("Titre"), required=False, max_length=200)
    position = forms.IntegerField(
        label=_("Ordre"), required=False, min_value=0, max_value=32767,
        widget=forms.NumberInput(attrs={"class": "short"}),
    )
    text = limited_text_form_field(
        label=_("Texte"), normalise=True, help_text=ANSWER_HELP, max_chars=ANSWER_MAX_LENGTH,
        rows=6,
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
