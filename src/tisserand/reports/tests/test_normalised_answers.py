"""Answers of an evaluation sheet, normalised: a form sent back by a browser (line breaks
as CRLF, spaces left at the end of a line) changes and audits only what the person
changed."""

import pytest
from django.urls import reverse

from tisserand.audit.models import AuditEntry
from tisserand.core.text import normalised_text
from tisserand.reports.models import Answer, EvaluationSheet
from tisserand.reports.services import answer_save, sheet_answers_save, sheet_open

pytestmark = pytest.mark.django_db

LINES = "Premier point ;\nsecond point.\n\n- une liste\n- à puces"


def test_normalised_text():
    assert normalised_text("  a  \r\nb\t\r\rc \u00a0\r\n\r\n") == "a\nb\n\nc"
    assert normalised_text(LINES) == LINES
    assert normalised_text(None) == ""


def as_browser_sends(text: str) -> str:
    return text.replace("\n", "  \r\n") + " \r\n"


def test_a_form_sent_back_by_a_browser_changes_one_answer(client_for, direction_user, world):
    sheet = sheet_open(action=world["action"], year=2020)
    questions = list(sheet.grid.questions.order_by("position"))
    for question in questions:
        answer_save(sheet=sheet, question=question, text=f"{question.position}. {LINES}")
    sheet.refresh_from_db()
    before = AuditEntry.objects.count()
    data = {f"answer-{q.pk}": as_browser_sends(f"{q.position}. {LINES}") for q in questions}
    data[f"answer-{questions[2].pk}"] = "Réécrite\r\nen deux lignes.\r\n"
    data["version"] = sheet.version
    client = client_for(direction_user)
    response = client.post(reverse("sheet_edit", args=[2020, world["action"].pk]), data,
                           follow=True)
    assert "Fiche enregistrée (1 réponse modifiée)." in response.content.decode()
    entries = AuditEntry.objects.order_by("pk")[before:]
    updates = [e for e in entries if e.action == AuditEntry.Action.UPDATE
               and e.content_type.model == "answer"]
    assert len(updates) == 1 and updates[0].object_id == str(
        Answer.objects.get(sheet=sheet, question=questions[2]).pk)
    assert Answer.objects.get(sheet=sheet, question=questions[2]).text == (
        "Réécrite\nen deux lignes.")
    assert Answer.objects.get(sheet=sheet, question=questions[0]).text == f"1. {LINES}"


def test_the_service_stores_and_compares_normalised_text(world):
    sheet = sheet_open(action=world["action"], year=2020)
    question = sheet.grid.questions.order_by("position").first()
    answer_save(sheet=sheet, question=question, text="a  \r\nb \r\n")
    assert Answer.objects.get(sheet=sheet, question=question).text == "a\nb"
    sheet = EvaluationSheet.objects.get(pk=sheet.pk)
    changed = sheet_answers_save(sheet=sheet, answers=[(question, "a\r\nb   ")],
                                 expected_version=sheet.version)
    assert changed == 0


def test_centre_sections_sent_back_by_a_browser_count_only_real_changes(client_for,
                                                                        direction_user):
    from tisserand.reports.models import CentreSection
    from tisserand.reports.services import centre_section_save
    from tisserand.reports.tests.test_views import section_data

    first = centre_section_save(year=2020, title="Vie associative", text=LINES, position=1)
    second = centre_section_save(year=2020, title="Formations", text=LINES, position=2)
    before = AuditEntry.objects.count()
    rows = [
        {"section": str(first.pk), "title": "Vie associative", "position": "1",
         "text": as_browser_sends(LINES)},
        {"section": str(second.pk), "title": "Formations", "position": "2",
         "text": "BAFA : 3 animateurs.\r\n"},
    ]
    response = client_for(direction_user).post(
        reverse("centre_sections", args=[2020]), section_data(rows, 2), follow=True)
    assert "Vie du centre 2020 enregistrée (1 partie modifiée)." in response.content.decode()
    assert AuditEntry.objects.count() == before + 1
    assert CentreSection.objects.get(pk=first.pk).text == LINES
    assert CentreSection.objects.get(pk=second.pk).text == "BAFA : 3 animateurs."
