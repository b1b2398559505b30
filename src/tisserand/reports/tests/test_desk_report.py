"""The desks and the follow-up in the report: their lines and tables at their action,
compared with the previous year, in every format, and the drafts of their sheet questions.
The data are ``testing/desk_figure_data`` (every expected figure is worked out there)."""

import datetime as dt
import io

import pytest
from docx import Document

from tisserand.activities.models import WeeklySlot
from tisserand.core.periods import calendar_year
from tisserand.followup.models import FollowUpFile
from tisserand.reports.builder import build_report
from tisserand.reports.drafts import draft_answer, opening_draft, public_draft
from tisserand.reports.exporters import EXPORTERS
from tisserand.reports.models import EvaluationQuestion
from tisserand.reports.services import sheet_open
from tisserand.testing.desk_factories import DeskFactory, DeskSessionFactory, DeskSlotFactory
from tisserand.testing.desk_figure_data import desk_world, followup_world

pytestmark = pytest.mark.django_db
YEAR_2020 = calendar_year(2020)
NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.fixture
def desks():
    return desk_world()


@pytest.fixture
def followup():
    return followup_world()


def block(report, name):
    [found] = [action for action in report.actions() if action.name == name]
    return found


def test_an_action_with_a_desk_tells_its_figures_with_2019(desks):
    """GIVEN the writers' desk (no atelier) WHEN the 2020 report is built THEN its block
    has the desk's lines in the report's wording, and no line about ateliers' sessions."""
    writers = block(build_report(YEAR_2020, with_charts=False), "Permanence Ecrivains publics")
    lines = {line.label: line.value for line in writers.figures}
    assert lines["Permanences tenues"] == "2 (1 en 2019)"
    assert lines["Permanences fermées"] == f"2 (confinement{NBSP}: 2)"
    assert lines["Rendez-vous pris"] == "9 (1 en 2019)"
    assert lines["Absences aux rendez-vous"] == "1 (0 en 2019)"
    assert lines["Annulations"] == "2 (0 en 2019), dont 1 par la personne et 1 par le centre"
    assert lines["Sans rendez-vous"] == "1 (0 en 2019)"
    assert lines["Nombre d'entretiens"] == "6 (1 en 2019)"
    assert lines["Premières venues"] == "3 (1 en 2019)"
    assert lines["Personnes reçues"] == "4 (1 en 2019)"
    assert lines["Temps passé en entretien"] == "0\u00a0h\u00a050"  # bound: no line break
    assert "Séances réalisées" not in lines
    [kinds] = [t for t in writers.tables if t.title.startswith("Demandes")]
    assert kinds.header == ["Famille de demandes", "Entretiens", "Détail"]
    assert kinds.rows[0][:2] == ["Courriers", "2"]
    assert f"Logement{NBSP}: 2" in kinds.rows[0][2]
    assert kinds.rows[1] == ["Imprimés", "1", f"MDPH{NBSP}: 1"]


def test_cancellations_line_only_when_any(desks):
    """GIVEN the digital desk, with no cancellation in 2019 or 2020 WHEN the report is
    built THEN it has no "Annulations" line; its own figures only."""
    digital = block(build_report(YEAR_2020, with_charts=False), "Accompagnement numérique")
    lines = {line.label: line.value for line in digital.figures}
    assert "Annulations" not in lines
    assert lines["Nombre d'entretiens"] == "1 (1 en 2019)"
    assert lines["Premières venues"] == "1 (1 en 2019)"


