"""Writes on the programme itself: actions (with their sectors, partners and referents)
and ateliers (with their weekly slots), from the programme screens.

Every service is atomic, validates before saving (a French ``ValidationError`` changes
nothing), claims the record's version when the user's form started from one (two people
editing the same action lose nothing: ``core.versioning``), and writes the audit trail:
the record and the names of what changed, never the values.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from tisserand.activities.models import Action, ActionPartner, Activity, WeeklySlot
from tisserand.audit.models import AuditEntry
from tisserand.audit.services import (
    field_values,
    filled_fields,
    last_change,
    log_action,
    log_create,
    log_delete,
    log_update,
    object_label,
    stored_values,
)
from tisserand.core.models import Contributor, Partner, Place
from tisserand.core.versioning import claim_version

ACTION_FIELDS = (
    "name", "main_sector", "position", "summary", "kind", "report_period", "start_date",
    "end_date", "records_start",
)
# Many-to-many links of an action, given as iterables of records.
ACTION_LINKS = ("sectors", "orientations", "funding_schemes", "referents")
ACTIVITY_FIELDS = (
    "name", "description", "min_age", "max_age", "capacity", "default_place", "start_date",
    "end_date",
)
PARTNERSHIP_DETAILS = ("description", "start_date", "end_date")
SLOT_DETAILS = ("end_time", "place")


@dataclass(frozen=True)
class Partnership:
    """A partner of an action in one role (the pair is unique)."""

    partner: Partner
    role: str
    description: str = ""
    start_date: dt.date | None = None
    end_date: dt.date | None = None


@dataclass(frozen=True)
class Slot:
    """A weekly slot of an atelier; a day and a start time make it one."""

    weekday: int
    start_time: dt.time
    end_time: dt.time
    place: Place | None = None


def _check_fields(given: dict, allowed: tuple[str, ...]) -> None:
    unknown = set(given) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")


def name_taken(queryset: models.QuerySet, name: str, *, exclude_pk, field: str = "name") -> bool:
    """Is ``name`` already used in ``queryset``, whatever its case and outer spaces?
    Compared in Python: SQLite folds the case of ASCII letters only ("Éveil", "éveil").
    The lists compared are short (a centre's places, an action's ateliers)."""
    wanted = (name or "").strip().casefold()
    others = queryset.exclude(pk=exclude_pk).values_list(field, flat=True)
    return any(other.strip().casefold() == wanted for other in others)


def _set_links(instance: models.Model, links: dict[str, Iterable]) -> list[str]:
    """Set many-to-many links; the names of those that changed."""
    changed = []
    for name, records in links.items():
        manager = getattr(instance, name)
        wanted = {record.pk for record in records}
        if set(manager.values_list("pk", flat=True)) != wanted:
            manager.set(wanted)
            changed.append(name)
    return changed


def _log_saved(instance, before: dict | None, names, links_changed: list[str]) -> None:
    """One entry for the record: its creation, or the fields and links that changed."""
    if before is None:
        fields = [*filled_fields(instance, names), *links_changed]
        log_action(action=AuditEntry.Action.CREATE, obj=instance, fields=fields)
        return
    fields = [name for name in names if before[name] != field_values(instance, [name])[name]]
    fields += links_changed
    if fields:
        log_action(action=AuditEntry.Action.UPDATE, obj=instance, fields=fields)


# --- actions -----------------------------------------------------------------------------


def _check_action(action: Action, links: dict, partnerships: list[Partnership]) -> None:
    errors = {}
    if name_taken(Action.objects, action.name, exclude_pk=action.pk):
        errors["name"] = _("Une action porte déjà ce nom.")
    sectors = list(links.get("sectors", ()))
    if not sectors:
        errors["sectors"] = _("Choisissez au moins un secteur.")
    elif action.main_sector_id and action.main_sector_id not in {s.pk for s in sectors}:
        errors["main_sector"] = _("Le secteur principal doit être l'un des secteurs cochés.")
    seen = set()
    for partnership in partnerships:
        key = (partnership.partner.pk, partnership.role)
        if key in seen:
            errors["partners"] = _(
                "« %(partner)s » figure deux fois avec le même rôle : gardez une seule ligne."
            ) % {"partner": partnership.partner}
        seen.add(key)
        if partnership.start_date and partnership.end_date and \
                partnership.end_date < partnership.start_date:
            errors["partners"] = _(
                "Partenariat avec « %(partner)s » : la date de fin précède la date de début."
            ) % {"partner": partnership.partner}
    if errors:
        raise ValidationError(errors)


def _sync_partnerships(action: Action, partnerships: list[Partnership]) -> list[str]:
    """Make the action's partnerships those given, each change audited; ``["partners"]``
    when something changed."""
    note = object_label(action)
    existing = {(p.partner_id, p.role): p for p in ActionPartner.objects.filter(action=action)}
    changed = False
    for wanted in partnerships:
        details = {"description": wanted.description or "", "start_date": wanted.start_date,
                   "end_date": wanted.end_date}
        current = existing.pop((wanted.partner.pk, wanted.role), None)
        if current is None:
            current = ActionPartner(action=action, partner=wanted.partner, role=wanted.role,
                                    **details)
            current.full_clean()
            current.save()
            log_create(current, ("partner", "role", *PARTNERSHIP_DETAILS), note=note)
            changed = True
            continue
        before = field_values(current, PARTNERSHIP_DETAILS)
        for name, value in details.items():
            setattr(current, name, value)
        if field_values(current, PARTNERSHIP_DETAILS) != before:
            current.full_clean()
            current.save(update_fields=list(PARTNERSHIP_DETAILS))
            log_update(current, before, note=note)
            changed = True
    for gone in existing.values():
        log_delete(gone, note=note)
        gone.delete()
        changed = True
    return ["partners"] if changed else []


def _save_action(action: Action, before, links: dict, partnerships, expected_version):
    _check_action(action, links, partnerships)
    action.full_clean()
    if before is not None:
        claim_version(action, expected_version, fields=ACTION_FIELDS,
                      last_change=lambda: last_change(action))
    action.save()
    changed = _set_links(action, links)
    changed += _sync_partnerships(action, partnerships)
    _log_saved(action, before, ACTION_FIELDS, changed)
    return action


@transaction.atomic
def action_create(*, fields: dict, links: dict[str, Iterable],
                  partnerships: Iterable[Partnership] = ()) -> Action:
    """A new action with its links (sectors, orientations, funding schemes, referents)
    and its partners in their roles."""
    _check_fields(fields, ACTION_FIELDS)
    _check_fields(links, ACTION_LINKS)
    return _save_action(Action(**fields), None, links, list(partnerships), None)


@transaction.atomic
def action_update(*, action: Action, fields: dict, links: dict[str, Iterable],
                  partnerships: Iterable[Partnership] = (),
                  expected_version: int | None = None) -> Action:
    """Save the action; ``EditConflict`` if someone saved it since ``expected_version``.
    The figures shown in the report stay the figure-set page's business."""
    _check_fields(fields, ACTION_FIELDS)
    _check_fields(links, ACTION_LINKS)
    before = stored_values(action, ACTION_FIELDS)
    for name, value in fields.items():
        setattr(action, name, value)
    return _save_action(action, before, links, list(partnerships), expected_version)


