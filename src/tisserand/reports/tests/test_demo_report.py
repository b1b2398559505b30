"""Acceptance: the 2020 report of the demo centre carries the real report's figures.

The demo (``tisserand loaddemo``) reproduces the centre of the 2020 report: its data give
back the report's figures (see demo/tests/test_figures.py). Here the report is generated
from those data, exported as DOCX and PDF, and each figure is looked for in the text of the
documents *at its action*: from the action's heading to the next action's heading.

The demo, the reports and the exports are built once for the module (the PDF takes
seconds); tests that change data run in a transaction that is rolled back.
"""

import html
import io
import re

import pytest
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from tisserand.activities.figures.indicators import indicators_for
from tisserand.activities.figures.scope import Scope
from tisserand.activities.models import Attendance, Session
from tisserand.activities.services import attendance_unmark, session_cancel
from tisserand.core.models import CancellationReason
from tisserand.core.periods import calendar_year, season
from tisserand.reports.builder import build_report
from tisserand.reports.exporters import EXPORTERS
from tisserand.testing.demo import demo_centre  # noqa: F401  (module-scoped fixture)
from tisserand.testing.system import require_pdf

# Every test is marked, so that pytest-django sets up the test database even when only
# tests using the module fixtures are selected (-k): the demo must never go to the real base.
pytestmark = pytest.mark.django_db
YEAR_2020 = calendar_year(2020)
CLAS = "Action CLAS (Contrat Local d'Accompagnement à la Scolarité)"
PARENTS = "Ateliers Parents/Enfants"
ISOLATION = "Lutte contre l'isolement : repérage, accompagnement individuel et projets collectifs"
CAULIER = "Le Projet Caulier : « J'habite Caulier, ras-le-bol des préjugés »"
WRITERS = "Permanence Ecrivains publics"
RIGHTS = "Accompagnement aux démarches administratives, information/sensibilisation aux droits"

# (a) Figures the report computes from the data, as the real report gives them.
# Ateliers table rows: (atelier, sessions held, persons, attendances); None: any value.
ATELIER_ROWS = {
    PARENTS: [
        ("Expression corporelle", (14, 2), 66, None),
        ("Atelier cirque", (5, 3), 57, None),
        ("Éveil aux livres", (11, 2), 27 + 41, None),
        ("Expression musicale", (10, 3), 25 + 19, None),
        ("Après-midi récréatifs", (8, 0), None, 80),
    ],
    "Projet Santé": [
        ("Atelier cuisine", (8, 0), 6 + 1, None),
        ("Gymnastique douce", (10, 0), 6, None),
        ("Sophrologie", (4, 0), 10, None),
        ("Sport pour elles", (12, 0), 27, None),
    ],
    "Atelier de français": [("Atelier de français", (12, 0), None, None)],
    "Boîtes à chaussures – Noël": [("Boîtes à chaussures de Noël", (3, 0), None, None)],
    "Code de la route": [("Code de la route", None, 8, None)],
    "Projet intergénérationnel": [("Correspondance avec les résidents", None, 6, None)],
}
ATELIERS_HEADER = "Ateliers Atelier Quand et où Séances Public"
# Lines of the "<action> en chiffres" table (regular expressions on normalised text).
FIGURE_LINES = {
    CLAS: [r"Bénévoles 5 bénévoles \("],
    # New in 2020: no "(0 en 2019)", the action says it is new.
    "Manger, Bouger": [r"Nouvelle action en 2020", r"Personnes différentes 24 Filles"],
    "Code de la route": [r"Personnes différentes 8 Filles"],
    "Projet intergénérationnel": [r"Personnes différentes 6 Filles"],
    CAULIER: [r"Personnes différentes 30 \("],
    ISOLATION: [r"Participants réguliers 7(?!\d)"],
    "Atelier de français": [
        r"Séances réalisées 12 \(", r"Personnes différentes \d+ \(15 en 2019\)",
    ],
    # The desk: the report's figures, the six cancellations that make them consistent.
    WRITERS: [
        r"Permanences tenues 26 \(36 en 2019\)", r"Rendez-vous pris 78 \(79 en 2019\)",
        r"Absences aux rendez-vous 22 \(28 en 2019\)", r"Annulations 6 \(0 en 2019\)",
        r"Sans rendez-vous 2 \(16 en 2019\)", r"Nombre d'entretiens 52 \(67 en 2019\)",
        r"Premières venues \d+ \(", r"Personnes reçues \d+ \(",
        r"Demandes traitées en entretien, par famille",
    ],
}
# The follow-up of the two actions that keep files: lines and tables at their action.
FOLLOW_UP_LINES = [
    r"Personnes accompagnées \d+ \(\d+ en 2019\)", r"Foyers accompagnés \d+ \(",
    r"Habitants d'un QPV \(accompagnement individuel\) \d+ sur \d+",
    r"dont par téléphone \d+ \(", r"Contacts par mois et par mode",
    r"Foyers accompagnés, par composition",
]
# The CLAS tables: children by school and by class, per school year.
SPRING = "Du 1er janvier 2020 au 31 août 2020 : 24 enfants scolarisés"
AUTUMN = "Du 1er septembre 2020 au 31 décembre 2020 : 24 enfants scolarisés"
CLAS_TABLES = {
    (SPRING + ", par école", SPRING + ", par classe"): {
        "École Dondaines-Dupleix": 5, "École Cornette": 5, "École Roland": 2,
        "École Brunschvicg": 12},
    (SPRING + ", par classe", AUTUMN): {"CM2": 5, "CM1": 6, "CE2": 2, "CE1": 3, "CP": 8},
    (AUTUMN + ", par école", AUTUMN + ", par classe"): {
        "École Dondaines-Dupleix": 6, "École Cornette": 1, "École Roland": 4,
        "École Brunschvicg": 13},
    (AUTUMN + ", par classe", "Ateliers"): {"CM2": 4, "CM1": 2, "CE2": 3, "CE1": 11, "CP": 4},
}
# (b) The report's own texts, loaded by the demo as 2020 evaluation answers.
REPORT_TEXTS = {
    PARENTS: "66 personnes, soit 19 familles différentes. Présence régulière de 5 papas.",
    CLAS: "5 enfants de l'école Dupleix, 5 de l'école Cornette, 2 de l'école Roland",
    "Projet Santé": "10 personnes, dont 6 avec une fréquence régulière",
    "Manger, Bouger": "24 jeunes, âgés de 11 à 15 ans",
    "Boîtes à chaussures – Noël": "Les 10 boîtes réalisées",
    "Code de la route": "Un groupe de 8 jeunes",
    "Projet intergénérationnel": "Un groupe de 6 jeunes",
    ISOLATION: "noyau d'habitués d'environ 7 personnes",
    "Ateliers Danse": "111 participants (hors ACM)",
    "Atelier de français": "12 séances qui ont été tenues en 2020",
}


