"""tisserand report --year 2020 --format docx --output rapport.docx"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tisserand.core.forms import PeriodForm
from tisserand.core.periods import Period
from tisserand.reports.builder import build_report
from tisserand.reports.exporters import EXPORTERS


def parse_period(*, year=None, season_label=None, start=None, end=None) -> Period:
    """One period from the command's options, read like the period form of the screens; a
    clear French error otherwise."""
    form = PeriodForm({"annee": year or "", "saison": season_label or "",
                       "du": start or "", "au": end or ""})
    if not form.is_valid():
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
        raise CommandError(" ".join(errors))
    return form.period()


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
