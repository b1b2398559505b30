"""Hostile input: HTML, scripts and template syntax typed in any free-text field are shown as
text in the pages, the DOCX and the PDF.

Every text field of the demo (found through the models' metadata, not listed by hand) gets
the payloads; the main pages and the 2020 report's exports are rendered once for the module,
inside a transaction rolled back afterwards, so the demo centre comes out unchanged.
"""

import io
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import models, transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.test import Client
from django.urls import reverse
from docx import Document

from tisserand.activities.models import Action, Activity, Attendance
from tisserand.core.periods import calendar_year
from tisserand.core.roles import DIRECTION
from tisserand.people.models import Person
from tisserand.reports.builder import build_report
from tisserand.reports.exporters import EXPORTERS
from tisserand.testing.demo import demo_centre  # noqa: F401  (module-scoped fixture)
from tisserand.testing.factories import UserFactory
from tisserand.testing.system import require_pdf, weasyprint_problem

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
VARIABLE = "{{ 7*7 }}"
TAG = "{% debug %}"
PAYLOAD = f"{SCRIPT} {IMG} {VARIABLE} {TAG}"
APPS = ("core", "people", "activities", "reports")
DERIVED = {"search_name"}  # computed from other fields, never typed


def text_fields(model) -> list:
    return [
        field for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not field.choices and field.name not in DERIVED
    ]


def in_a_unique_set(model, field) -> bool:
    together = [set(names) for names in model._meta.unique_together]
    together += [
        set(constraint.fields) for constraint in model._meta.constraints
        if isinstance(constraint, models.UniqueConstraint)
    ]
    return field.unique or any(field.name in names for names in together)


def fill_every_text_field() -> list[str]:
    """Put the payload in every free-text field of every row; return the fields filled."""
    filled = []
    for app_label in APPS:
        for model in apps.get_app_config(app_label).get_models():
            changes = {}
            for field in text_fields(model):
                size = field.max_length or len(PAYLOAD)
                if in_a_unique_set(model, field):
                    value = Concat(
                        Value(PAYLOAD[: size - 8] + " #"), Cast("pk", CharField()),
                        output_field=CharField(),
                    )
                else:
                    value = Value(PAYLOAD[:size])
                changes[field.name] = value
                filled.append(f"{model._meta.label}.{field.name}")
            if changes:
                model._base_manager.update(**changes)
    return filled


class Elements(HTMLParser):
    """The elements a browser would build from the page: (tag, attributes)."""

    def __init__(self, html: str):
        super().__init__()
        self.found: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def page_urls() -> dict[str, str]:
    attendance = Attendance.objects.select_related("session", "person").order_by("pk").first()
    person = Person.objects.filter(household__isnull=False).order_by("pk").first()
    action = Action.objects.order_by("pk").first()
    return {
        "person": reverse("person_detail", args=[attendance.person.pk]),
        "household": reverse("household_detail", args=[person.household_id]),
        "persons": reverse("person_list"),
        "session": reverse("session_detail", args=[attendance.session.pk]),
        "action": reverse("action_detail", args=[action.pk]),
        "activity": reverse("activity_detail", args=[Activity.objects.order_by("pk")[0].pk]),
        "actions": reverse("action_list"),
        "report": reverse("report") + "?annee=2020",
        "sheet": reverse("sheet_edit", args=[2020, action.pk]),
        "centre_sections": reverse("centre_sections", args=[2020]),
    }


@pytest.fixture(scope="module")
def outputs(demo_centre, django_db_blocker):  # noqa: F811
    """GIVEN the demo with the payloads in every text field: the pages and exports."""
    rendered = {"pages": {}, "statuses": {}}
    with django_db_blocker.unblock(), transaction.atomic():
        rendered["fields"] = fill_every_text_field()
        client = Client()
        client.force_login(UserFactory(username="direction-test", roles=[DIRECTION]))
        for name, url in page_urls().items():
            response = client.get(url)
            rendered["statuses"][name] = response.status_code
            rendered["pages"][name] = response.content.decode()
        report = build_report(calendar_year(2020))
        rendered["docx"] = EXPORTERS["docx"].render(report)
        if weasyprint_problem() is None:
            rendered["pdf"] = EXPORTERS["pdf"].render(report)
        transaction.set_rollback(True)
    return rendered


def test_every_free_text_field_got_the_payload(outputs):
    fields = set(outputs["fields"])
    assert {
        "people.Person.first_name", "people.Person.notes", "people.Household.name",
        "activities.Action.summary", "activities.Activity.name", "activities.Session.journal",
        "reports.Answer.text", "reports.CentreSection.text", "core.Partner.name",
        "core.Place.name", "activities.ActionPartner.description",
    } <= fields


@pytest.mark.parametrize(
    "page",
    ["person", "household", "persons", "session", "action", "activity", "actions", "report",
     "sheet", "centre_sections"],
)
def test_pages_show_the_payload_as_text(outputs, page):
    """THEN the page shows the payload escaped: no script element, no onerror attribute, the
    template syntax literally (not 49, not a debug dump)."""
    assert outputs["statuses"][page] == 200
    html = outputs["pages"][page]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "onerror=alert(1)&gt;" in html
    assert "<script>alert" not in html
    elements = Elements(html).found
    assert not [attrs for _tag, attrs in elements if "onerror" in attrs]
    assert not [tag for tag, attrs in elements if tag == "img" and attrs.get("src") == "x"]
    assert all(attrs.get("src") for tag, attrs in elements if tag == "script")
    assert VARIABLE in html or "{{ 7*7 }" in html  # short fields keep part of it
    assert TAG in html or page in {"persons", "actions"}
    assert "{'" not in html  # what {% debug %} would dump, had it run


def text_of_docx(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def test_docx_carries_the_payload_literally(outputs):
    text = text_of_docx(outputs["docx"])
    assert SCRIPT in text
    assert "onerror=alert(1)>" in text
    assert VARIABLE in text and TAG in text
    assert "&lt;" not in text  # not escaped twice either


def test_pdf_carries_the_payload_literally(outputs):
    require_pdf()
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(outputs["pdf"]))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert SCRIPT in text
    assert "onerror=alert(1)>" in text
    assert VARIABLE in text and TAG in text
    assert "&lt;" not in text
