"""How long a free text may be: notes, remarks, journals, answers, descriptions.

One declaration for every text a person types: the model field ``LimitedTextField`` (a
``TextField`` whose length is checked by ``full_clean()``, so by every service, every
model form and the admin site) and, for the forms that are not model forms,
``limited_text_form_field``. A text too long is refused with a French message that gives
both lengths ("Ce texte est trop long : 12 345 caractères pour 10 000 au plus."); nothing
is saved.

The limit is a rule of the application, not of the database (PostgreSQL and SQLite store a
text of any length): ``LimitedTextField`` is a plain ``TextField`` for the migrations, and
changing a limit needs no migration.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from tisserand.core.french import format_number
from tisserand.core.text import normalised_text

# Notes, remarks, journals, contact notes, descriptions: about four printed pages.
NOTE_MAX_LENGTH = 10_000
# A report's texts (answers of an evaluation sheet, a part about the centre's life).
REPORT_TEXT_MAX_LENGTH = 20_000


@deconstructible
class TextLengthValidator:
    message = _("Ce texte est trop long : %(length)s caractères pour %(limit)s au plus.")
    code = "max_length"

    def __init__(self, limit: int):
        self.limit = limit

    def __call__(self, value):
        length = len(value or "")
        if length > self.limit:
            raise ValidationError(
                self.message, code=self.code,
                params={"length": format_number(length), "limit": format_number(self.limit)},
            )

    def __eq__(self, other):
        return isinstance(other, TextLengthValidator) and other.limit == self.limit


class LimitedTextField(models.TextField):
    """A ``TextField`` of at most ``max_chars`` characters (``NOTE_MAX_LENGTH`` unless
    told)."""

    def __init__(self, *args, max_chars: int = NOTE_MAX_LENGTH, **kwargs):
        self.max_chars = max_chars
        super().__init__(*args, **kwargs)

    @cached_property
    def validators(self):
        return [*super().validators, TextLengthValidator(self.max_chars)]

    def formfield(self, **kwargs):
        field = super().formfield(**kwargs)
        field.validators.append(TextLengthValidator(self.max_chars))
        return field

    def deconstruct(self):
        # For the migrations, a plain TextField: the limit is checked by the application.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.TextField", args, kwargs


class NormalisedTextField(forms.CharField):
    """A text read as it is stored (``core.text.normalised_text``): a text sent back
    unchanged by a browser (CRLF line breaks, spaces at the end of lines) has not changed."""

    def to_python(self, value):
        return normalised_text(super().to_python(value))


def limited_text_form_field(*, max_chars: int = NOTE_MAX_LENGTH, rows: int = 3,
                            normalise: bool = False, **kwargs) -> forms.CharField:
    """A text area of a form that is not a model form, with the same limit and message;
    ``normalise``: line breaks and line ends as stored, so that ``has_changed`` is true
    only for a real change."""
    kwargs.setdefault("required", False)
    kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
    field_class = NormalisedTextField if normalise else forms.CharField
    return field_class(validators=[TextLengthValidator(max_chars)], **kwargs)
