"""``tisserand backup FICHIER``: save the whole centre in one sealed file."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from tisserand.core.backup import BackupError, backup_write
from tisserand.core.management.passphrase import backup_passphrase


class Command(BaseCommand):
    help = (
        "Sauvegarde toute la base (habitants, actions, séances, comptes...) dans un fichier "
        "chiffré par la phrase secrète des sauvegardes (TISSERAND_BACKUP_PASSPHRASE, ou "
        "demandée). Sans cette phrase, la sauvegarde ne peut pas être restaurée."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Fichier à écrire, par exemple sauvegarde.tisserand")

    def handle(self, *args, **options):
        passphrase = backup_passphrase(confirm=True)
        try:
            header = backup_write(path=options["file"], passphrase=passphrase)
        except BackupError as error:
            raise CommandError(str(error)) from error
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
            f"Sauvegarde chiffrée écrite : {options['file']} ({header['count']} "
            f"enregistrements, base {header['database']}, Tisserand {header['app_version']})."
        )
