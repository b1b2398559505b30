"""Acceptance: with every narrative text blanked (sheet answers, centre sections), the 2020
report of the demo centre states, at the right action, the activity figures of the real
2020 report, computed from the data (the list: ``seed_figures.py``).

Run ``pytest -s -k seed_figures`` to print the list with what Tisserand computes.
"""

import re

import pytest

from tisserand.core.periods import calendar_year
from tisserand.reports.builder import build_report
from tisserand.reports.models import Answer, CentreSection
from tisserand.reports.tests.seed_figures import FIGURES, SeedFigure
from tisserand.testing.demo import demo_centre  # noqa: F401  (module-scoped fixture)

pytestmark = pytest.mark.django_db


def flat(text: str) -> str:
    """As a reader sees it: one space for any space (non-breaking ones too), straight
    apostrophes."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", text.replace("\u2019", "'")).strip()


@pytest.fixture(scope="module")
def report(demo_centre, django_db_blocker):  # noqa: F811
    """The 2020 report of the demo with no text typed by a person: only what Tisserand
    computes is left."""
    with django_db_blocker.unblock():
        Answer.objects.update(text="")
        CentreSection.objects.update(text="")
        return build_report(calendar_year(2020), with_charts=False)


def computed(report, figure: SeedFigure) -> str | None:
    """What the report states where the figure should be (``None``: no such place)."""
    sector, action = next(
        ((s, a) for s in report.sectors for a in s.actions
         if flat(a.name) == flat(figure.action)),
        (None, None),
    )
    if action is None:
        return None
    if figure.where == "":
        lines = {line.label: line.value for line in action.figures}
        return lines.get(figure.label)
    if figure.where == "sector":
        return next((line.value for line in sector.figures
                     if line.label.startswith(figure.label)), None)
    if figure.where.startswith("table:"):
        title = figure.where.removeprefix("table:")
        table = next((t for t in action.tables if flat(t.title).startswith(flat(title))), None)
        if table is None:
            return None
        if not figure.row:
            return table.title
        column = table.header.index(figure.column) if figure.column in table.header else None
        row = next((r for r in table.rows if r[0] == figure.row), None)
        return None if row is None or column is None else row[column]
    atelier = next((a for a in action.activities if flat(a.name) == flat(figure.where)), None)
    if atelier is None:
        return None
    if figure.label == "Quand":
        return f"{atelier.when} ({atelier.place})"
    if figure.label == "Séances":
        return atelier.sessions
    return atelier.line(figure.label) or None


def found(report, figure: SeedFigure) -> bool:
    value = computed(report, figure)
    return value is not None and re.search(figure.expected, flat(value)) is not None


def test_every_computed_figure_of_the_real_report_is_at_its_action(report):
    wrong = [
        (f.action, f.where, f.label, f.quote, computed(report, f))
        for f in FIGURES if not f.missing and not found(report, f)
    ]
    assert wrong == []


def test_nine_in_ten_figures_are_computed(report):
    computed_count = sum(1 for f in FIGURES if not f.missing and found(report, f))
    assert len(FIGURES) >= 120
    assert computed_count / len(FIGURES) >= 0.9, (computed_count, len(FIGURES))


def test_every_missing_figure_says_why_and_is_indeed_not_computed(report):
    """A figure listed as missing is not found either: when Tisserand comes to compute it,
    the list must be updated (and the count above goes up)."""
    for figure in FIGURES:
        if figure.missing:
            assert len(figure.missing) > 20, figure.quote
            assert not found(report, figure), figure.quote


def test_print_the_list(report, capsys):
    """The list with what Tisserand computes (visible with ``pytest -s``)."""
    with capsys.disabled():
        total, ok = len(FIGURES), 0
        for figure in FIGURES:
            state = "manque" if figure.missing else ("ok" if found(report, figure) else "FAUX")
            ok += state == "ok"
            value = computed(report, figure)
            print(f"[{state}] {figure.action[:30]} | {figure.where[:30]} | {figure.quote[:60]}"
                  f" -> {flat(value)[:80] if value else '—'}")
        print(f"{ok} chiffres calculés sur {total} ({100 * ok // total} %)")
    assert total