def flat(text: str) -> str:
    """One space for any run of whitespace (PDF line breaks, U+00A0, U+202F), straight
    apostrophes: the text as a reader sees it."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", text.replace("\u2019", "'")).strip()


def docx_text(content: bytes) -> str:
    """Every paragraph in document order, table cells included, one per line."""
    body = Document(io.BytesIO(content)).element.body
    return "\n".join(
        "".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))
    )


def pdf_text(content: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return text.replace("/\n", "/")  # a line may break after "information/"


class ByFlatName(dict):
    """Sections found by the action's name as typed or as the report sets it (with its
    non-breaking spaces)."""

    def __getitem__(self, name):
        return super().__getitem__(flat(name))


def action_sections(text: str, names: list[str]) -> dict[str, str]:
    """Slice the (flat) text of the report from each action's heading to the next one's.

    The body starts after the table of contents, at "Le centre en chiffres"; each heading
    is the last mention of the action's name before its table "<name> en chiffres"."""
    cursor = text.index("Le centre en chiffres")
    starts = []
    for name in map(flat, names):
        caption = text.index(f"{name} en chiffres", cursor)
        starts.append(text.rindex(name, cursor, caption))
        cursor = caption + len(name)
    ends = starts[1:] + [len(text)]
    return ByFlatName({
        flat(name): text[start:end] for name, start, end in zip(names, starts, ends, strict=True)
    })


def between(text: str, start: str, end: str) -> str:
    i = text.index(start) + len(start)
    j = text.find(end, i)
    return text[i:] if j < 0 else text[i:j]


def row_pattern(atelier, sessions, persons, attendances) -> str:
    """A row of the ateliers table: name, when and where, "14 séances d'1 h, dont 2 hors les
    murs..." (held, outside), then the public in words ("515 présences ; 66 personnes")."""
    held, outside = sessions if sessions else (r"\d+", None)
    sessions = rf"{held} séances?\b"
    if outside:
        sessions += rf"[^;]{{0,60}}?, dont {outside} hors les murs"
    passages = str(attendances) if attendances is not None else r"\d+"
    persons = str(persons) if persons is not None else r"\d+"
    return (rf"{re.escape(atelier)} (?:.{{0,200}}? )?{sessions}.{{0,200}}? "
            rf"{passages} présences ; {persons} personnes(?!\d)")


# --- module fixtures: the demo, its reports and their exports, each built once ------------


