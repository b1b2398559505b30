"""Form helpers shared by the apps."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    """A native date picker (phones show their own calendar)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    """A native time picker."""

    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class DateRangeForm(forms.Form):
    start = forms.DateField(label=_("Du"), widget=DateInput())
    end = forms.DateField(label=_("Au"), widget=DateInput())

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("La date de fin précède la date de début."))
        return cleaned


class ServiceFormMixin:
    """Turn a service's ValidationError into errors shown on the form (nothing saved)."""

    def _run(self, write):
        try:
            return write()
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    self.add_error(field if field in self.fields else None, errors)
            else:
                self.add_error(None, error)
            return None
