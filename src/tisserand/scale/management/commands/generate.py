"""``tisserand generate --scale N --seed S [--reset]``: a synthetic centre N times the demo."""

from django.core.management.base import BaseCommand, CommandError

from tisserand.scale.digest import fingerprint
from tisserand.scale.generate import DEFAULT_YEARS, CentreNotEmpty, generate_centre


def years_argument(text: str) -> tuple[int, ...]:
    """"2019-2021" -> (2019, 2020, 2021)."""
    try:
        first, _dash, last = text.partition("-")
        first_year, last_year = int(first), int(last or first)
    except ValueError as exc:
        raise CommandError(f"Années illisibles : « {text} » (exemple : 2019-2021).") from exc
    return tuple(range(first_year, last_year + 1))


class Command(BaseCommand):
    help = (
        "Génère un centre synthétique N fois plus grand que le centre de démonstration "
        "(N = 10 : environ 5 000 foyers, 12 000 personnes, 60 ateliers, 400 000 présences "
        "sur trois ans, 20 000 rendez-vous). Mêmes N et graine : mêmes données."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, required=True,
                            help="Taille N (décimales acceptées : 0.1).")
        parser.add_argument("--seed", type=int, default=1, help="Graine (1 par défaut).")
        parser.add_argument(
            "--years", type=years_argument,
            default=DEFAULT_YEARS,
            help=f"Années civiles couvertes (par défaut {DEFAULT_YEARS[0]}-{DEFAULT_YEARS[-1]}).",
        )
        parser.add_argument(
            "--reset", action="store_true",
            help="Supprime d'abord toutes les données du centre (personnes, foyers, actions, "
                 "séances...) et les comptes de démonstration.",
        )
        parser.add_argument(
            "--digest", action="store_true",
            help="Affiche l'empreinte du contenu généré (pour comparer deux générations).",
        )

    def handle(self, *args, scale: float, seed: int, years, reset: bool, digest: bool,
               **options):
        try:
            stats = generate_centre(scale=scale, seed=seed, years=years, reset=reset,
                                    stdout=self.stdout)
        except CentreNotEmpty as exc:
            raise CommandError(str(exc)) from exc
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        lines = stats.summary()
        self.stdout.write(self.style.SUCCESS(lines[0]))
        for line in lines[1:]:
            self.stdout.write(line)
        if digest:
            self.stdout.write(f"Empreinte : {fingerprint()}")
