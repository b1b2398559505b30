"""The demo centre's evaluation sheets and centre sections, answered with the texts of the
real report (``data/report_<year>.json``), so that the demo report reads like the real one.

The JSON holds the centre-wide sections in their order and, for each action of the report,
its answers keyed by the position of the question in the default grid. Only the questions
the report answers are given: the others keep the draft the software computed."""

import json
from functools import cache
from pathlib import Path

from django.db import transaction

from tisserand.activities.models import Action
from tisserand.reports.services import answer_save, centre_section_save, sheet_open

DATA_DIR = Path(__file__).resolve().parent / "data"


@cache
def report_texts(year: int = 2020) -> dict:
    """The report's texts for a year: {"centre_sections": [...], "actions": [...]}."""
    path = DATA_DIR / f"report_{year}.json"
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


@transaction.atomic
def load_report_texts(year: int = 2020) -> tuple[int, int]:
    """Write the report's own texts into the sheets of the actions the database has
    (matched by exact name; the others are skipped) and into the centre sections.
    Running it again rewrites the same answers and sections, it adds nothing.
    Returns (sheets written, sections written)."""
    texts = report_texts(year)
    actions = Action.objects.in_bulk(
        [item["name"] for item in texts["actions"]], field_name="name"
    )
    sheets = 0
    for item in texts["actions"]:
        action = actions.get(item["name"])
        if action is None:
            continue
        sheet = sheet_open(action=action, year=year)
        questions = {q.position: q for q in sheet.grid.questions.all()}
        for position, text in item["answers"].items():
            question = questions.get(int(position))
            if question is not None:
                answer_save(sheet=sheet, question=question, text=text)
        sheets += 1
    sections = 0
    for position, section in enumerate(texts["centre_sections"], start=1):
        centre_section_save(
            year=year, title=section["title"], text=section["text"], position=position
        )
        sections += 1
    return sheets, sections
