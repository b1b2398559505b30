"""Failed logins under an unknown username are counted now (``LoginThrottle``), not written
to the audit trail one by one: the entries written before are removed once."""

from django.db import migrations


def purge(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    AuditEntry.objects.filter(action="login_failed", content_type__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_login_throttle_enrolment"),
        ("audit", "0002_security_events_two_factor"),
    ]

    operations = [migrations.RunPython(purge, migrations.RunPython.noop)]