@pytest.fixture(scope="module")
def report_2020(demo_centre, django_db_blocker):  # noqa: F811
    with django_db_blocker.unblock():
        return build_report(YEAR_2020)


@pytest.fixture(scope="module")
def docx_2020(report_2020):
    return EXPORTERS["docx"].export(report_2020)[2]


@pytest.fixture(scope="module")
def pdf_2020(report_2020):
    require_pdf()
    return EXPORTERS["pdf"].export(report_2020)[2]


@pytest.fixture(scope="module")
def sections(report_2020, docx_2020):
    names = [action.name for action in report_2020.actions()]
    return {"docx": action_sections(flat(docx_text(docx_2020)), names)}


@pytest.fixture(scope="module", params=["docx", "pdf"])
def document_sections(request, report_2020, sections):
    """The actions' slices of the DOCX, then of the PDF (extracted once)."""
    if request.param not in sections:
        pdf = request.getfixturevalue("pdf_2020")
        names = [action.name for action in report_2020.actions()]
        sections["pdf"] = action_sections(flat(pdf_text(pdf)), names)
    return sections[request.param]


# --- 1. the report's figures, at the right action, in the DOCX and the PDF -------------------


def test_every_reproduced_action_is_in_the_report(report_2020):
    names = {flat(action.name) for action in report_2020.actions()}
    expected = {flat(name) for name in set(ATELIER_ROWS) | set(FIGURE_LINES) | set(REPORT_TEXTS)}
    assert expected <= names


def test_ateliers_figures_are_at_their_action(document_sections):
    for action, rows in ATELIER_ROWS.items():
        section = document_sections[action]
        table = section[section.index(ATELIERS_HEADER):]
        for row in rows:
            assert re.search(row_pattern(*row), table), (action, row)
    # At the right action only: the French atelier's row is not in the CLAS section.
    assert not re.search(row_pattern("Expression corporelle", None, 66, None),
                         document_sections[CLAS])


def test_figure_lines_are_at_their_action(document_sections):
    for action, patterns in FIGURE_LINES.items():
        section = document_sections[action]
        for pattern in patterns:
            assert re.search(pattern, section), (action, pattern)


def test_follow_up_figures_are_at_their_actions(document_sections):
    for action in (ISOLATION, RIGHTS):
        section = document_sections[action]
        section = section[section.index(f"{flat(action)} en chiffres"):]
        for pattern in FOLLOW_UP_LINES:
            assert re.search(pattern, section), (action, pattern)
    assert "Personnes accompagnées" not in document_sections[WRITERS]


def test_phone_contacts_dominate_the_first_lockdown(report_2020):
    """The mediator's phone follow-up during the first lockdown shows in April 2020."""
    [isolation] = [a for a in report_2020.actions() if flat(a.name) == flat(ISOLATION)]
    table = {t.title: t for t in isolation.tables}["Contacts par mois et par mode"]
    phone = table.header.index("Par téléphone")
    april = next(row for row in table.rows if row[0] == "avril 2020")
    assert int(april[phone]) * 2 > int(april[-1])  # most of April's contacts


def test_clas_children_by_school_and_class(document_sections):
    clas = document_sections[CLAS]
    for (start, end), counts in CLAS_TABLES.items():
        table = between(clas, start, end)
        for label, count in counts.items():
            assert re.search(rf"{re.escape(label)} {count}(?!\d)", table), (start, label)


def test_report_texts_are_at_their_action(document_sections):
    for action, phrase in REPORT_TEXTS.items():
        assert phrase in document_sections[action], action
        others = [text for name, text in document_sections.items() if name != flat(action)]
        assert not any(phrase in text for text in others), action


def test_dance_season_2019_2020_has_111_participants_against_83(demo_centre):  # noqa: F811
    """The dance figures are told by season: 111 participants in 2019-2020 (83 before)."""
    report = build_report(season(2019), with_charts=False)
    dance = next(action for action in report.actions() if action.name == "Ateliers Danse")
    figures = {line.label: flat(line.value) for line in dance.figures}
    assert figures["Personnes différentes"] == "111 (83 en 2018-2019)"
    text = flat(docx_text(EXPORTERS["docx"].export(report)[2]))
    section = action_sections(text, [a.name for a in report.actions()])["Ateliers Danse"]
    assert "Personnes différentes 111 (83 en 2018-2019)" in section
    assert "111 participants (hors ACM)" in section


# --- 2. changing the data changes the report ---------------------------------------------


def _parents_block():
    report = build_report(YEAR_2020, with_charts=False)
    block = next(action for action in report.actions() if action.name == PARENTS)
    atelier = next(a for a in block.activities if a.name == "Expression corporelle")
    return {line.label: flat(line.value) for line in block.figures}, atelier