def test_an_action_with_follow_up_tells_its_figures_and_tables(followup):
    """GIVEN the isolation action's files WHEN the 2020 report is built THEN persons,
    households, new files, QPV and contacts by mode, with tables by composition, age,
    month and theme."""
    isolation = block(build_report(YEAR_2020, with_charts=False), "Lutte contre l'isolement")
    lines = {line.label: line.value for line in isolation.figures}
    assert lines["Personnes accompagnées"] == "2 (2 en 2019)"
    assert lines["Foyers accompagnés"] == "1 (2 en 2019)"
    assert lines["Nouveaux accompagnements"] == "1 (2 en 2019)"
    assert lines["Habitants d'un QPV"] == "2 sur 2"
    assert lines["Contacts"] == "2 (2 en 2019)"
    assert lines["dont par téléphone"] == "2 (0 en 2019)"
    assert lines["dont au centre"] == "0 (1 en 2019)"  # a mode of 2019 only
    tables = {table.title: table for table in isolation.tables}
    assert tables["Foyers accompagnés, par composition"].rows == [
        ["Famille monoparentale", "1", "1"], ["Non renseigné", "0", "1"]]
    assert tables["Foyers accompagnés, par composition"].header == [
        "Composition", "2020", "2019"]
    ages = tables["Personnes accompagnées, par âge au début de la période"].rows
    assert ["26-59 ans", "1", "1"] in ages and ["15-17 ans", "1", "0"] in ages
    months = tables["Contacts par mois et par mode"]
    assert months.header == ["Mois", "Par téléphone", "Total"]
    assert ["avril 2020", "2", "2"] in months.rows
    assert tables["Thèmes abordés (nombre de contacts)"].rows[0] == ["Isolement", "2", "0"]
    rights = block(build_report(YEAR_2020, with_charts=False), "Accès aux droits")
    referrals = {t.title: t for t in rights.tables}["Orientations vers des partenaires"]
    assert referrals.rows[0] == ["CAF", "2", "1", "0", "1"]


def test_an_action_with_ateliers_keeps_its_lines_and_adds_the_desks(world, desks):
    """GIVEN a desk attached to an action that also has ateliers WHEN the report is built
    THEN both kinds of lines are there."""
    desks["desk"].action = world["action"]
    desks["desk"].save()
    action = block(build_report(YEAR_2020, with_charts=False), world["action"].name)
    labels = [line.label for line in action.figures]
    assert labels[0] == "Séances réalisées"
    assert "Rendez-vous pris" in labels
    assert {line.label: line.value for line in action.figures}["Rendez-vous pris"] == (
        "9 (1 en 2019)")


def test_docx_and_html_show_the_desk_lines_at_their_action(desks, followup):
    report = build_report(YEAR_2020)
    _name, _type, content = EXPORTERS["docx"].export(report)
    document = Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    booked = [cells[i + 1] for i, cell in enumerate(cells) if cell == "Rendez-vous pris"]
    assert sorted(booked) == ["1 (1 en 2019)", "9 (1 en 2019)"]  # digital, writers
    assert "Habitants d'un QPV" in cells
    html = EXPORTERS["html"].export(report)[2].decode()
    writers = html[html.index("<h3>Permanence Ecrivains publics</h3>"):]
    writers = writers[: writers.index("</article>")]
    assert "<th scope=\"row\">Absences aux rendez-vous</th><td>1 (0 en 2019)</td>" in writers
    assert "Demandes traitées en entretien, par famille" in writers
    assert "Nomdefamille" not in html and "Secretnom" not in html


# --- drafts -----------------------------------------------------------------------------


def test_opening_draft_of_a_desk(desks):
    assert opening_draft(desks["writers"], YEAR_2020) == (
        "Mardi de 14 h 00 à 16 h 00, sur rendez-vous ; 2 permanences (1 en 2019)."
    )


def test_public_draft_of_a_desk(desks):
    assert public_draft(desks["writers"], YEAR_2020) == (
        "Rendez-vous pris : 9 (1 en 2019) ; absences : 1 (0 en 2019) ; "
        "sans rendez-vous : 1 (0 en 2019) ; entretiens : 6 (1 en 2019), "
        "dont 3 premières venues."
    )


