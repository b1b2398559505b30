"""``tisserand loaddemo [--reset]``: build the demo centre of the 2020 report, and its
current season relative to today (``demo.live_season``)."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from tisserand.demo.build import build_demo, centre_has_data, demo_users_exist, wipe_centre_data
from tisserand.demo.centre import DEMO_PASSWORD, DEMO_USERS


class Command(BaseCommand):
    help = (
        "Crée le centre de démonstration (Centre social Albert Jacquard, 2019-2020, et la "
        "saison en cours à la date du jour) avec des habitants inventés et des comptes de "
        "démonstration."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset", action="store_true",
            help="Supprime d'abord toutes les données du centre (personnes, foyers, actions, "
                 "séances...) et les comptes de démonstration.",
        )

    def handle(self, *args, reset: bool = False, **options):
        started = time.monotonic()
        with transaction.atomic():
            if reset:
                wipe_centre_data()
            elif centre_has_data() or demo_users_exist():
                raise CommandError(
                    "La base contient déjà des données (personnes, actions ou comptes de "
                    "démonstration) : rien n'a été modifié. Relancez avec --reset pour tout "
                    "effacer et recréer le centre de démonstration."
                )
            build_demo()
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(
            f"Centre de démonstration créé en {elapsed:.1f} s."
        ))
        self.stdout.write("Comptes de démonstration (mot de passe pour tous : "
                          f"{DEMO_PASSWORD}) :")
        for username, role, label in DEMO_USERS:
            self.stdout.write(f"  {username:<10} / {DEMO_PASSWORD}  — rôle {role} ({label})")
