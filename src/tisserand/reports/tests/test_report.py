import datetime as dt
import io
import re
import subprocess

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from tisserand.activities.models import (
    Action,
    Attendance,
    Headcount,
    Session,
    SessionContributor,
    WeeklySlot,
)
from tisserand.activities.services import session_cancel
from tisserand.core.figures import Table
from tisserand.core.models import CancellationReason, Contributor, Orientation, SocialProject
from tisserand.core.periods import calendar_year, season
from tisserand.reports.builder import build_report
from tisserand.reports.exporters import EXPORTERS
from tisserand.reports.models import EvaluationQuestion
from tisserand.reports.services import answer_save, centre_section_save, sheet_open
from tisserand.testing.desk_figure_data import (
    desk_world,
    followup_world,
    grow_desks,
    grow_followup,
)
from tisserand.testing.factories import (
    ActionFactory,
    ActivityFactory,
    ContributorFactory,
    HouseholdFactory,
    PersonFactory,
    SessionFactory,
)
from tisserand.testing.system import require_libreoffice, require_pdf

pytestmark = pytest.mark.django_db
YEAR_2020 = calendar_year(2020)


@pytest.fixture
def report_world(world):
    """The indicators' world, with a weekly slot, an evaluation sheet and a centre section."""
    project = SocialProject.objects.create(
        title="Projet social 2018-2021", start_date=dt.date(2018, 1, 1),
        end_date=dt.date(2021, 12, 31),
    )
    world["action"].orientations.add(
        Orientation.objects.create(
            social_project=project, title="Être au côté des parents dans l'éducation"
        )
    )
    WeeklySlot.objects.create(
        activity=world["x"], weekday=0, start_time=dt.time(16, 15), end_time=dt.time(18, 30)
    )
    sheet = sheet_open(action=world["action"], year=2020)
    highlights = EvaluationQuestion.objects.get(grid=sheet.grid, position=13)
    answer_save(
        sheet=sheet, question=highlights,
        text="Des familles nouvelles :\n\n- un atelier <script>alert(1)</script> ;\n- la fête.",
    )
    centre_section_save(year=2020, title="Vie associative", text="Le CA s'est réuni 6 fois.")
    return world


def test_slots_edited_later_do_not_rewrite_a_past_report(report_world):
    """GIVEN the 2020 report saying when atelier X met (its Monday slot, which its sessions
    followed) WHEN the coordination moves the slot to Thursday morning for the new season
    THEN the 2020 report still says Monday, now read from 2020's sessions."""
    def when() -> str:
        [sector] = [s for s in build_report(YEAR_2020).sectors if s.actions]
        return sector.actions[0].activities[0].when

    assert when() == "lundi de 16\u00a0h\u00a015 à 18\u00a0h\u00a030"
    WeeklySlot.objects.filter(activity=report_world["x"]).update(
        weekday=3, start_time=dt.time(9, 30), end_time=dt.time(11)
    )
    moved = when()
    assert "lundi" in moved and "16\u00a0h\u00a015" in moved
    assert "jeudi" not in moved and "9\u00a0h\u00a030" not in moved


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def action_section(text: str, start: str, end: str | None) -> str:
    section = text[text.index(start):]
    return section[: section.index(end)] if end else section


def test_report_structure_and_comparisons(report_world):
    report = build_report(YEAR_2020)
    [sector] = [s for s in report.sectors if s.actions]
    [action] = sector.actions
    figures = {line.label: line.value for line in action.figures}
    assert figures["Séances réalisées"] == "3 (1 en 2019), dont 1 hors les murs"
    assert figures["Séances annulées"] == "1 (confinement\u00a0: 1)"  # French typography
    assert figures["Personnes différentes"] == "5 (1 en 2019)"
    assert figures["Mères et pères"] == "1 mère et 1 père"
    assert [a.name for a in action.activities] == ["X", "Y"]
    assert action.activities[0].when == "lundi de 16\u00a0h\u00a015 à 18\u00a0h\u00a030"
    titles = [a.title for a in action.answers]
    assert titles[0].startswith("À quelle orientation")
    assert action.answers[0].blocks[0].lines == ["Être au côté des parents dans l'éducation."]
    assert any("faits marquants" in t for t in titles)
    assert [s.title for s in report.centre_sections] == ["Vie associative"]


def test_html_export_escapes_answers(report_world):
    filename, mimetype, content = EXPORTERS["html"].export(build_report(YEAR_2020))
    html = content.decode()
    assert filename == "rapport-activites-2020.html"
    assert mimetype.startswith("text/html")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert "3 (1 en 2019), dont 1 hors les murs" in html
    assert html.count("data:image/svg+xml;base64,") >= 3


