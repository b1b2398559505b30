"""No lost update: records that several people may edit carry a version.

A form keeps the version the user started from (a hidden field); the service saves only if
the record is still at that version, by a conditional ``UPDATE`` inside its transaction (the
row is locked until the commit, so of two concurrent saves the second always sees the
first). Otherwise it raises ``EditConflict``, whose message tells what the other person
changed; the form shows it, keeps what the user typed and moves its hidden version to the
current one: saving again, after reading, keeps the user's values (a merge made by a
person, not by the software).
"""

from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Versioned(models.Model):
    version = models.PositiveIntegerField(gettext_lazy("version"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        """A write that did not claim its version (a command, the anonymisation) still moves
        it on, in the database, without writing back a version it may have read long ago."""
        if self._state.adding or self.__dict__.pop("_version_claimed", False):
            return super().save(*args, **kwargs)
        names = kwargs.pop("update_fields", None)
        if names is None:
            names = [field.name for field in self._meta.concrete_fields
                     if not field.primary_key and field.name != "version"]
        super().save(*args, update_fields=[name for name in names if name != "version"],
                     **kwargs)
        rows = type(self)._base_manager.filter(pk=self.pk)
        rows.update(version=F("version") + 1)
        self.version = rows.values_list("version", flat=True).first() or self.version


class EditConflict(ValidationError):
    """Someone saved the record since the user opened it; nothing was saved."""

    def __init__(self, message: str, *, current_version: int):
        super().__init__(message, code="conflict")
        self.current_version = current_version


def claim_version(instance: Versioned, expected: int | None, *, fields: Iterable[str] = (),
                  last_change: Callable[[], str] = lambda: "",
                  differences: Callable[[], list[tuple[str, str, str]]] | None = None) -> None:
    """Move ``instance`` to its next version if it is still at ``expected`` (its own
    version when None: a write that did not start from a form). Call it inside the
    service's transaction, before saving; ``instance`` holds the user's values, compared
    with the stored ones on ``fields`` for the message (or ``differences`` tells them:
    (label, stored now, the user's))."""
    model = type(instance)
    expected = instance.version if expected is None else expected
    if model._base_manager.filter(pk=instance.pk, version=expected).update(
        version=F("version") + 1
    ):
        instance.version = expected + 1
        instance._version_claimed = True  # the save that follows writes this version
        return
    current = model._base_manager.filter(pk=instance.pk).values("version").first()
    found = differences() if differences else _differences(instance, list(fields))
    raise edit_conflict(found, last_change(), current["version"] if current else expected)


def edit_conflict(differences: list[tuple[str, str, str]], who: str,
                  current_version: int) -> EditConflict:
    """The conflict to raise, its message listing (label, stored now, the user's)."""
    return EditConflict(_conflict_message(differences, who), current_version=current_version)


def _conflict_message(differences: list[tuple[str, str, str]], who: str) -> str:
    opening = (
        _("Pendant que vous modifiiez cette fiche, %(who)s l'a enregistrée.") % {"who": who}
        if who else _("Pendant que vous modifiiez cette fiche, quelqu'un l'a enregistrée.")
    )
    if differences:
        listed = " ; ".join(
            _("%(label)s : « %(theirs)s » (vous : « %(yours)s »)")
            % {"label": label, "theirs": theirs, "yours": yours}
            for label, theirs, yours in differences
        )
        middle = _("Ce qui est enregistré maintenant : %(list)s.") % {"list": listed}
    else:
        middle = ""
    closing = _(
        "Rien n'a été enregistré. Vos saisies sont gardées ci-dessous : reprenez ce qui doit "
        "l'être, puis enregistrez à nouveau."
    )
    return " ".join(part for part in (opening, middle, closing) if part)


def _differences(instance, fields: list[str]) -> list[tuple[str, str, str]]:
    """(label, stored now, the user's) for each field where they differ."""
    model = type(instance)
    attnames = {name: model._meta.get_field(name).attname for name in fields}
    stored = model._base_manager.filter(pk=instance.pk).values(*attnames.values()).first()
    if stored is None:
        return []
    differences = []
    for name, attname in attnames.items():
        theirs, yours = stored[attname], getattr(instance, attname)
        if theirs != yours:
            field = model._meta.get_field(name)
            differences.append((str(field.verbose_name).capitalize(),
                                _shown(field, theirs), _shown(field, yours)))
    return differences


def _shown(field, value) -> str:
    if value in (None, ""):
        return _("vide")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related is not None else str(value)
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)
