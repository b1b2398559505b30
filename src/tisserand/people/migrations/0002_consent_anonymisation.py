"""Consents and anonymisation marks move from the privacy app to people (issue 10): the
apps below privacy (the desks' reminders, the follow-up) read them. The tables are renamed,
their rows kept; content types follow, so the audit trail and the permissions keep
pointing at them. The privacy app's own state drops the models in its migration 0003."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ("consent", "anonymisation")


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MOVED:
        old = ContentType.objects.using(db).filter(app_label="privacy", model=model).first()
        if old is None:
            continue
        # A content type made for the new place before this migration ran has no row
        # pointing at it yet: the old one, with its history, takes its place.
        ContentType.objects.using(db).filter(app_label="people", model=model).delete()
        old.app_label = "people"
        old.save(update_fields=["app_label"])


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    ContentType.objects.using(db).filter(app_label="people", model__in=MOVED).update(
        app_label="privacy"
    )


class Migration(migrations.Migration):

    dependencies = [
        ("people", "0001_initial"),
        ("privacy", "0002_alter_consent_kind"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Anonymisation",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("anonymised_on", models.DateField(verbose_name="anonymisée le")),
                        ("reason", models.CharField(choices=[("request", "Demande de la personne ou décision de la direction"), ("retention", "Fin de la durée de conservation")], max_length=20, verbose_name="motif")),
                        ("person", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="anonymisation", to="people.person", verbose_name="personne")),
                    ],
                    options={
                        "verbose_name": "anonymisation",
                        "verbose_name_plural": "anonymisations",
                        "ordering": ["-anonymised_on", "-id"],
                        "db_table": "privacy_anonymisation",
                    },
                ),
                migrations.CreateModel(
                    name="Consent",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(choices=[("photos", "Droit à l'image (photos)"), ("newsletter", "Lettre d'information"), ("partners", "Partage avec les partenaires"), ("reminders", "Rappels de rendez-vous (SMS, courriel)")], max_length=20, verbose_name="objet")),
                        ("given", models.BooleanField(verbose_name="accordé")),
                        ("recorded_on", models.DateField(verbose_name="date du recueil")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="saisi le")),
                        ("person", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="consents", to="people.person", verbose_name="personne")),
                        ("recorded_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="recueilli par")),
                    ],
                    options={
                        "verbose_name": "consentement",
                        "verbose_name_plural": "consentements",
                        "ordering": ["person", "kind", "-recorded_on", "-id"],
                        "indexes": [models.Index(fields=["person", "kind", "recorded_on"], name="privacy_con_person__0fe1a9_idx")],
                        "db_table": "privacy_consent",
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(name="anonymisation", table=None),
        migrations.AlterModelTable(name="consent", table=None),
        migrations.RenameIndex(
            model_name="consent",
            new_name="people_consent_latest_idx",
            old_name="privacy_con_person__0fe1a9_idx",
        ),
        migrations.AlterModelOptions(
            name="consent",
            options={
                "ordering": ["person_id", "kind", "-recorded_on", "-id"],
                "verbose_name": "consentement",
                "verbose_name_plural": "consentements",
            },
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