def test_docx_export_has_headings_toc_tables_and_charts(report_world):
    _name, _type, content = EXPORTERS["docx"].export(build_report(YEAR_2020))
    document = Document(io.BytesIO(content))
    headings = [(p.style.name, p.text) for p in document.paragraphs
                if p.style.name.startswith("Heading")]
    assert ("Heading 1", "Secteur : Adultes et familles") in headings
    assert ("Heading 2", "Parents/Enfants") in headings
    assert any(style == "Heading 3" and "faits marquants" in text for style, text in headings)
    xml = document.element.xml
    bookmarks = set(re.findall(r'w:bookmarkStart w:id="\d+" w:name="([^"]+)"', xml))
    page_refs = re.findall(r"PAGEREF (\S+) \\h", xml)
    assert len(page_refs) >= 4 and set(page_refs) <= bookmarks  # each entry finds its heading
    assert 'w:updateFields w:val="true"' in document.settings.element.xml
    assert len(document.inline_shapes) >= 3
    descriptions = re.findall(r'<wp:docPr [^>]*descr="([^"]*)"', xml)
    assert len(descriptions) == len(document.inline_shapes)
    assert all(description.strip() for description in descriptions)  # alt text for readers
    for table in document.tables:  # no row cut by a page break, headers repeated
        rows = table._tbl.tr_lst
        assert all(row.trPr is not None and row.trPr.find(qn("w:cantSplit")) is not None
                   for row in rows)
        first_is_header = rows[0].trPr.find(qn("w:tblHeader")) is not None
        assert first_is_header or len(table.columns) == 2  # only label/value lists lack one
    assert sum(t._tbl.tr_lst[0].trPr.find(qn("w:tblHeader")) is not None
               for t in document.tables) >= 2
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert "la fête." in bullets
    text = docx_text(content)
    section = action_section(text, "Parents/Enfants en chiffres", None)
    assert "3 (1 en 2019), dont 1 hors les murs" in section


def test_pdf_export_has_the_figures(report_world):
    require_pdf()
    _name, mimetype, content = EXPORTERS["pdf"].export(build_report(YEAR_2020))
    assert mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) >= 4  # cover, contents, centre, sector
    assert "Rapport d'activités 2020" in text
    assert re.search(r"3 \(1 en 2019\), dont 1 hors les murs", text)


def test_changing_the_data_changes_the_report(report_world):
    before = {line.label: line.value for line in next(build_report(YEAR_2020).actions()).figures}
    Attendance.objects.filter(session__date=dt.date(2020, 9, 14)).first().delete()
    session_cancel(
        session=Session.objects.get(date=dt.date(2020, 4, 6)),
        reason=CancellationReason.objects.get(label="Confinement"),
    )
    after = {line.label: line.value for line in next(build_report(YEAR_2020).actions()).figures}
    assert before["Séances annulées"] == "1 (confinement\u00a0: 1)"
    assert after["Séances annulées"] == "2 (confinement\u00a0: 2)"
    assert before["Présences"] == "19 (1 en 2019), dont 10 comptées sans nom"
    assert after["Présences"] == "18 (1 en 2019), dont 10 comptées sans nom"


def _count_report_queries():
    with CaptureQueriesContext(connection) as context:
        build_report(YEAR_2020, with_charts=False)
    return len(context)


def _action_with_history(kind: str, report_period: str, persons: int) -> None:
    """An action whose atelier has no weekly slot, held in two runs a year from 2017 to
    2020 (rhythm, trends, a season), with a volunteer and a facilitator at each session."""
    action = ActionFactory(kind=kind, report_period=report_period)
    activity = ActivityFactory(action=action)
    volunteer = ContributorFactory(kind=Contributor.Kind.VOLUNTEER)
    facilitator = ContributorFactory(kind=Contributor.Kind.FACILITATOR)
    people = PersonFactory.create_batch(persons, household=HouseholdFactory())
    for year in range(2017, 2021):
        for month in (2, 3, 10):
            session = SessionFactory(activity=activity, date=dt.date(year, month, 4),
                                     status=Session.Status.HELD)
            SessionContributor.objects.bulk_create(
                SessionContributor(session=session, contributor=c)
                for c in (volunteer, facilitator)
            )
            Attendance.objects.bulk_create(Attendance(session=session, person=p) for p in people)
            Headcount.objects.create(session=session, category=Headcount.Category.ADULTS,
                                     count=persons)
    sheet_open(action=action, year=2020)


