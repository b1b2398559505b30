"""``tisserand restore FICHIER``: replace the whole database by a backup, after checking
the file entirely and showing what it will replace."""

import sys

from django.core.management.base import BaseCommand, CommandError

from tisserand.core import maintenance
from tisserand.core.backup import BackupError, backup_read, backup_restore, replacement_summary
from tisserand.core.management.passphrase import backup_passphrase


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde : le fichier est d'abord lu et vérifié en entier, puis ce "
        "qu'il remplacera est affiché et doit être confirmé. Tout ou rien : en cas d'erreur, "
        "la base n'est pas modifiée."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Fichier écrit par « tisserand backup »")
        parser.add_argument(
            "--yes", action="store_true",
            help="Remplace le contenu de la base sans demander de confirmation.",
        )
        parser.add_argument(
            "--ancien-format", action="store_true", dest="legacy",
            help="Lit une sauvegarde non chiffrée d'une version antérieure de Tisserand "
                 "(seulement un fichier que vous avez fait vous-même).",
        )

    def handle(self, *args, **options):
        self._check_not_serving()
        passphrase = None if options["legacy"] else backup_passphrase(confirm=False)
        try:
            content = backup_read(options["file"], passphrase, legacy=options["legacy"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self._show(replacement_summary(content), content.header)
        if not options["yes"]:
            self._confirm()
        try:
            with maintenance.RESTORE.held():
                header = backup_restore(content)
        except maintenance.LockHeld as error:
            raise CommandError(_busy(error.holder)) from error
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Sauvegarde du {header['created'][:10]} restaurée ({header['count']} "
            f"enregistrements, venue d'une base {header['database']})."
        )

    def _check_not_serving(self):
        holder = maintenance.RESTORE.holder()
        if holder is not None:
            raise CommandError(_busy(holder))
        if maintenance.serving_recently() and not maintenance.MAINTENANCE.path.exists():
            elapsed = maintenance.seconds_since_last_request()
            raise CommandError(
                f"Tisserand est en service (dernière page servie il y a {elapsed:.0f} s) : "
                "des personnes travailleraient sur des données sur le point d'être "
                "remplacées. Mettez-le en maintenance (« tisserand maintenance on »), "
                "restaurez, puis « tisserand maintenance off ». Rien n'a été modifié."
            )

    def _show(self, summary, header):
        self.stdout.write(
            f"Sauvegarde du {str(header.get('created', ''))[:10]} (Tisserand "
            f"{header.get('app_version', '?')}, base {header.get('database', '?')}). "
            "Elle remplacera tout le contenu de la base :"
        )
        width = max((len(name) for name, _now, _after in summary), default=10)
        self.stdout.write(f"  {'':{width}}  {'maintenant':>10}  {'après':>10}")
        for name, now, after in summary:
            self.stdout.write(f"  {name:{width}}  {now:>10}  {after:>10}")

    def _confirm(self):
        if not sys.stdin.isatty():
            raise CommandError(
                "Confirmation impossible hors d'un terminal : relancez avec --yes pour "
                "remplacer le contenu de la base. Rien n'a été modifié."
            )
        answer = input("Tapez « oui » pour tout remplacer : ").strip().lower()
        if answer != "oui":
            raise CommandError("Restauration annulée : rien n'a été modifié.")


def _busy(holder: dict) -> str:
    return (
        "Une restauration est déjà en cours (depuis "
        f"{str(holder.get('since', '?'))[:19].replace('T', ' ')}) : rien n'a été modifié. Si "
        "elle a été interrompue, supprimez le fichier restauration.json du répertoire des "
        "données."
    )
