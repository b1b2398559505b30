"""tisserand send_reminders [--date AAAA-MM-JJ] [--dry-run]: the reminders of tomorrow's
appointments. For cron, once a day (docs/rappels.md); running it again sends nothing twice.

Prints counts only, never a name, a number or an address."""

import datetime as dt

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management.base import BaseCommand, CommandError

from tisserand.core.french import format_date
from tisserand.desks.reminders.services import MAX_ATTEMPTS, send_reminders


class Command(BaseCommand):
    help = (
        "Envoie le rappel (SMS ou courriel) des rendez-vous du lendemain aux personnes qui "
        "ne l'ont pas refusé. Sans risque de double envoi si on la relance."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", dest="day", metavar="AAAA-MM-JJ",
            help="jour des rendez-vous à rappeler (par défaut : demain)",
        )
        parser.add_argument(
            "--dry-run", action="store_true",
            help="compte ce qui serait envoyé, sans rien envoyer ni enregistrer",
        )

    def handle(self, *args, **options):
        day = None
        if options["day"]:
            try:
                day = dt.date.fromisoformat(options["day"])
            except ValueError:
                raise CommandError("Date attendue au format AAAA-MM-JJ.") from None
        try:
            run = send_reminders(day=day, dry_run=options["dry_run"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from None
        title = f"Rappels des rendez-vous du {format_date(run.day)}"
        if run.dry_run:
            self.stdout.write(f"{title} — simulation, rien n'est envoyé :")
            self.stdout.write(f"  à envoyer : {run.sent}")
        else:
            self.stdout.write(f"{title} :")
            self.stdout.write(f"  envoyés : {run.sent}")
        self.stdout.write(f"  déjà envoyés : {run.already_sent}")
        self.stdout.write(f"  refusés (opt-out) : {run.opted_out}")
        self.stdout.write(f"  sans coordonnées : {run.no_address}")
        self.stdout.write(f"  échecs : {run.failed}")
        self.stdout.write(f"  en cours d'envoi ou interrompus (non renvoyés) : {run.interrupted}")
        self.stdout.write(f"  abandonnés après {MAX_ATTEMPTS} échecs : {run.given_up}")
        if run.failed:
            # A non-zero exit status: cron mails the output to the administrator.
            raise CommandError(
                f"{run.failed} rappel(s) en échec : nouvel essai au prochain passage "
                "(les raisons sont dans les avertissements ci-dessus)."
            )