def test_report_query_count_does_not_grow_with_the_data(report_world):
    """GIVEN ateliers (with and without slots, by year and by season, over four years),
    desks and follow-up files WHEN they get ten times more actions, attendances,
    appointments, files and contacts THEN the report takes the same number of queries."""
    desks, followup = desk_world(), followup_world()
    kinds = [(Action.Kind.EVENT, Action.ReportPeriod.YEAR),
             (Action.Kind.ADULTS, Action.ReportPeriod.SEASON)]
    for kind, report_period in kinds:
        _action_with_history(kind, report_period, persons=2)
    small = _count_report_queries()
    actions_before = len(list(build_report(YEAR_2020, with_charts=False).actions()))
    for kind, report_period in kinds * 5:
        _action_with_history(kind, report_period, persons=6)
    sessions = list(Session.objects.filter(status=Session.Status.HELD))
    for _ in range(15):
        household = HouseholdFactory()
        for person in PersonFactory.create_batch(3, household=household):
            Attendance.objects.bulk_create(Attendance(session=s, person=person) for s in sessions)
    grow_desks(desks, 10)
    grow_followup(followup, 10)
    assert _count_report_queries() == small
    told = {a.name: a for a in build_report(YEAR_2020, with_charts=False).actions()}
    assert len(told) == actions_before + 10  # all the new actions are in the report
    season_action = Action.objects.filter(report_period=Action.ReportPeriod.SEASON).last()
    assert told[season_action.name].period == season(2019)


def test_report_command_writes_each_format(report_world, tmp_path):
    require_pdf()
    for fmt in ("html", "docx", "pdf"):
        output = tmp_path / f"r.{fmt}"
        call_command("report", "--year", "2020", "--format", fmt, "--output", str(output))
        assert output.stat().st_size > 1000
    call_command("report", "--season", "2019-2020", "--output", str(tmp_path / "s.html"))
    assert "2019-2020" in (tmp_path / "s.html").read_text()
    call_command("report", "--from", "2020-01-01", "--to", "2020-03-31",
                 "--output", str(tmp_path / "q.html"))
    assert "31 mars 2020" in (tmp_path / "q.html").read_text()


@pytest.mark.parametrize(
    "args",
    [[], ["--year", "2020", "--season", "2019-2020"], ["--season", "2019-2021"],
     ["--from", "2020-05-01", "--to", "2020-01-01"], ["--from", "2020-13-01", "--to", "x"]],
)
def test_report_command_refuses_bad_periods(args):
    with pytest.raises(CommandError):
        call_command("report", *args)


def test_libreoffice_opens_the_docx(report_world, tmp_path):
    """GIVEN the DOCX export WHEN LibreOffice converts it to PDF THEN the figures are there."""
    soffice = require_libreoffice()
    _name, _type, content = EXPORTERS["docx"].export(build_report(YEAR_2020))
    source = tmp_path / "rapport.docx"
    source.write_bytes(content)
    result = subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        capture_output=True, timeout=180, check=False,
    )
    converted = tmp_path / "rapport.pdf"
    assert converted.exists(), result.stderr.decode(errors="replace")
    text = "\n".join(page.extract_text() for page in PdfReader(converted).pages)
    assert "Secteur : Adultes et familles" in text
    assert "3 (1 en 2019), dont 1 hors les murs" in text
    # The contents got their page numbers from LibreOffice's own layout.
    assert re.search(r"Secteur : Adultes et familles\s*\.{3,}\s*\d+", text), text[:800]


def test_pdf_tables_keep_rows_whole_and_repeat_their_header(db):
    """GIVEN a table longer than a page, whose rows wrap over several lines WHEN the PDF is
    laid out THEN no row is cut by a page break and each page shows the header again."""
    require_pdf()
    filler = " ".join(["figure"] * 40)
    rows = [[f"debut{n:02d} {filler} fin{n:02d}", f"valeur{n:02d}"] for n in range(60)]
    report = build_report(YEAR_2020, with_charts=False)
    report.summary_tables = [Table("Tableau long", ["Colonne Libellé", "Colonne Nombre"], rows)]
    _name, _type, content = EXPORTERS["pdf"].export(report)
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]
    holding = [n for n, text in enumerate(pages) if "debut00" in text or "fin59" in text]
    assert holding[-1] > holding[0]  # the table does run over several pages
    for n in range(60):
        page = next(text for text in pages if f"debut{n:02d}" in text)
        assert f"fin{n:02d}" in page and f"valeur{n:02d}" in page, f"row {n} is cut"
    for text in pages[holding[0]:holding[-1] + 1]:
        assert "Colonne Libellé" in text
