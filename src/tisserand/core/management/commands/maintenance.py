"""``tisserand maintenance on|off|etat``: every page answers "maintenance" while it is on."""

from django.core.management.base import BaseCommand, CommandError

from tisserand.core import maintenance


class Command(BaseCommand):
    help = (
        "Met Tisserand en maintenance (toutes les pages l'annoncent) ou l'en sort ; "
        "« etat » dit où il en est."
    )

    def add_arguments(self, parser):
        parser.add_argument("state", choices=["on", "off", "etat"])

    def handle(self, *args, **options):
        state = options["state"]
        if state == "on":
            try:
                maintenance.MAINTENANCE.acquire()
            except maintenance.LockHeld as error:
                raise CommandError("Tisserand est déjà en maintenance.") from error
            self.stdout.write("Tisserand est en maintenance : les pages l'annoncent.")
        elif state == "off":
            if maintenance.RESTORE.holder() is not None:
                raise CommandError(
                    "Une restauration est en cours : attendez sa fin avant de sortir de la "
                    "maintenance."
                )
            released = maintenance.MAINTENANCE.release()
            self.stdout.write(
                "Tisserand n'est plus en maintenance." if released
                else "Tisserand n'était pas en maintenance."
            )
        else:
            self.stdout.write(
                "En maintenance." if maintenance.in_maintenance() else "En service."
            )
