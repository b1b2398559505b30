"""Drafts are drafts: an answer Tisserand writes from the data stays marked until a person
reads it and keeps it (or rewrites it); the report page lists the sheets still holding
some."""

import pytest
from django.urls import reverse

from tisserand.audit.models import AuditEntry
from tisserand.reports.models import Answer, EvaluationSheet
from tisserand.reports.services import answer_regenerate
from tisserand.reports.tests.test_views import OPENING, PUBLIC, field, question, sheet_url

pytestmark = pytest.mark.django_db


def answers_of(sheet) -> dict[int, Answer]:
    return {a.question.position: a for a in sheet.answers.select_related("question")}


def posted(sheet, **extra) -> dict:
    data = {f"answer-{a.question_id}": a.text for a in sheet.answers.all()}
    data.update(extra)
    return data


def test_a_new_sheet_holds_drafts_and_the_report_page_lists_it(client_for, direction_user,
                                                                world):
    client = client_for(direction_user)
    page = client.get(sheet_url(world)).content.decode()
    sheet = EvaluationSheet.objects.get(action=world["action"], year=2020)
    drafted = answers_of(sheet)
    assert drafted[OPENING].is_draft and drafted[PUBLIC].is_draft
    assert f'name="validate-{question(sheet, OPENING).pk}"' in page
    report = client.get(reverse("report"), {"annee": 2020}).content.decode()
    assert "brouillons écrits à partir des données" in report
    assert world["action"].name in report.split("que personne n'a relus")[1]


def test_keeping_a_draft_as_it_is_or_rewriting_it_validates_it(client_for, direction_user,
                                                                world):
    client = client_for(direction_user)
    client.get(sheet_url(world))
    sheet = EvaluationSheet.objects.get(action=world["action"], year=2020)
    opening = question(sheet, OPENING)
    # Saved untouched, no box ticked: still drafts, nothing written.
    client.post(sheet_url(world), posted(sheet))
    assert all(a.is_draft for a in sheet.answers.exclude(text=""))
    # The opening kept as it is, the public rewritten.
    response = client.post(sheet_url(world), posted(
        sheet, **{f"validate-{opening.pk}": "on", field(sheet, PUBLIC): "Des familles."}
    ), follow=True)
    assert "2 réponses modifiées" in response.content.decode()
    answers = answers_of(sheet)
    assert not answers[OPENING].is_draft and not answers[PUBLIC].is_draft
    assert answers[PUBLIC].text == "Des familles."
    entry = AuditEntry.objects.filter(object_id=str(answers[OPENING].pk)).latest("id")
    assert entry.fields == ["is_draft"]  # the text did not change
    report = client.get(reverse("report"), {"annee": 2020}).content.decode()
    assert "que personne n'a relus" not in report


def test_a_regenerated_answer_is_a_draft_again(client_for, direction_user, world):
    client = client_for(direction_user)
    client.get(sheet_url(world))
    sheet = EvaluationSheet.objects.get(action=world["action"], year=2020)
    client.post(sheet_url(world), posted(sheet, **{
        f"validate-{question(sheet, OPENING).pk}": "on"}))
    assert not answers_of(sheet)[OPENING].is_draft
    answer_regenerate(sheet=sheet, question=question(sheet, OPENING))
    assert answers_of(sheet)[OPENING].is_draft


def test_the_figures_of_an_action_are_chosen_and_previewed_on_its_sheet(
    client_for, direction_user, world
):
    """GIVEN the sheet's page WHEN the direction unticks the families and keeps the rest
    THEN the preview (what the report prints) loses that line, and the action keeps its
    choice; ticking "follow the kind" goes back to the kind's figures."""
    client = client_for(direction_user)
    action = world["action"]
    preview = client.get(sheet_url(world)).context["overview"].figures
    assert "Familles différentes" in {line.label for line in preview}
    from tisserand.activities.figure_sets import DEFAULTS

    kept = [key for key in DEFAULTS[action.kind] if key != "households"]
    url = reverse("action_figures_set", args=[2020, action.pk])
    response = client.post(url, {"kind": action.kind, "figures": kept}, follow=True)
    assert [str(m) for m in response.context["messages"]][0].startswith("Chiffres de l'action")
    preview = response.context["overview"].figures
    assert "Familles différentes" not in {line.label for line in preview}
    action.refresh_from_db()
    assert "households" not in action.figures
    client.post(url, {"kind": "adults", "follow_kind": "on"})
    action.refresh_from_db()
    assert (action.kind, action.figures) == ("adults", [])
    assert client.post(url, {"kind": "nonsense"}).status_code == 302
    action.refresh_from_db()
    assert action.kind == "adults"  # a wrong kind changes nothing


@pytest.mark.parametrize(
    ("headcount", "words"),
    [(1, "plus 1 personne comptée."), (12, "plus 12 personnes comptées.")],
)
def test_the_public_sentence_words_the_persons_counted_without_names(headcount, words):
    from tisserand.activities.figures.participation import ParticipationFigures
    from tisserand.activities.figures.public import PublicFigures
    from tisserand.reports.drafts import public_sentence

    public = PublicFigures(attendances=30, headcount=headcount, persons=8, households=6,
                           adults=8, youngest_age=30, oldest_age=71)
    sentence = public_sentence(public, ParticipationFigures())
    assert sentence == f"8 adultes de 30 à 71 ans, 6 familles ; 30 présences, {words}"
    counted_only = public_sentence(PublicFigures(headcount=headcount), ParticipationFigures())
    assert counted_only == f"{headcount} personne{'s' if headcount > 1 else ''} (comptage)."
