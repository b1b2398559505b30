"""The Django admin's own log (``LogEntry``) written before issue 12 named objects by their
text: "Hélène Lefèvre", a quotient "512 € (…)", an inline row's text in the change
message. From now on the admin writes "Personne n° 42" (``tisserand.audit.admin_site``);
this rewrites the entries already there in the same way. Irreversible by design."""

import json

from django.db import migrations


def label(apps, content_type, object_id) -> str:
    kind = content_type.model if content_type else ""
    if content_type is not None:
        try:
            model = apps.get_model(content_type.app_label, content_type.model)
            kind = str(model._meta.verbose_name)
        except LookupError:
            pass
    kind = kind[:1].upper() + kind[1:] if kind else "Objet"
    return f"{kind} n° {object_id}"[:200]


def without_texts(message: str) -> str:
    """The change message with the names of fields and kinds of rows, no row's text."""
    try:
        parts = json.loads(message) if message else []
    except ValueError:
        return ""  # an old free-text message: nothing of it can be kept safely
    if not isinstance(parts, list):
        return ""
    for part in parts:
        if not isinstance(part, dict):
            continue
        for detail in part.values():
            if isinstance(detail, dict) and "object" in detail:
                detail["object"] = "…"
    return json.dumps(parts)


def neutralise(apps, schema_editor):
    LogEntry = apps.get_model("admin", "LogEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = {ct.pk: ct for ct in ContentType.objects.all()}
    for entry in LogEntry.objects.all().iterator(chunk_size=500):
        repr_ = label(apps, types.get(entry.content_type_id), entry.object_id)
        message = without_texts(entry.change_message)
        if (repr_, message) != (entry.object_repr, entry.change_message):
            LogEntry.objects.filter(pk=entry.pk).update(object_repr=repr_,
                                                        change_message=message)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_security_events_two_factor"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(neutralise, migrations.RunPython.noop)]
