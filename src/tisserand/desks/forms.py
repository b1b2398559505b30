"""Forms of the desk screens. They check the input; services do the writes.

Each form that writes has a ``submit()`` method: it calls the service and turns a refused
write into form errors (``ServiceFormMixin``), so that views stay short and bad input
saves nothing.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from tisserand.core.forms import (
    BoundedDateField,
    DateRangeForm,
    ServiceFormMixin,
    TimeInput,
)
from tisserand.core.phones import validate_phone
from tisserand.desks import services
from tisserand.desks.models import Appointment, RequestKind
from tisserand.desks.selectors import cancellation_reasons
from tisserand.people.models import Person
from tisserand.people.services import PossibleDuplicate

MAX_GENERATE_DAYS = 366


class DeskSessionsGenerateForm(DateRangeForm):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and (end - start).days > MAX_GENERATE_DAYS:
            self.add_error("end", _("Générez au plus une année de permanences à la fois."))
        return cleaned


class DeskClosureForm(ServiceFormMixin, forms.Form):
    start_date = BoundedDateField(label=_("Fermée du"))
    end_date = BoundedDateField(label=_("au"))
    reason = forms.ModelChoiceField(
        label=_("Motif"), queryset=cancellation_reasons(), empty_label=_("Choisir un motif")
    )

    def submit(self, *, desk, user) -> services.ClosureResult | None:
        return self._run(lambda: services.desk_closure_add(desk=desk, user=user,
                                                           **self.cleaned_data))


# --- a person found, or created in a few seconds -----------------------------------------


class PersonPickMixin(ServiceFormMixin):
    """An existing person (``person``, from the search) or a new one (name and phone).

    When the new person looks like someone already known (same name or same phone), the
    form keeps the ``homonyms`` to show, each with a button that picks them, and offers the
    box "it is another person"."""

    phone_required = True
    # The HTML id of the form: the new person's inputs sit below the search, outside the
    # <form> element, and join it through their ``form`` attribute.
    html_id = ""

    def _add_person_fields(self, persons=None):
        """``persons``: those this user may pick (a bénévole: the day's bookings); any
        other id is an invalid choice, and homonyms outside them are not shown."""
        joined = {"form": self.html_id, "autocomplete": "off"}
        self.visible_persons = persons
        self.homonyms_hidden = False
        # Set by the buttons of the search results (``name="person"``), never rendered.
        self.fields["person"] = forms.ModelChoiceField(
            queryset=Person.objects.all() if persons is None else persons,
            required=False, widget=forms.HiddenInput,
        )
        self.fields["first_name"] = forms.CharField(
            label=_("Prénom"), max_length=100, required=False,
            widget=forms.TextInput(attrs=joined),
        )
        self.fields["last_name"] = forms.CharField(
            label=_("Nom"), max_length=100, required=False,
            widget=forms.TextInput(attrs=joined),
        )
        self.fields["phone"] = forms.CharField(
            label=_("Téléphone"), max_length=30, required=False, validators=[validate_phone],
            widget=forms.TextInput(attrs={**joined, "type": "tel"}),
        )
        self.fields["confirm_homonym"] = forms.BooleanField(
            label=_("Il s'agit bien d'une autre personne"), required=False,
            widget=forms.HiddenInput(attrs={"form": self.html_id}),
        )
        self.homonyms = []

    def _clean_person(self, cleaned):
        if cleaned.get("person"):
            return
        for name in ("first_name", "last_name") + (("phone",) if self.phone_required else ()):
            if not (cleaned.get(name) or "").strip():
                self.add_error(name, _("Ce champ est obligatoire pour une nouvelle personne."))

    def _new_person(self) -> dict:
        data = self.cleaned_data
        return {
            "first_name": data["first_name"],
            "last_name": data["last_name"],
            "phone": data["phone"],
            "allow_homonym": data.get("confirm_homonym", False),
        }

    def add_error(self, field, error):
        if isinstance(error, PossibleDuplicate):
            self.homonyms = error.homonyms
            if self.visible_persons is not None:
                # Nothing about a person outside those this user may see: no name, no
                # birth year, no phone (only that a homonym exists, so as not to create
                # a duplicate silently).
                visible = set(self.visible_persons.values_list("pk", flat=True))
                shown = [p for p in self.homonyms if p.pk in visible]
                self.homonyms_hidden = len(shown) < len(self.homonyms)
                self.homonyms = shown
            self.fields["confirm_homonym"].widget = forms.CheckboxInput(
                attrs={"form": self.html_id}
            )
        super().add_error(field, error)


class BookingForm(PersonPickMixin, forms.Form):
    html_id = "book-form"

    start_time = forms.TimeField(widget=forms.HiddenInput)
    subject = forms.CharField(
        label=_("Objet"), max_length=200, required=False,
        help_text=Appointment._meta.get_field("subject").help_text,
    )
    # A past day: booked only "after the fact", saying how it went (services).
    after_the_fact = forms.ChoiceField(
        label=_("Enregistrer après coup"), required=False, widget=forms.RadioSelect,
        choices=[(Appointment.Status.HONOURED, _("la personne est venue")),
                 (Appointment.Status.ABSENT, _("la personne n'est pas venue"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_person_fields()

    def clean(self):
        cleaned = super().clean()
        self._clean_person(cleaned)
        return cleaned

    def submit(self, *, session, user) -> Appointment | None:
        data = self.cleaned_data
        booking = {"session": session, "start_time": data["start_time"],
                   "subject": data["subject"], "user": user,
                   "after_the_fact": data.get("after_the_fact") or ""}
        if data.get("person"):
            return self._run(lambda: services.appointment_book(person=data["person"], **booking))
        return self._run(
            lambda: services.appointment_book_new_person(**self._new_person(), **booking)
        )


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Appointment.Status.choices)


def _kinds_field():
    # Every kind is accepted (one made inactive since stays valid); the page shows the
    # active ones, by family.
    return forms.ModelMultipleChoiceField(
        label=_("Demandes traitées"), queryset=RequestKind.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def _minutes_field():
    return forms.IntegerField(
        label=_("Temps passé (minutes)"), required=False, min_value=1,
        max_value=services.MAX_MINUTES_SPENT,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class InterviewForm(ServiceFormMixin, forms.Form):
    kinds = _kinds_field()
    minutes_spent = _minutes_field()
    # The interview's version the form started from (core.versioning).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def submit(self, *, appointment) -> Appointment | None:
        data = dict(self.cleaned_data)
        return self._run(
            lambda: services.appointment_record_interview(
                appointment=appointment, kinds=data["kinds"],
                minutes_spent=data["minutes_spent"], expected_version=data["version"],
            )
        )


class WalkInForm(PersonPickMixin, forms.Form):
    html_id = "walkin-form"
    phone_required = False

    arrival_time = forms.TimeField(label=_("Arrivée à"), widget=TimeInput())
    subject = forms.CharField(label=_("Objet"), max_length=200, required=False)
    kinds = _kinds_field()
    minutes_spent = _minutes_field()

    def __init__(self, *args, persons=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_person_fields(persons)

    def clean(self):
        cleaned = super().clean()
        self._clean_person(cleaned)
        return cleaned

    def submit(self, *, session, user) -> Appointment | None:
        data = self.cleaned_data
        walk_in = {
            "session": session,
            "arrival_time": data["arrival_time"],
            "subject": data["subject"],
            "kinds": data["kinds"],
            "minutes_spent": data["minutes_spent"],
            "user": user,
        }
        if data.get("person"):
            return self._run(lambda: services.walk_in_record(person=data["person"], **walk_in))
        return self._run(
            lambda: services.walk_in_record_new_person(**self._new_person(), **walk_in)
        )


class DeskSessionCancelForm(forms.Form):
    reason = forms.ModelChoiceField(
        label=_("Motif"), queryset=cancellation_reasons(), empty_label=_("Choisir un motif")
    )
