"""Forms of the privacy screens; writes go through the services."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tisserand.core.forms import BoundedDateField
from tisserand.people.models import Consent
from tisserand.privacy import services


class ConsentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Objet"), choices=Consent.Kind.choices)
    given = forms.TypedChoiceField(
        label=_("Réponse"),
        choices=[("oui", _("Accordé")), ("non", _("Refusé"))],
        coerce=lambda value: value == "oui",
        widget=forms.RadioSelect,
    )
    recorded_on = BoundedDateField(label=_("Date du recueil"))

    def __init__(self, *args, person, **kwargs):
        kwargs.setdefault("initial", {"recorded_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.person = person

    def submit(self, *, by) -> Consent | None:
        try:
            return services.consent_record(
                person=self.person, kind=self.cleaned_data["kind"],
                given=self.cleaned_data["given"], on=self.cleaned_data["recorded_on"], by=by,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    self.add_error(field if field in self.fields else None, errors)
            else:
                self.add_error(None, error)
            return None


class AnonymiseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Je confirme : l'identité de cette personne sera effacée définitivement."),
        error_messages={"required": _("Cochez la case pour confirmer l'anonymisation.")},
    )
