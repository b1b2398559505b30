"""Form helpers shared by the apps: date and time pickers, the one bounded date field, the
one date-range form, the one period form (a year, a season or dates) and the service-error
mixin."""

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from tisserand.core.periods import FIRST_YEAR, LAST_YEAR, Period, calendar_year, season
from tisserand.core.versioning import EditConflict

SEASON_PATTERN = re.compile(r"^\s*(\d{4})\s*[-/–]\s*(\d{4})\s*$")
DATE_ERROR = _("Date attendue au format JJ/MM/AAAA.")
REVERSED_DATES = _("La date de fin précède la date de début.")
# Every date typed or asked for lies in these years: the year 1 or 9999 is a slip of the
# keyboard, and a day or a week around it leaves the dates Python and the databases know.
EARLIEST_DATE, LATEST_DATE = dt.date(1900, 1, 1), dt.date(2100, 12, 31)
DATE_OUT_OF_RANGE = _("Date hors limites : entre 1900 et 2100.")


class DateInput(forms.DateInput):
    """A native date picker (phones show their own calendar)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class BoundedDateField(forms.DateField):
    """The date field of every form: a native date picker, a French message for a date
    that is not one, and only the dates between ``EARLIEST_DATE`` and ``LATEST_DATE``."""

    widget = DateInput

    def __init__(self, **kwargs):
        kwargs["error_messages"] = {"invalid": DATE_ERROR, "out_of_range": DATE_OUT_OF_RANGE,
                                    **kwargs.get("error_messages", {})}
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, DateInput):
            attrs.update(min=EARLIEST_DATE.isoformat(), max=LATEST_DATE.isoformat())
        return attrs

    def to_python(self, value):
        day = super().to_python(value)
        if day is not None and not EARLIEST_DATE <= day <= LATEST_DATE:
            raise ValidationError(self.error_messages["out_of_range"], code="out_of_range")
        return day


def bounded_date_formfield(model_field, **kwargs):
    """``formfield_callback`` of a model form: its date fields are bounded date fields."""
    if isinstance(model_field, models.DateField) and not isinstance(
        model_field, models.DateTimeField
    ):
        kwargs.setdefault("form_class", BoundedDateField)
    return model_field.formfield(**kwargs)


class TimeInput(forms.TimeInput):
    """A native time picker."""

    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class DateRangeForm(forms.Form):
    """A start and an end date, the end not before the start. ``dates_required = False``
    for a filter where either may be left empty."""

    dates_required = True

    start = BoundedDateField(label=_("Du"))
    end = BoundedDateField(label=_("Au"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start"].required = self.fields["end"].required = self.dates_required

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", REVERSED_DATES)
        return cleaned


class PeriodForm(forms.Form):
    """The period of a page or a document, from the query string: ``annee=2020``,
    ``saison=2019-2020`` or ``du=2020-01-01&au=2020-03-31``. Exactly one kind of period.
    Shown by the template ``core/_period_form.html``."""

    MAX_DAYS = 3 * 366

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
    du = BoundedDateField(label=_("Du"), required=False)
    au = BoundedDateField(label=_("Au"), required=False)

    @classmethod
    def initial_for(cls, period: Period) -> dict:
        """The fields that ask for ``period`` (to show it as chosen)."""
        if period == calendar_year(period.start.year):
            return {"annee": period.start.year}
        if period == season(period.start.year):
            return {"saison": period.label}
        return {"du": period.start, "au": period.end}

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
                raise ValidationError(REVERSED_DATES)
            if (end - start).days > self.MAX_DAYS:
                raise ValidationError(_("Choisissez une période de trois ans au plus."))
        return cleaned

    def period(self) -> Period:
        data = self.cleaned_data
        if data.get("annee") is not None:
            return calendar_year(data["annee"])
        if data.get("saison") is not None:
            return season(data["saison"])
        return Period(data["du"], data["au"])


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


class VersionedFormMixin:
    """A hidden ``version``: the version of the record the user started from
    (``core.versioning``). On a conflict, the form keeps what the user typed and moves its
    version to the current one, so that saving again keeps the user's values."""

    def __init__(self, *args, version: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if version is None and instance is not None and instance.pk:
            version = instance.version
        self.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput, required=False, min_value=1, initial=version,
        )

    @property
    def started_from(self) -> int | None:
        return self.cleaned_data.get("version")

    def add_error(self, field, error):
        if isinstance(error, EditConflict):
            data = self.data.copy()
            data[self.add_prefix("version")] = error.current_version
            self.data = data
        super().add_error(field, error)
