"""Merging two records of one person, or of one household, into one.

Everything that points to the record removed is moved to the record kept, found through
Django's relations (``_meta``), not through a list of models: the people app imports no
app above it (attendance, enrolments, appointments and follow-up files live there), and
a model added later is moved too.

Where moving a row would break a unique constraint (the same person present twice at one
session, two memberships of one season), the two rows are merged the same way (the kept
record's row stays, what points to the other one moves to it) and the other is deleted.
All in one transaction, with one audit entry; the audit trail's entries about the removed
record stay as they are (they name it "Personne n° 12").
"""

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from tisserand.audit.models import AuditEntry
from tisserand.audit.services import log_action, object_label
from tisserand.people.models import Household, Person
from tisserand.people.services import HOUSEHOLD_FIELDS, PERSON_FIELDS


@dataclass
class MergeResult:
    kept: models.Model
    moved: Counter = field(default_factory=Counter)  # rows moved, by model label
    merged: int = 0  # rows that were duplicates of one of the kept record's

    @property
    def moved_total(self) -> int:
        return sum(self.moved.values())


def _reverse_relations(model: type[models.Model]):
    """Every foreign key (and one-to-one) pointing to ``model``, hidden ones included (the
    tables of many-to-many relations, a ``related_name="+"``)."""
    return [
        rel for rel in model._meta.get_fields(include_hidden=True)
        if rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one)
    ]


def _unique_sets(model: type[models.Model], fk: models.Field):
    """The unique sets of ``model`` that include the foreign key ``fk``: ``(field names,
    condition or None)``."""
    sets = []
    if fk.unique:
        sets.append(((fk.name,), None))
    for names in model._meta.unique_together:
        if fk.name in names:
            sets.append((tuple(names), None))
    for constraint in model._meta.constraints:
        if (isinstance(constraint, models.UniqueConstraint) and constraint.fields
                and fk.name in constraint.fields):
            sets.append((tuple(constraint.fields), constraint.condition))
    return sets


def _resolve_clashes(model, fk, keep, drop, result: MergeResult) -> None:
    """Rows of ``drop`` that would duplicate one of ``keep``'s once moved: merged into it."""
    manager = model._base_manager
    for names, condition in _unique_sets(model, fk):
        attnames = [model._meta.get_field(n).attname for n in names if n != fk.name]
        kept_rows = manager.filter(**{fk.name: keep})
        dropped_rows = manager.filter(**{fk.name: drop})
        if condition is not None:
            kept_rows, dropped_rows = kept_rows.filter(condition), dropped_rows.filter(condition)
        taken = {tuple(values) for values in kept_rows.values_list(*attnames)} if attnames \
            else ({()} if kept_rows.exists() else set())
        for row in dropped_rows:
            key = tuple(getattr(row, a) for a in attnames)
            if None in key or key not in taken:  # NULLs never clash
                continue
            twin = kept_rows.get(**dict(zip(attnames, key, strict=True)))
            # A model may say which of two twins holds more (an enrolment's place beats a
            # waiting rank); otherwise the kept record's row stays.
            prefer = getattr(twin, "preferred_on_merge", None)
            if prefer is not None and prefer(row) == row:
                _merge_rows(keep=row, drop=twin, result=result)  # ``row`` moves below
            else:
                _merge_rows(keep=twin, drop=row, result=result)
            result.merged += 1


def _move_related(keep: models.Model, drop: models.Model, result: MergeResult) -> None:
    for rel in _reverse_relations(type(keep)):
        model, fk = rel.related_model, rel.field
        _resolve_clashes(model, fk, keep, drop, result)
        moved = model._base_manager.filter(**{fk.name: drop}).update(**{fk.name: keep})
        if moved:
            result.moved[model._meta.label] += moved


def _merge_rows(*, keep: models.Model, drop: models.Model, result: MergeResult) -> None:
    _move_related(keep, drop, result)
    drop.delete()


def _merge(*, keep, drop, values: dict, names: tuple[str, ...]) -> MergeResult:
    if keep.pk == drop.pk or type(keep) is not type(drop):
        raise ValidationError(_("Choisissez deux fiches différentes à fusionner."))
    unknown = set(values) - set(names)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    before = {name: getattr(keep, keep._meta.get_field(name).attname) for name in names}
    for name, value in values.items():
        setattr(keep, name, value)
    keep.full_clean()
    result = MergeResult(kept=keep)
    dropped_label = object_label(drop)
    _move_related(keep, drop, result)
    drop.delete()
    keep.save()  # moves the version on: a form opened on it before the merge is told
    changed = [n for n in names if getattr(keep, keep._meta.get_field(n).attname) != before[n]]
    log_action(
        action=AuditEntry.Action.UPDATE, obj=keep, fields=changed,
        note=_("Fusion : %(dropped)s réunie à cette fiche ; %(moved)s lignes rattachées, "
               "%(merged)s doublons réunis") % {
            "dropped": dropped_label, "moved": result.moved_total, "merged": result.merged,
        },
    )
    return result


@transaction.atomic
def person_merge(*, keep: Person, drop: Person, values: dict | None = None) -> MergeResult:
    """Merge ``drop`` into ``keep``: ``values`` are the fields taken from ``drop`` (or
    typed), the others stay ``keep``'s; everything of ``drop`` moves to ``keep``."""
    keep = Person.objects.select_for_update().get(pk=keep.pk)
    drop = Person.objects.select_for_update().get(pk=drop.pk)
    if Person.objects.filter(pk__in=[keep.pk, drop.pk], anonymisation__isnull=False).exists():
        raise ValidationError(
            _("Une fiche anonymisée ne peut pas être fusionnée : ce serait la ré-identifier.")
        )
    return _merge(keep=keep, drop=drop, values=values or {}, names=PERSON_FIELDS)


@transaction.atomic
def household_merge(
    *, keep: Household, drop: Household, values: dict | None = None
) -> MergeResult:
    """Merge two records of one household: members, quotients and memberships move."""
    keep = Household.objects.select_for_update().get(pk=keep.pk)
    drop = Household.objects.select_for_update().get(pk=drop.pk)
    return _merge(keep=keep, drop=drop, values=values or {}, names=HOUSEHOLD_FIELDS)