# --- ateliers ----------------------------------------------------------------------------


def _check_slots(slots: list[Slot]) -> None:
    seen = set()
    for slot in slots:
        key = (slot.weekday, slot.start_time)
        if key in seen:
            raise ValidationError({"slots": _(
                "Deux créneaux commencent le même jour à la même heure : gardez-en un seul."
            )})
        seen.add(key)
        if slot.end_time <= slot.start_time:
            raise ValidationError(
                {"slots": _("Le créneau doit se terminer après son heure de début.")}
            )


def _sync_slots(activity: Activity, slots: list[Slot]) -> list[str]:
    """Make the atelier's weekly slots those given, each change audited; ``["slots"]``
    when something changed. Sessions already generated stay as they are."""
    note = object_label(activity)
    existing = {(s.weekday, s.start_time): s for s in WeeklySlot.objects.filter(activity=activity)}
    changed = False
    for wanted in slots:
        current = existing.pop((wanted.weekday, wanted.start_time), None)
        if current is None:
            current = WeeklySlot(activity=activity, weekday=wanted.weekday,
                                 start_time=wanted.start_time, end_time=wanted.end_time,
                                 place=wanted.place)
            current.full_clean()
            current.save()
            log_create(current, ("weekday", "start_time", *SLOT_DETAILS), note=note)
            changed = True
            continue
        before = field_values(current, SLOT_DETAILS)
        current.end_time, current.place = wanted.end_time, wanted.place
        if field_values(current, SLOT_DETAILS) != before:
            current.full_clean()
            current.save(update_fields=list(SLOT_DETAILS))
            log_update(current, before, note=note)
            changed = True
    for gone in existing.values():
        log_delete(gone, note=note)
        gone.delete()
        changed = True
    return ["slots"] if changed else []


def _save_activity(activity: Activity, before, contributors, slots, expected_version):
    if name_taken(Activity.objects.filter(action_id=activity.action_id), activity.name,
                   exclude_pk=activity.pk):
        raise ValidationError({"name": _("Cette action a déjà un atelier de ce nom.")})
    _check_slots(slots)
    activity.full_clean()
    if before is not None:
        claim_version(activity, expected_version, fields=ACTIVITY_FIELDS,
                      last_change=lambda: last_change(activity))
    activity.save()
    changed = _set_links(activity, {"contributors": contributors})
    changed += _sync_slots(activity, slots)
    _log_saved(activity, before, ACTIVITY_FIELDS, changed)
    return activity


@transaction.atomic
def activity_create(*, action: Action, fields: dict,
                    contributors: Iterable[Contributor] = (),
                    slots: Iterable[Slot] = ()) -> Activity:
    """A new atelier of ``action`` with its team and its weekly slots."""
    _check_fields(fields, ACTIVITY_FIELDS)
    activity = Activity(action=action, **fields)
    return _save_activity(activity, None, list(contributors), list(slots), None)


@transaction.atomic
def activity_update(*, activity: Activity, fields: dict,
                    contributors: Iterable[Contributor] = (), slots: Iterable[Slot] = (),
                    expected_version: int | None = None) -> Activity:
    """Save the atelier and its slots; ``EditConflict`` if someone saved it since
    ``expected_version``."""
    _check_fields(fields, ACTIVITY_FIELDS)
    before = stored_values(activity, ACTIVITY_FIELDS)
    for name, value in fields.items():
        setattr(activity, name, value)
    return _save_activity(activity, before, list(contributors), list(slots), expected_version)
