"""Forms of the follow-up screens. Validation comes from the models and the services; each
form's ``submit()`` calls one service and turns a refusal into form errors (nothing saved).
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tisserand.activities.models import Action
from tisserand.core.forms import BoundedDateField, ServiceFormMixin, VersionedFormMixin
from tisserand.core.models import Partner
from tisserand.followup import selectors, services
from tisserand.followup.models import Contact, FollowUpFile, Referral
from tisserand.people.models import Person


class _AlreadyOpenMixin(ServiceFormMixin):
    """Keeps the file that is already open, so that the page can link to it."""

    existing = None

    def add_error(self, field, error):
        if isinstance(error, services.FileAlreadyOpen):
            self.existing = error.existing
        super().add_error(field, error)


def _file_choices(form: forms.ModelForm) -> None:
    form.fields["action"].queryset = Action.objects.order_by("position", "name")
    form.fields["referent"].queryset = selectors.referent_choices()


class FollowUpOpenForm(_AlreadyOpenMixin, forms.ModelForm):
    person = forms.ModelChoiceField(
        queryset=Person.objects.filter(anonymisation__isnull=True), widget=forms.HiddenInput
    )

    class Meta:
        model = FollowUpFile
        fields = ("person", "opened_on", "action", "referent", "whole_household", "notes")
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}
        field_classes = {"opened_on": BoundedDateField}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        _file_choices(self)
        self.fields["opened_on"].initial = timezone.localdate
        contributor = getattr(user, "contributor", None) if user is not None else None
        if contributor is not None:
            self.fields["referent"].initial = contributor.pk

    def submit(self) -> FollowUpFile | None:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return self._run(lambda: services.follow_up_open(by=self.user, **data))


class FollowUpUpdateForm(VersionedFormMixin, _AlreadyOpenMixin, forms.ModelForm):
    class Meta:
        model = FollowUpFile
        fields = services.UPDATE_FIELDS
        widgets = {"notes": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _file_choices(self)

    def submit(self) -> FollowUpFile | None:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return self._run(lambda: services.follow_up_update(
            file=self.instance, expected_version=self.started_from, **data))


class ContactForm(ServiceFormMixin, forms.ModelForm):
    class Meta:
        model = Contact
        fields = ("date", "mode", "minutes", "themes", "note")
        field_classes = {"date": BoundedDateField}
        widgets = {
            "mode": forms.RadioSelect(),
            "themes": forms.CheckboxSelectMultiple(),
            "minutes": forms.NumberInput(attrs={"inputmode": "numeric", "step": 5}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, file: FollowUpFile, user=None, **kwargs):
        super().__init__(*args, instance=Contact(file=file), **kwargs)
        self.file, self.user = file, user
        self.fields["date"].initial = timezone.localdate
        self.fields["themes"].queryset = selectors.active_themes()
        # The radio list has no empty choice: the mode is always said.
        self.fields["mode"].choices = Contact.Mode.choices

    def submit(self) -> Contact | None:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return self._run(lambda: services.contact_add(file=self.file, by=self.user, **data))


class ReferralForm(ServiceFormMixin, forms.ModelForm):
    class Meta:
        model = Referral
        fields = ("date", "partner", "reason")
        field_classes = {"date": BoundedDateField}

    def __init__(self, *args, file: FollowUpFile, user=None, **kwargs):
        super().__init__(*args, instance=Referral(file=file), **kwargs)
        self.file, self.user = file, user
        self.fields["date"].initial = timezone.localdate
        self.fields["partner"].queryset = Partner.objects.order_by("name")

    def submit(self) -> Referral | None:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return self._run(lambda: services.referral_add(file=self.file, by=self.user, **data))


class ReferralOutcomeForm(ServiceFormMixin, forms.ModelForm):
    class Meta:
        model = Referral
        fields = ("outcome", "outcome_note")

    def submit(self) -> Referral | None:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return self._run(lambda: services.referral_outcome_set(referral=self.instance, **data))


class FollowUpCloseForm(ServiceFormMixin, forms.Form):
    closed_on = BoundedDateField(label=_("Date de clôture"), initial=timezone.localdate)

    def __init__(self, *args, file: FollowUpFile, **kwargs):
        super().__init__(*args, **kwargs)
        self.file = file

    def submit(self) -> FollowUpFile | None:
        closed_on = self.cleaned_data["closed_on"]
        return self._run(lambda: services.follow_up_close(file=self.file, closed_on=closed_on))