def test_removing_an_attendance_and_cancelling_a_session_move_the_figures(
    demo_centre,  # noqa: F811
):
    """GIVEN an expression corporelle session held in the centre in 2020
    WHEN one attendance is removed, THEN the attendances drop by one;
    WHEN the session loses its attendances and is cancelled (lockdown), THEN the atelier
    has one session less and the action one more cancelled for lockdown.
    (The test's transaction is rolled back: the module's demo stays as built.)"""
    figures, atelier = _parents_block()
    assert atelier.sessions.startswith("14 séances d’1\u00a0h sur 21 prévues, dont 2 hors les")
    assert atelier.line("Personnes différentes") == "66 personnes"
    session = Session.objects.filter(
        activity__name="Expression corporelle", date__year=2020, status=Session.Status.HELD,
        place__is_outreach=False,
    ).order_by("date").first()
    first = Attendance.objects.filter(session=session).select_related("person").first()
    attendance_unmark(session=session, person=first.person)

    after_one, atelier_one = _parents_block()
    assert flat(atelier.line("Présences")) == "515 présences"
    assert flat(atelier_one.line("Présences")) == "514 présences"
    assert figures["Présences"].startswith("1 121 (")
    assert after_one["Présences"].startswith("1 120 (")

    for attendance in session.attendances.select_related("person"):
        attendance_unmark(session=session, person=attendance.person)
    session_cancel(session=session, reason=CancellationReason.objects.get(label="Confinement"))
    after, atelier_after = _parents_block()
    assert atelier_after.sessions.startswith("13 séances d’1\u00a0h sur 21 prévues, dont 2 hors")
    assert figures["Séances annulées"].startswith("23 (confinement : 12,")
    assert after["Séances annulées"].startswith("24 (confinement : 13,")
    assert after["Séances réalisées"].startswith("47 (")


# --- 3. the lockdown shows in the charts -------------------------------------------------


def _month(description: str, month: str) -> int:
    return int(re.search(rf"{month} 2020\s*:\s*(\d+)", description).group(1))


def test_lockdown_april_far_below_february(report_2020):
    by_month = dict(indicators_for(Scope(), YEAR_2020).by_month)
    february, april = (by_month[m] for m in sorted(by_month) if m.month in (2, 4))
    assert february > 500 and april * 10 < february
    centre_chart = report_2020.charts[0]
    assert _month(centre_chart.description, "février") == february
    assert _month(centre_chart.description, "avril") == april
    sector_charts = [sector.chart for sector in report_2020.sectors if sector.chart]
    assert len(sector_charts) == 4
    for chart in sector_charts:
        assert _month(chart.description, "avril") * 10 < _month(chart.description, "février")


def test_docx_holds_the_chart_images(report_2020, docx_2020):
    document = Document(io.BytesIO(docx_2020))
    charts = report_2020.charts + [s.chart for s in report_2020.sectors if s.chart]
    assert len(document.inline_shapes) == len(charts) == 6
    images = {
        part.blob for part in document.part.package.parts if part.content_type == "image/png"
    }
    assert all(chart.png in images for chart in charts)


# --- 4. the HTML export keeps the report's order ----------------------------------------


def test_html_has_sectors_and_actions_in_the_reports_order(report_2020):
    content = EXPORTERS["html"].export(report_2020)[2].decode()
    sectors = re.findall(r"<h2>Secteur : (.*?)</h2>", content)
    assert sectors == ["Animation globale", "Enfance et petite enfance", "Jeunesse",
                       "Adultes et familles"]
    headings = [html.unescape(h) for h in re.findall(
        r'<article id="action-\d+" class="report-action">\s*<h3>(.*?)</h3>', content)]
    assert headings == [action.name for action in report_2020.actions()]
    headings = [flat(heading) for heading in headings]
    # The real report's order: Projet Santé and the Fabrique, transversal, are told in their
    # main sector, Adultes et familles, where the real report has them.
    expected = [
        "Animation globale et vie du quartier",
        "Projet d'animations",
        "Manger, Bouger", "Boîtes à chaussures – Noël",
        "Actions solidaires à destination des personnes dans le besoin", "Code de la route",
        "Projet intergénérationnel",
        CLAS, PARENTS, "Projet Santé", ISOLATION,
        "Accompagnement aux démarches administratives, information/sensibilisation aux droits",
        "La Fabrique des petits possibles et la Semaine de la Solidarité",
        CAULIER, "Ateliers Danse", "Atelier de français", WRITERS,
    ]
    assert headings == expected
    positions = [content.index(f'<h2>Secteur : {name}</h2>') for name in sectors]
    assert positions == sorted(positions)
