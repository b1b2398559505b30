"""The demo sheets answered with the real 2020 report's texts."""

import re

import pytest

from tisserand.demo.sheets import load_report_texts, report_texts
from tisserand.reports.models import Answer, CentreSection, EvaluationSheet
from tisserand.reports.richtext import parse
from tisserand.testing.factories import ActionFactory

CLAS = "Action CLAS (Contrat Local d'Accompagnement à la Scolarité)"
INTERGENERATIONNEL = "Projet intergénérationnel"

REPORT_ACTIONS = [
    "Projet d'animations",
    "Manger, Bouger",
    "Boîtes à chaussures – Noël",
    "Actions solidaires à destination des personnes dans le besoin",
    "Code de la route",
    INTERGENERATIONNEL,
    CLAS,
    "Ateliers Parents/Enfants",
    "Projet Santé",
    "Lutte contre l'isolement : repérage, accompagnement individuel et projets collectifs",
    "Accompagnement aux démarches administratives, information/sensibilisation aux droits",
    "La Fabrique des petits possibles et la Semaine de la Solidarité",
    "Le Projet Caulier : « J'habite Caulier, ras-le-bol des préjugés »",
    "Ateliers Danse",
    "Atelier de français",
    "Permanence Ecrivains publics",
]
SECTION_TITLES = [
    "Vie associative", "Ressources humaines", "Communication", "Actions de l'année",
    "Formations", "Aspects budgétaires",
]


def answer_text(action, position, year=2020):
    return Answer.objects.get(
        sheet__action=action, sheet__year=year, question__position=position
    ).text


def all_texts():
    data = report_texts(2020)
    for section in data["centre_sections"]:
        yield section["title"], section["text"]
    for item in data["actions"]:
        for key, text in item["answers"].items():
            yield f"{item['name']} [{key}]", text


# --- the data -------------------------------------------------------------------------


def test_every_action_of_the_report_is_there_in_order():
    assert [item["name"] for item in report_texts(2020)["actions"]] == REPORT_ACTIONS


def test_answers_are_keyed_by_grid_positions_and_never_empty():
    for item in report_texts(2020)["actions"]:
        assert item["answers"], item["name"]
        for key, text in item["answers"].items():
            assert 1 <= int(key) <= 13, (item["name"], key)
            assert text.strip(), (item["name"], key)


def test_sections_without_a_grid_keep_everything_in_the_presentation():
    actions = {item["name"]: item["answers"] for item in report_texts(2020)["actions"]}
    assert list(actions["Atelier de français"]) == ["1"]
    assert list(actions["Permanence Ecrivains publics"]) == ["1"]
    assert "- Rendez-vous pris : 78 (79 en 2019) ;" in actions["Permanence Ecrivains publics"]["1"]
    # The introduction written before the grid opens the presentation, with its
    # sub-headings as their own short paragraphs.
    isolement = actions[REPORT_ACTIONS[9]]["1"]
    assert isolement.startswith("L’année 2020 est une année particulière")
    assert "\n\nDimension individuelle :\n\n" in isolement


def test_texts_are_clean_of_pdf_extraction_debris():
    for where, text in all_texts():
        assert "\uf075" not in text, where
        assert "\n\n\n" not in text, where
        assert text == text.strip(), where
        for line in text.split("\n"):
            assert line == line.strip(), (where, line)
            assert not re.fullmatch(r"\d+", line), (where, line)  # stray page number
            if line.startswith("- "):
                assert len(line) > 3, (where, line)
                continue
            # A hard-wrapped fragment would be a tiny line or one starting mid-sentence.
            assert line == "" or len(line) >= 3, (where, line)
            assert not line[:1].islower(), (where, line)


def test_figures_and_typography_stay_verbatim():
    actions = {item["name"]: item["answers"] for item in report_texts(2020)["actions"]}
    assert (
        "- Au premier semestre 2020, 24 enfants accueillis : 5 enfants de l’école Dupleix, "
        "5 de l’école Cornette, 2 de l’école Roland et 12 de l’école Brunschvicg, dont 5 CM2, "
        "6 CM1, 2 CE2, 3 CE1 et 8 CP ;"
    ) in actions[CLAS]["6"].split("\n")
    assert "- Lundi et jeudi de 16 h 15 à 18 h 30 pour les écoles Cornette et Dupleix ;" in (
        actions[CLAS]["5"]
    )
    # Re-joined hyphenations across lines.
    assert "co-construction (faire avec" in actions[REPORT_ACTIONS[9]]["8"]


