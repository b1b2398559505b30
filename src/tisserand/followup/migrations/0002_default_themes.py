"""The themes of individual follow-up named by the report (editable later)."""

from django.db import migrations

THEMES = ["Accès aux droits", "Numérique", "Logement", "Santé", "Isolement", "Parentalité",
          "Emploi", "Budget", "Violences"]


def create_themes(apps, schema_editor):
    Theme = apps.get_model("followup", "Theme")
    for position, name in enumerate(THEMES, start=1):
        Theme.objects.get_or_create(name=name, defaults={"position": position})


class Migration(migrations.Migration):
    dependencies = [("followup", "0001_initial")]
    operations = [migrations.RunPython(create_themes, migrations.RunPython.noop)]
