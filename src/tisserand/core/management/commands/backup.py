"""``tisserand backup FICHIER``: save the whole centre in one compressed file."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from tisserand.core.backup import backup_write


class Command(BaseCommand):
    help = "Sauvegarde toute la base (habitants, actions, séances, comptes...) dans un fichier."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Fichier à écrire, par exemple sauvegarde.json.gz")

    def handle(self, *args, **options):
        try:
            header = backup_write(path=options["file"])
        except DatabaseError as error:
            raise CommandError(
                "La base n'a pas pu être lue entièrement : est-elle à jour ? Lancez "
                f"« tisserand migrate » puis recommencez ({type(error).__name__})."
            ) from error
        except OSError as error:
            raise CommandError(
                f"Impossible d'écrire la sauvegarde dans {options['file']} : {error.strerror}."
            ) from error
        self.stdout.write(
            f"Sauvegarde écrite : {options['file']} ({header['count']} enregistrements, "
            f"base {header['database']}, Tisserand {header['app_version']})."
        )