def test_bullet_lists_parse_as_lists_for_the_renderer():
    actions = {item["name"]: item["answers"] for item in report_texts(2020)["actions"]}
    blocks = parse(actions["Manger, Bouger"]["5"])
    assert [b.kind for b in blocks[:2]] == ["paragraph", "bullets"]
    assert blocks[0].lines == ["Janvier"]
    assert len(blocks[1].lines) == 3
    assert blocks[1].lines[1] == "4 séances de Futsal le mardi, de 19 h 00 à 20 h 00 ;"


def test_centre_sections_follow_the_reports_headings():
    sections = report_texts(2020)["centre_sections"]
    assert [s["title"] for s in sections] == SECTION_TITLES
    assert sections[0]["text"].startswith(
        "Le début d’année 2020 semble parti sur des « chapeaux de roue ».\n\n- Des vœux"
    )
    assert sections[-1]["text"].endswith("Cet exercice sera excédentaire.")


# --- the loader -----------------------------------------------------------------------


@pytest.mark.django_db
def test_load_writes_the_reports_own_clas_text():
    """GIVEN the CLAS action WHEN the report's texts are loaded THEN its 2020 sheet
    answers with the report's words and figures, in place of the computed drafts."""
    clas = ActionFactory(name=CLAS)

    assert load_report_texts() == (1, len(SECTION_TITLES))

    public = answer_text(clas, 6)
    assert "5 enfants de l’école Dupleix" in public
    assert public.startswith("- Au premier semestre 2020, 24 enfants accueillis")
    assert answer_text(clas, 5).startswith("- Lundi et jeudi de 16 h 15 à 18 h 30")
    assert answer_text(clas, 11).endswith("A ce jour, le CLAS compte 5 bénévoles.")
    assert EvaluationSheet.objects.get(action=clas).answers.count() == 13


@pytest.mark.django_db
def test_questions_the_report_leaves_out_keep_what_the_sheet_had():
    """The report gives no "lieu et jours" for the intergenerational project: what the
    sheet holds for that question stays as it was."""
    action = ActionFactory(name=INTERGENERATIONNEL)
    load_report_texts()
    sheet = EvaluationSheet.objects.get(action=action, year=2020)
    opening = sheet.answers.get(question__position=5)
    opening.text = "Le mercredi après-midi."
    opening.save()

    load_report_texts()

    assert answer_text(action, 5) == "Le mercredi après-midi."
    assert answer_text(action, 6) == "Un groupe de 6 jeunes du LALP de 11 à 17 ans."
    assert not sheet.answers.filter(question__position=3).exists()


@pytest.mark.django_db
def test_actions_missing_from_the_database_are_skipped():
    ActionFactory(name="Ateliers Danse")
    ActionFactory(name="Une action que le rapport ne connaît pas")

    sheets, _sections = load_report_texts()

    assert sheets == 1
    assert EvaluationSheet.objects.get().action.name == "Ateliers Danse"
    assert "111 participants (hors ACM)" in answer_text(
        EvaluationSheet.objects.get().action, 6
    )


@pytest.mark.django_db
def test_centre_sections_are_written_in_the_reports_order():
    load_report_texts()

    sections = list(CentreSection.objects.filter(year=2020).order_by("position"))
    assert [s.title for s in sections] == SECTION_TITLES
    assert [s.position for s in sections] == [1, 2, 3, 4, 5, 6]
    assert "rupture conventionnelle" in sections[1].text


@pytest.mark.django_db
def test_running_twice_duplicates_nothing():
    clas = ActionFactory(name=CLAS)
    ActionFactory(name="Projet Santé")
    load_report_texts()
    counts = (EvaluationSheet.objects.count(), Answer.objects.count(),
              CentreSection.objects.count())
    first = answer_text(clas, 6)

    assert load_report_texts() == (2, 6)

    assert (EvaluationSheet.objects.count(), Answer.objects.count(),
            CentreSection.objects.count()) == counts
    assert counts == (2, 26, 6)
    assert answer_text(clas, 6) == first
