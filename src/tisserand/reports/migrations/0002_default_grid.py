"""The CAF evaluation grid the 2020 report answers for every action."""

from django.db import migrations

QUESTIONS = [
    ("Présentation synthétique de l'action", ""),
    ("À quelle orientation du projet de centre cette action a-t-elle répondu ?", "orientations"),
    ("Objectif opérationnel défini pour l'année : quelle pertinence ?", ""),
    (
        "Bilan : points forts et à améliorer, les étapes ont-elles été respectées ou a-t-il "
        "fallu faire preuve de souplesse ?",
        "",
    ),
    ("Lieu et jours d'ouverture, nombre de séances", "opening"),
    ("Public accueilli ? Nombre ? Âge ?", "public"),
    (
        "Cette action a-t-elle permis d'aller à la rencontre d'habitants moins impliqués, "
        "non connus ? Comment ?",
        "",
    ),
    ("A-t-elle été co-construite avec les habitants ?", ""),
    ("Comment a-t-elle favorisé les échanges, l'expression, les initiatives des habitants ?", ""),
    (
        "Quel est l'impact sur la population ? Convivialité, rencontre entre les parents qui ne "
        "se connaissaient pas forcément.",
        "",
    ),
    ("A-t-on permis de développer le travail entre bénévoles et salariés ?", "volunteers"),
    ("Cette action a-t-elle permis de développer des partenariats ? Rôle ? Mission ?", "partners"),
    ("Quels sont les faits marquants de cette action ?", ""),
]


def create_default_grid(apps, schema_editor):
    Grid = apps.get_model("reports", "EvaluationGrid")
    Question = apps.get_model("reports", "EvaluationQuestion")
    grid, _created = Grid.objects.get_or_create(
        name="Grille d'évaluation CAF", defaults={"is_default": True}
    )
    for position, (text, draft) in enumerate(QUESTIONS, start=1):
        Question.objects.get_or_create(
            grid=grid, position=position, defaults={"text": text, "draft": draft}
        )


def remove_default_grid(apps, schema_editor):
    apps.get_model("reports", "EvaluationGrid").objects.filter(
        name="Grille d'évaluation CAF"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]
    operations = [migrations.RunPython(create_default_grid, remove_default_grid)]
