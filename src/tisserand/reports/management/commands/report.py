"""tisserand report --year 2020 --format docx --output rapport.docx"""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tisserand.core.calendar import Period, calendar_year, season
from tisserand.reports.builder import build_report
from tisserand.reports.exporters import EXPORTERS


def parse_period(*, year=None, season_label=None, start=None, end=None) -> Period:
    """One period from the command's options; a clear French error otherwise."""
    chosen = [x for x in (year, season_label, start or end) if x]
    if len(chosen) != 1:
        raise CommandError("Indiquez une seule période : --year, --season ou --from/--to.")
    if year:
        return calendar_year(int(year))
    if season_label:
        try:
            first, second = (int(part) for part in season_label.split("-"))
        except ValueError:
            raise CommandError("Saison attendue sous la forme 2019-2020.") from None
        if second != first + 1:
            raise CommandError("Une saison couvre deux années qui se suivent, par ex. 2019-2020.")
        return season(first)
    if not (start and end):
        raise CommandError("Indiquez --from et --to (AAAA-MM-JJ).")
    try:
        first_day, last_day = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    except ValueError:
        raise CommandError("Dates attendues au format AAAA-MM-JJ.") from None
    if last_day < first_day:
        raise CommandError("La date de fin précède la date de début.")
    return Period(first_day, last_day, f"{first_day:%d/%m/%Y} – {last_day:%d/%m/%Y}")


class Command(BaseCommand):
    help = "Produit le rapport d'activités (HTML, DOCX ou PDF) à partir des données."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="année civile, par ex. 2020")
        parser.add_argument("--season", dest="season_label", help="saison, par ex. 2019-2020")
        parser.add_argument("--from", dest="start", help="début, AAAA-MM-JJ")
        parser.add_argument("--to", dest="end", help="fin, AAAA-MM-JJ")
        parser.add_argument("--format", choices=sorted(EXPORTERS), default="html")
        parser.add_argument("--output", help="fichier à écrire (par défaut : nom standard)")

    def handle(self, *args, **options):
        period = parse_period(
            year=options["year"], season_label=options["season_label"],
            start=options["start"], end=options["end"],
        )
        report = build_report(period)
        filename, _mimetype, content = EXPORTERS[options["format"]].export(report)
        output = Path(options["output"] or filename)
        output.write_bytes(content)
        self.stdout.write(f"Rapport écrit dans {output} ({len(content) // 1024} Ko).")
