"""``tisserand restore FICHIER``: load a backup into an empty, migrated database."""

from django.core.management.base import BaseCommand, CommandError

from tisserand.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde dans une base vide (après « tisserand migrate »). "
        "Tout ou rien : en cas d'erreur, la base n'est pas modifiée."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Fichier écrit par « tisserand backup »")
        parser.add_argument(
            "--force", action="store_true",
            help="Efface tout le contenu de la base avant de restaurer, même s'il y a des "
                 "habitants ou des actions.",
        )

    def handle(self, *args, **options):
        try:
            header = backup_restore(path=options["file"], force=options["force"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Sauvegarde du {header['created'][:10]} restaurée ({header['count']} "
            f"enregistrements, venue d'une base {header['database']})."
        )
