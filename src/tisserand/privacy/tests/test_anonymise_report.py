"""THE test of anonymisation: the 2020 report of the demo centre keeps every figure.

The demo centre is built, its 2020 report built, every person anonymised, the report
built again: every figure line of the summary and of every action, every table, every
atelier row, every chart description and every indicator must be equal, and no former
name may appear in the HTML export.
"""

import dataclasses
import re

import pytest

from tisserand.core.periods import calendar_year
from tisserand.people.models import Anonymisation, Household, Person
from tisserand.privacy.services import persons_anonymise
from tisserand.reports.builder import Report, build_report
from tisserand.reports.exporters import EXPORTERS
from tisserand.testing.demo import demo_centre  # noqa: F401  (module-scoped fixture)

pytestmark = pytest.mark.django_db


def figures_of(report: Report) -> dict:
    """Every figure of the report, as plain comparable data (PNG bytes left aside: the
    charts are compared through their text description, which lists every value)."""
    return {
        "title": report.title,
        "summary": [(line.label, line.value) for line in report.summary],
        "charts": [(chart.title, chart.description) for chart in report.charts],
        "sectors": [
            {
                "name": sector.name,
                "chart": (sector.chart.title, sector.chart.description) if sector.chart else None,
                "actions": [
                    {
                        "name": action.name,
                        "figures": [(line.label, line.value) for line in action.figures],
                        "tables": [
                            (table.title, table.header, table.rows) for table in action.tables
                        ],
                        "activities": [dataclasses.asdict(a) for a in action.activities],
                        "indicators": dataclasses.asdict(action.indicators),
                    }
                    for action in sector.actions
                ],
            }
            for sector in report.sectors
        ],
    }


def test_anonymising_everyone_keeps_every_figure_of_the_2020_report(demo_centre):  # noqa: F811
    year = calendar_year(2020)
    before = build_report(year, with_charts=True)
    persons = list(Person.objects.values_list("pk", "first_name", "last_name"))
    households = list(Household.objects.values_list("name", flat=True))
    assert len(persons) > 200  # the demo centre, not an empty base

    # All at once, as the purge does (one pass over the free texts of the base); the
    # confirmation page anonymises one person with the same code.
    persons_anonymise(persons=Person.objects.order_by("pk"))

    assert Anonymisation.objects.count() == len(persons)
    assert not Person.objects.exclude(first_name="Anonyme").exists()
    assert not Household.objects.filter(members__isnull=False, name__in=households).exists()
    after = build_report(year, with_charts=True)
    expected, got = figures_of(before), figures_of(after)
    # Compared piece by piece first, so that a failure names the action that moved.
    assert got["summary"] == expected["summary"]
    assert got["charts"] == expected["charts"]
    for sector_before, sector_after in zip(expected["sectors"], got["sectors"], strict=True):
        assert sector_after["chart"] == sector_before["chart"]
        for action_before, action_after in zip(
            sector_before["actions"], sector_after["actions"], strict=True
        ):
            assert action_after == action_before, action_before["name"]
    assert got == expected
    assert sum(len(s["actions"]) for s in expected["sectors"]) > 10
    assert expected["summary"] and any(re.search(r"\d", v) for _l, v in expected["summary"])

    _name, _mime, html = EXPORTERS["html"].export(after)
    text = html.decode()
    former = [f"{first} {last}" for _pk, first, last in persons]
    former += [f"{last} {first}" for _pk, first, last in persons]
    leaked = sorted({name for name in former if name in text})
    assert not leaked, leaked[:10]
    leaked_households = sorted(
        name for name in set(households) if re.search(rf"\b{re.escape(name)}\b", text)
    )
    assert not leaked_households, leaked_households[:10]
