"""Writing the audit trail.

``log_action`` is called by the write services of personal data, inside their
transaction: if the write is rolled back, so is its entry. The entry holds the names of
the fields that changed, never their values, and a label such as "Personne n° 42".
"""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from tisserand.audit.middleware import current_user
from tisserand.audit.models import AuditEntry

SYSTEM_LABEL = "système"
NOTE_MAX = AuditEntry._meta.get_field("note").max_length


def object_label(obj: models.Model) -> str:
    """A label naming the kind of record and its number, never its content."""
    kind = str(obj._meta.verbose_name)
    return _("%(kind)s n° %(id)s") % {"kind": kind[:1].upper() + kind[1:], "id": obj.pk}


def _model_field_names(model: type[models.Model]) -> set[str]:
    names = set()
    for field in model._meta.get_fields():
        names.add(field.name)
        if getattr(field, "attname", None):
            names.add(field.attname)
    return names


def field_values(instance: models.Model, names: Iterable[str]) -> dict:
    """A snapshot of some fields (foreign keys by id, so no query) to compare later."""
    snapshot = {}
    for name in names:
        field = instance._meta.get_field(name)
        snapshot[name] = getattr(instance, field.attname)
    return snapshot


def stored_values(instance: models.Model, names: Iterable[str]) -> dict:
    """Like ``field_values`` but as saved in the database (one query): a model form has
    already copied its data onto the instance before the service runs."""
    names = list(names)
    if instance.pk is None:
        return field_values(type(instance)(), names)
    attnames = {name: instance._meta.get_field(name).attname for name in names}
    row = (
        type(instance)._base_manager.filter(pk=instance.pk).values(*attnames.values()).first()
    )
    if row is None:
        return field_values(type(instance)(), names)
    return {name: row[attname] for name, attname in attnames.items()}


def changed_fields(before: dict, instance: models.Model) -> list[str]:
    """Names of the fields of ``before`` whose value differs on ``instance`` now."""
    after = field_values(instance, before)
    return [name for name in before if before[name] != after[name]]


def filled_fields(instance: models.Model, names: Iterable[str]) -> list[str]:
    """For a creation: the fields given a value other than the model's default."""
    return changed_fields(field_values(type(instance)(), names), instance)


def log_action(
    *,
    action: str,
    obj: models.Model | None = None,
    fields: Iterable[str] = (),
    note: str = "",
    actor=None,
) -> AuditEntry:
    """Append an entry to the trail.

    ``actor`` defaults to the user of the current request (see ``AuditUserMiddleware``);
    with no request (a command) the entry is signed "système". ``fields`` must be field
    names of ``obj``'s model: a value passed by mistake is refused, not stored.
    """
    if action not in AuditEntry.Action.values:
        raise ValueError(f"unknown audit action: {action!r}")
    fields = list(fields)
    if obj is not None and fields:
        unknown = set(fields) - _model_field_names(obj._meta.model)
        if unknown:
            raise ValueError(f"not field names of {obj._meta.label}: {sorted(unknown)}")
    if actor is None:
        actor = current_user()
    entry = AuditEntry(
        action=action,
        actor=actor,
        actor_label=actor.get_username() if actor is not None else SYSTEM_LABEL,
        fields=fields,
        note=str(note)[:NOTE_MAX],
    )
    if obj is not None:
        # ``_meta.model``, not ``type()``: ``request.user`` is a lazy object.
        entry.content_type = ContentType.objects.get_for_model(obj._meta.model)
        entry.object_id = "" if obj.pk is None else str(obj.pk)
        entry.object_label = object_label(obj) if obj.pk is not None else ""
    entry.save()
    return entry


def log_view(obj: models.Model, what: str = "", *, actor=None) -> AuditEntry:
    """Record that a confidential record (or part of it: ``what``) was shown."""
    return log_action(action=AuditEntry.Action.VIEW, obj=obj, note=what, actor=actor)


def log_create(obj: models.Model, names: Iterable[str], note: str = "") -> AuditEntry:
    return log_action(
        action=AuditEntry.Action.CREATE, obj=obj, fields=filled_fields(obj, names), note=note
    )


def log_update(obj: models.Model, before: dict, note: str = "") -> AuditEntry | None:
    """Record an update if something changed; nothing is written otherwise."""
    fields = changed_fields(before, obj)
    if not fields:
        return None
    return log_action(action=AuditEntry.Action.UPDATE, obj=obj, fields=fields, note=note)


def log_delete(obj: models.Model, note: str = "") -> AuditEntry:
    return log_action(action=AuditEntry.Action.DELETE, obj=obj, note=note)



def log_login(*, action: str, user=None, username: str = "", request=None) -> AuditEntry:
    """A login (``login``) or a failed one (``login_failed``).

    A success is signed by the user. A failure is signed "système" and names the account
    as its object when one has that username; the text typed in the username field is
    never stored (it is sometimes a password typed in the wrong box).
    """
    if action not in (AuditEntry.Action.LOGIN, AuditEntry.Action.LOGIN_FAILED):
        raise ValueError(f"not a login action: {action!r}")
    if action == AuditEntry.Action.LOGIN:
        return log_action(action=action, obj=user, actor=user)
    account = user
    if account is None and username:
        User = get_user_model()
        account = User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()
    return log_action(
        action=action, obj=account, note="" if account is not None else _("identifiant inconnu")
    )


def last_change(obj: models.Model) -> str:
    """Who last saved ``obj`` and when ("Marie Durand, le 03/12/2026 à 15:40"), for the
    message of an edit conflict; empty when the trail has no creation or update of it."""
    return last_change_of(type(obj), [obj.pk])


def last_change_of(model: type[models.Model], ids) -> str:
    """The same for the latest saved of several records (the answers of a sheet)."""
    entry = (
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
            object_id__in=[str(pk) for pk in ids],
            action__in=[AuditEntry.Action.CREATE, AuditEntry.Action.UPDATE],
        ).order_by("-when", "-id").first()
    )
    if entry is None:
        return ""
    when = timezone.localtime(entry.when)
    return _("%(who)s, le %(day)s à %(time)s") % {
        "who": entry.actor_label, "day": when.strftime("%d/%m/%Y"),
        "time": when.strftime("%H:%M"),
    }
