"""tisserand purge [--dry-run]: anonymise the persons past the retention period and erase
the notes of the follow-up files past theirs.

Prints counts and ids only, never a name."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from tisserand.privacy.retention import follow_up_years, inactive_years, purge


class Command(BaseCommand):
    help = (
        "Anonymise les personnes sans contact avec le centre depuis la durée de "
        "conservation (TISSERAND_RETENTION_INACTIVE_YEARS) et efface les notes des dossiers "
        "d'accompagnement (TISSERAND_RETENTION_FOLLOW_UP_YEARS). --dry-run : liste sans "
        "modifier."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true",
            help="liste ce qui serait anonymisé, sans rien changer",
        )
        parser.add_argument(
            "--date", dest="today", metavar="AAAA-MM-JJ",
            help="date de référence (par défaut : aujourd'hui)",
        )

    def handle(self, *args, **options):
        today = None
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError("Date attendue au format AAAA-MM-JJ.") from None
        dry_run = options["dry_run"]
        result = purge(today=today, dry_run=dry_run)
        count = len(result.person_ids)
        cutoff = f"{result.cutoff:%d/%m/%Y}"
        ids = ", ".join(str(pk) for pk in result.person_ids) or "aucune"
        if dry_run:
            self.stdout.write(
                f"Simulation (rien n'est modifié) : {count} personne(s) sans contact depuis le "
                f"{cutoff} ({inactive_years()} ans) seraient anonymisées."
            )
        else:
            self.stdout.write(
                f"{count} personne(s) sans contact depuis le {cutoff} ({inactive_years()} ans) "
                "ont été anonymisées ; l'opération est inscrite au journal."
            )
        self.stdout.write(f"Fiches : {ids}")
        files = len(result.follow_up_ids)
        since = (
            f"sans contact depuis le {result.follow_up_cutoff:%d/%m/%Y} "
            f"({follow_up_years()} ans)"
        )
        if dry_run:
            self.stdout.write(
                f"{files} dossier(s) d'accompagnement {since} seraient effacés (notes)."
            )
        else:
            self.stdout.write(
                f"{files} dossier(s) d'accompagnement {since} ont été effacés (notes)."
            )
        self.stdout.write(
            "Dossiers : " + (", ".join(str(pk) for pk in result.follow_up_ids) or "aucun")
        )
