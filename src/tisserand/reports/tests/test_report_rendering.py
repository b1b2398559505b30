"""The pieces that make the PDF fast (issue 3, section 5): SVG charts drawn here, PNG only
for the DOCX, fixed table widths computed from the texts, the collector paused during the
layout, and a PDF that keeps its contents with page numbers, its charts and its footer."""

import datetime as dt
import gc
import io
import re
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import pytest
from PIL import Image
from pypdf import PdfReader

from tisserand.core.periods import calendar_year
from tisserand.reports import charts
from tisserand.reports.builder import build_report
from tisserand.reports.exporters import EXPORTERS, cyclic_gc_paused, size_table_columns
from tisserand.testing.system import require_pdf

MONTHS_2020 = [(dt.date(2020, month, 1), 10 * month) for month in range(1, 13)]


def test_month_chart_is_an_svg_with_one_bar_per_month_and_no_png_yet():
    """GIVEN twelve months WHEN the chart is built and shown as SVG THEN it has twelve bars
    and the month labels, and matplotlib has not been asked for a PNG."""
    chart = charts.attendance_by_month("Présences par mois", MONTHS_2020)
    svg = chart.svg
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count(f'fill="{charts.BAR_COLOUR}"') == 12
    assert ">janv.</text>" in svg and ">déc.</text>" in svg
    assert chart.data_uri.startswith("data:image/svg+xml;base64,")
    assert "png" not in chart.__dict__  # drawn only when the DOCX asks for it


def test_chart_png_for_the_docx_is_an_opaque_picture():
    """GIVEN a chart WHEN the DOCX reads its PNG THEN it is an RGB picture (no alpha channel
    to split), drawn once."""
    chart = charts.attendance_by_month("Présences par mois", MONTHS_2020)
    image = Image.open(io.BytesIO(chart.png))
    assert image.format == "PNG" and image.mode == "RGB"
    assert chart.png is chart.png


def test_pyramid_escapes_its_labels_and_shows_both_sexes():
    """GIVEN age bands whose label holds markup WHEN drawn as SVG THEN the label is escaped
    and each band has a bar on each side."""
    bands = [SimpleNamespace(label="<60 & plus>", female=5, male=3),
             SimpleNamespace(label="0-3 ans", female=0, male=2)]
    svg = charts.age_pyramid("Public", bands).svg
    assert "&lt;60 &amp; plus&gt;" in svg and "<60 &" not in svg
    assert svg.count(f'fill="{charts.FEMALE_COLOUR}"') == 2 + 1  # two bars, one legend key
    ET.fromstring(svg)  # well-formed


@pytest.mark.parametrize(("largest", "ticks", "step"), [
    (0, 6, 1), (7, 6, 2), (45, 6, 10), (1210, 6, 250), (170, 4, 50), (6176, 6, 2000),
])
def test_axis_steps_are_round(largest, ticks, step):
    """GIVEN the largest value WHEN the axis is graduated THEN the step is round and the
    axis has at most the asked number of intervals."""
    assert charts._nice_step(largest, ticks) == step
    assert -(-max(largest, 1) // step) <= ticks


def _table(header, *rows, css_class="report-table"):
    cells = "".join(f"<th>{cell}</th>" for cell in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return (f'<table class="{css_class}"><thead><tr>{cells}</tr></thead>'
            f"<tbody>{body}</tbody></table>")


def _widths(table):
    return [float(re.search(r"width: ([\d.]+)%", th.get("style")).group(1))
            for th in table.iter("th")]


def test_table_columns_get_fixed_widths_from_their_texts():
    """GIVEN a data table with a long text column WHEN sized for the PDF THEN its layout is
    fixed, the widths fill the table, the long column is the widest and no column is
    narrower than its longest word."""
    root = ET.fromstring("<body>" + _table(
        ["Famille", "Entretiens", "Détail"],
        ["Courriers", "15", "Emploi : 1 ; Logement : 7 ; Impôts : 2 ; Abonnements : 2 ; "
                            "Assurances, indemnisations : 1 ; Consommation, factures : 2"],
        ["Démarches en ligne", "9", "Démarche en ligne : 9"],
    ) + "</body>")
    table = root.find("table")
    size_table_columns(root)
    widths = _widths(table)
    assert table.get("style") == "table-layout: fixed"
    assert sum(widths) == pytest.approx(100, abs=0.2)
    assert widths[2] == max(widths)
    assert widths[1] > 100 * len("Entretiens") / 96  # its header fits on one line


def test_table_sizing_leaves_other_tables_alone():
    """GIVEN a figure table and a table with a merged cell WHEN sized THEN neither changes
    (the CSS gives the figure tables their widths; spans need the automatic layout)."""
    figures = _table(["Séances", "3"], css_class="report-figures")
    spanned = ('<table class="report-table"><tr><th>Mois</th><th>Total</th></tr>'
               '<tr><td colspan="2">aucun</td></tr></table>')
    root = ET.fromstring(f"<body>{figures}{spanned}</body>")
    size_table_columns(root)
    assert all(element.get("style") is None for element in root.iter())


@pytest.mark.parametrize("enabled", [True, False])
def test_collector_is_paused_then_left_as_it_was(enabled):
    """GIVEN the collector on or off WHEN a PDF is laid out THEN it is off meanwhile and
    back to its former state after, even after an error."""
    (gc.enable if enabled else gc.disable)()
    try:
        with pytest.raises(RuntimeError), cyclic_gc_paused():
            assert not gc.isenabled()
            raise RuntimeError
        assert gc.isenabled() is enabled
    finally:
        gc.enable()


@pytest.mark.django_db
def test_pdf_has_contents_with_page_numbers_charts_and_footer(world):
    """GIVEN a year of activity WHEN the report is exported as PDF THEN the contents page
    lists each part with its page number, the charts are drawn (vector) and each page
    has its footer "n / total"."""
    require_pdf()
    report = build_report(calendar_year(2020))
    reader = PdfReader(io.BytesIO(EXPORTERS["pdf"].export(report)[2]))
    pages = [page.extract_text() for page in reader.pages]
    total = len(pages)
    contents = pages[1]
    assert "Sommaire" in contents

    def first_page(title):  # the page where a part starts, counted from 1
        return next(i for i, text in enumerate(pages[2:], start=3) if title in text)

    expected = [first_page("Le centre en chiffres")]
    for sector in report.sectors:
        expected.append(first_page(f"Secteur : {sector.name}"))
        expected += [first_page(f"{action.name} en chiffres") for action in sector.actions]
    # The page numbers stand alone on their lines (floated right of each entry).
    assert sorted(map(int, re.findall(r"^(\d+)$", contents, re.M))) == sorted(expected)
    centre_page = expected[0] - 1
    assert all(re.search(rf"\b{number} / {total}\b", text)
               for number, text in enumerate(pages, start=1))
    assert "Présences par mois – tout le centre" in pages[centre_page]  # caption
    assert "janv." in pages[centre_page] and "déc." in pages[centre_page]  # SVG text
