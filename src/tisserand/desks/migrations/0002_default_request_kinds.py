"""The kinds of request the 2020 report lists for the écrivains publics (editable later)."""

from django.db import migrations

KINDS = [
    ("letter", ["Emploi (Pôle emploi, candidatures)", "Logement", "Impôts", "Abonnements",
                "Assurances, indemnisations", "Consommation, factures"]),
    ("form", ["Complémentaire santé (CMU)", "MDPH", "Renouvellement d'ASS", "Dossier de mariage",
              "Titre de séjour", "Impôts", "Dérogation scolaire"]),
    ("phone", ["Démarche téléphonique auprès d'un organisme"]),
    ("explanation", ["Explication d'un courrier reçu"]),
    ("online", ["Démarche en ligne"]),
]


def create_kinds(apps, schema_editor):
    RequestKind = apps.get_model("desks", "RequestKind")
    position = 0
    for group, names in KINDS:
        for name in names:
            position += 1
            RequestKind.objects.get_or_create(group=group, name=name,
                                              defaults={"position": position})


class Migration(migrations.Migration):
    dependencies = [("desks", "0001_initial")]
    operations = [migrations.RunPython(create_kinds, migrations.RunPython.noop)]
