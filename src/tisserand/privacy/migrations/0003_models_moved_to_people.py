"""Consents and anonymisation marks now belong to people (its migration 0002 renamed the
tables): only the privacy app's state forgets them here."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("privacy", "0002_alter_consent_kind"),
        ("people", "0002_consent_anonymisation"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Consent"),
                migrations.DeleteModel(name="Anonymisation"),
            ],
        ),
    ]
