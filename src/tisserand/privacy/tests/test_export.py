"""The right-of-access export: the person's own data, not anybody else's."""

import io
import json

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tisserand.audit.models import AuditEntry
from tisserand.privacy.exporters import person_export_html, person_export_json
from tisserand.testing.system import require_pdf

pytestmark = pytest.mark.django_db

TOP_KEYS = {
    "export", "person", "household", "schooling", "consents", "attendances", "appointments",
    "follow_up_files", "audit",
}


def _json(person) -> dict:
    filename, mimetype, content = person_export_json(person=person)
    assert filename == f"donnees-personne-{person.pk}.json"
    assert mimetype.startswith("application/json")
    return json.loads(content)


def test_json_holds_the_person_and_her_household(family):
    data = _json(family["mother"])
    assert set(data) == TOP_KEYS
    person = data["person"]
    assert (person["first_name"], person["last_name"]) == ("Hélène", "Lefèvre")
    assert person["birth_date"] == "1985-05-17"
    assert person["email"] == "helene.lefevre@example.org"
    assert person["notes"] == "Préfère être appelée le soir"
    assert person["priority_area"] == "yes" and person["anonymised_on"] is None
    household = data["household"]
    assert household["name"] == "Famille Lefèvre"
    assert household["address"] == "12 rue des Tisserands"
    assert household["member_count"] == 2
    assert household["family_quotients"] == [
        {"amount": 512, "valid_from": "2020-01-01", "valid_to": "2020-12-31"}
    ]
    assert household["memberships"][0]["season"] == "2019-2020"
    assert [(c["given"], c["recorded_on"]) for c in data["consents"]] == [
        (False, "2020-01-10"), (True, "2019-09-02"),
    ]
    assert [(a["date"], a["activity"], a["action"]) for a in data["attendances"]] == [
        ("2020-01-06", "Gym douce", "Projet Santé"),
        ("2020-02-03", "Gym douce", "Projet Santé"),
    ]
    assert data["attendances"][0]["place"] == "Salle polyvalente"


def test_json_holds_no_other_person(family):
    """THEN neither the son (same household) nor the neighbour (same session) appears."""
    text = json.dumps(_json(family["mother"]), ensure_ascii=False)
    for other in ("Noé", "Karim", "Benali", "06 99 88 77 66", "Aide aux devoirs",
                  "Jules Ferry"):
        assert other not in text


def test_json_of_a_child_holds_the_schooling(family):
    data = _json(family["son"])
    assert data["schooling"] == [
        {"school_year": "2019-2020", "school": "École Jules Ferry", "level": "CP",
         "level_label": "CP"}
    ]
    assert [a["activity"] for a in data["attendances"]] == ["Aide aux devoirs"]
    assert "Hélène" not in json.dumps(data, ensure_ascii=False)


def test_json_lists_the_audit_entries_about_the_person(family, direction_user, client_for):
    client = client_for(direction_user)
    client.get(reverse("person_export_json", args=[family["mother"].pk]))
    data = _json(family["mother"])
    assert [e["action"] for e in data["audit"]] == ["export"]


def test_html_document_is_in_french_and_escapes_text(family):
    mother = family["mother"]
    mother.notes = "<script>alert(1)</script>"
    mother.save()
    html = person_export_html(person=mother)
    assert "Données personnelles détenues par le centre" in html
    assert "06/01/2020" in html and "512 €" in html
    assert "<script>alert" not in html and "&lt;script&gt;" in html


@pytest.mark.pdf
def test_pdf_is_a_real_readable_pdf(family, direction_user, client_for):
    require_pdf()
    response = client_for(direction_user).get(
        reverse("person_export_pdf", args=[family["mother"].pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"donnees-personne-{family['mother'].pk}.pdf" in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    for expected in ("Hélène", "Lefèvre", "Gym douce", "512", "Famille Lefèvre",
                     "Droit à l'image"):
        assert expected in text
    assert "Karim" not in text and "Noé" not in text
    assert AuditEntry.objects.filter(action="export", note="pdf").count() == 1