def test_drafts_of_an_action_with_two_desks_name_each(desks):
    """GIVEN a second desk of the writers' action, held on a Thursday of 2020 WHEN the
    drafts are written THEN one line per desk."""
    second = DeskFactory(name="Écrivains publics du jeudi", action=desks["writers"])
    DeskSlotFactory(desk=second, weekday=3, start_time=dt.time(9), end_time=dt.time(11))
    DeskSessionFactory(desk=second, date=dt.date(2020, 2, 6), start_time=dt.time(9),
                       end_time=dt.time(11))
    opening = opening_draft(desks["writers"], YEAR_2020).split("\n")
    assert opening == [
        "- Écrivains publics : mardi de 14 h 00 à 16 h 00, sur rendez-vous ; "
        "2 permanences (1 en 2019).",
        "- Écrivains publics du jeudi : jeudi de 9 h 00 à 11 h 00, sur rendez-vous ; "
        "1 permanence (0 en 2019).",
    ]
    public = public_draft(desks["writers"], YEAR_2020).split("\n")
    assert public[0].startswith("- Écrivains publics : Rendez-vous pris : 9 (1 en 2019)")
    assert public[1] == (
        "- Écrivains publics du jeudi : Rendez-vous pris : 0 (0 en 2019) ; absences : "
        "0 (0 en 2019) ; sans rendez-vous : 0 (0 en 2019) ; entretiens : 0 (0 en 2019)."
    )


def test_drafts_of_an_action_with_ateliers_and_a_desk(world, desks):
    WeeklySlot.objects.create(activity=world["x"], weekday=0, start_time=dt.time(16, 15),
                              end_time=dt.time(18, 30))
    desks["desk"].action = world["action"]
    desks["desk"].save()
    opening = opening_draft(world["action"], YEAR_2020)
    assert "- X : lundi de 16 h 15 à 18 h 30 (Salle" in opening
    assert ("- Écrivains publics : mardi de 14 h 00 à 16 h 00, sur rendez-vous ; "
            "2 permanences (1 en 2019).") in opening
    public = public_draft(world["action"], YEAR_2020)
    parts = public.split("\n\n")
    assert parts[0].startswith("- X : ") and parts[1].startswith("Au total : ")  # ateliers
    assert parts[2].startswith("Rendez-vous pris : 9 (1 en 2019)")


def test_public_draft_of_a_follow_up_action(followup):
    assert public_draft(followup["isolation"], YEAR_2020) == (
        "Accompagnement individuel : 2 personnes (2 en 2019), 1 foyer, dont 1 nouvel "
        "accompagnement ; 2 sur 2 habitent un QPV."
    )


def test_a_new_sheet_is_drafted_from_the_desk(desks):
    """GIVEN no sheet yet WHEN the writers' 2020 sheet is opened THEN its "Lieu et jours"
    and "Public accueilli" answers are the desk's drafts."""
    sheet = sheet_open(action=desks["writers"], year=2020)
    texts = dict(sheet.answers.values_list("question__draft", "text"))
    assert texts[EvaluationQuestion.Draft.OPENING].endswith("2 permanences (1 en 2019).")
    assert texts[EvaluationQuestion.Draft.PUBLIC] == draft_answer(
        EvaluationQuestion.Draft.PUBLIC, desks["writers"], YEAR_2020
    )
    assert "dont 3 premières venues" in texts[EvaluationQuestion.Draft.PUBLIC]


def test_follow_up_beside_ateliers_says_which_qpv_figure_is_which(world, followup):
    """GIVEN follow-up files of an action that also has ateliers WHEN the report is built
    THEN the ateliers' QPV line and the follow-up's one carry different labels."""
    FollowUpFile.objects.filter(action=followup["isolation"]).update(action=world["action"])
    action = block(build_report(YEAR_2020, with_charts=False), world["action"].name)
    labels = [line.label for line in action.figures]
    assert len(labels) == len(set(labels))
    lines = {line.label: line.value for line in action.figures}
    assert lines["Habitants d'un QPV"] == "1 sur 5"  # the ateliers' public
    assert lines["Habitants d'un QPV (accompagnement individuel)"] == "2 sur 2"
