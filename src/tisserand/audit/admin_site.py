"""The Django admin goes through the audit trail, and its own log names no one.

The admin site is kept for the centre's reference data (places, sectors, partners,
actions, ateliers, the evaluation grid...). Personal data (persons, households, family
quotients, memberships, schooling, follow-up files, appointments, user accounts) are not
registered there: they are written through the application's screens, which check the
roles and write the trail.

For what remains, every model registered on this site gets ``AuditedModelAdmin`` in front
of its own admin class:

- each addition, change and deletion, of the object and of the rows of its inlines, writes
  an audit entry (``create``, ``update``, ``delete``) signed by the user, with the names
  of the fields changed, never their values;
- the admin's own log (``LogEntry``, the "recent actions") labels objects "Lieu n° 3",
  never by their text (a contributor's name, a journal...), and its change messages name
  fields and inline rows by number only.
"""

import json

from django.contrib import admin
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.admin.utils import construct_change_message
from django.contrib.contenttypes.models import ContentType
from django.db import models, router
from django.db.models.deletion import Collector
from django.utils.translation import gettext as _
from django.utils.translation import override

from tisserand.audit.models import AuditEntry
from tisserand.audit.services import filled_fields, log_action, object_label
from tisserand.core.forms import BoundedDateField

_CHANGES = "_tisserand_admin_changes"


def _field_names(model: type[models.Model], names) -> list[str]:
    """The names among ``names`` that are fields of the model (a form may add its own)."""
    known = {f.name for f in model._meta.get_fields()}
    return [name for name in names if name in known]


def _field_labels(model: type[models.Model], names) -> list[str]:
    with override(None):
        return [str(model._meta.get_field(name).verbose_name) for name in names]


def _cascade_note(obj: models.Model) -> str:
    """What goes with a deleted object (« avec : 12 présences, 1 comptage »): a session
    deleted in the admin takes its attendances along."""
    collector = Collector(using=router.db_for_write(type(obj)))
    collector.collect([obj])
    counts = {}
    for model, instances in collector.data.items():
        count = len(instances) - (1 if model is obj._meta.concrete_model else 0)
        if count:
            counts[model] = count
    for qs in collector.fast_deletes:
        if count := qs.count():
            counts[qs.model] = counts.get(qs.model, 0) + count
    counts = {model: n for model, n in counts.items() if not model._meta.auto_created}
    if not counts:
        return ""
    parts = [
        f"{count} {model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural}"
        for model, count in counts.items()
    ]
    return _("avec : %(objects)s") % {"objects": ", ".join(parts)}


class AuditedModelAdmin:
    """Placed in front of every admin class by ``AuditedAdminSite.register``."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # Dates between 1900 and 2100 here too, as in every form of the screens.
        if isinstance(db_field, models.DateField) and not isinstance(db_field,
                                                                     models.DateTimeField):
            kwargs.setdefault("form_class", BoundedDateField)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_formset(self, request, form, formset, change):
        deleted = [f.instance.pk for f in formset.deleted_forms if f.instance.pk is not None]
        super().save_formset(request, form, formset, change)
        model = formset.model
        rows = getattr(request, _CHANGES, [])
        columns = [f.name for f in model._meta.concrete_fields if not f.primary_key]
        rows += [(AuditEntry.Action.CREATE, model, obj.pk, filled_fields(obj, columns))
                 for obj in formset.new_objects]
        rows += [(AuditEntry.Action.UPDATE, model, obj.pk, _field_names(model, fields))
                 for obj, fields in formset.changed_objects]
        rows += [(AuditEntry.Action.DELETE, model, pk, []) for pk in deleted]
        setattr(request, _CHANGES, rows)

    def construct_change_message(self, request, form, formsets, add=False):
        """Django's message for the object's own fields (their labels), and the inline
        rows by number: no text of any row."""
        message = construct_change_message(form, [], add)
        request._tisserand_admin_fields = _field_names(self.model, form.changed_data)
        for action, model, pk, fields in getattr(request, _CHANGES, []):
            with override(None):
                name = str(model._meta.verbose_name)
            key = {AuditEntry.Action.CREATE: "added", AuditEntry.Action.UPDATE: "changed",
                   AuditEntry.Action.DELETE: "deleted"}[action]
            part = {"name": name, "object": f"n° {pk}"}
            if action == AuditEntry.Action.UPDATE:
                part["fields"] = _field_labels(model, fields)
            message.append({key: part})
        return message

    def _log(self, request, obj, flag: int, action: str, message) -> LogEntry:
        entry = LogEntry.objects.create(
            user_id=request.user.pk,
            content_type_id=ContentType.objects.get_for_model(obj, for_concrete_model=False).pk,
            object_id=str(obj.pk),
            object_repr=object_label(obj)[:200],
            action_flag=flag,
            change_message=json.dumps(message) if isinstance(message, list) else message,
        )
        fields = getattr(request, "_tisserand_admin_fields", [])
        request._tisserand_admin_fields = []
        note = _("site d'administration")
        if cascade := getattr(request, "_tisserand_admin_note", ""):
            note = f"{note} ; {cascade}"
            request._tisserand_admin_note = ""
        log_action(action=action, obj=obj, fields=fields, actor=request.user, note=note)
        for row_action, model, pk, row_fields in getattr(request, _CHANGES, []):
            log_action(action=row_action, obj=model(pk=pk), fields=row_fields,
                       actor=request.user, note=_("site d'administration"))
        setattr(request, _CHANGES, [])
        return entry

    def log_addition(self, request, obj, message):
        return self._log(request, obj, ADDITION, AuditEntry.Action.CREATE, message)

    def log_change(self, request, obj, message):
        return self._log(request, obj, CHANGE, AuditEntry.Action.UPDATE, message)

    def log_deletions(self, request, queryset):
        entries = []
        for obj in queryset:
            request._tisserand_admin_note = _cascade_note(obj)
            entries.append(self._log(request, obj, DELETION, AuditEntry.Action.DELETE, ""))
        return entries


class AuditedAdminSite(admin.AdminSite):
    """``admin.site``: every admin class registered here is audited."""

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, AuditedModelAdmin):
            admin_class = type(
                admin_class.__name__, (AuditedModelAdmin, admin_class),
                {"__module__": admin_class.__module__},
            )
        return super().register(model_or_iterable, admin_class, **options)
