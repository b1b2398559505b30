"""The report's cover: the centre's logo and photo, chosen in the admin, on every format."""

import io

import pytest
from docx import Document
from PIL import Image
from pypdf import PdfReader

from tisserand.core.models import Centre
from tisserand.core.periods import calendar_year
from tisserand.reports.builder import build_report
from tisserand.reports.exporters import EXPORTERS
from tisserand.testing.factories import CentreFactory, UserFactory
from tisserand.testing.system import require_pdf


def _png(colour="red", size=(40, 20)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def _upload(name: str, data: bytes):
    file = io.BytesIO(data)
    file.name = name
    return file


@pytest.fixture
def admin_client(db, client_for):
    return client_for(UserFactory(username="admin", is_staff=True, is_superuser=True))


def _post_centre(client, centre, **files):
    return client.post(f"/admin/core/centre/{centre.pk}/change/", {
        "name": centre.name, "address": "12 rue des Tisserands", "postcode": "59000",
        "city": "Lille", "neighbourhood": "", "phone": "", "email": "",
        "caf_approval_start": "", "caf_approval_end": "", "records_start": "",
        "regular_share": "50", **files,
    })


def test_logo_and_photo_chosen_in_the_admin_are_on_the_cover(admin_client):
    """GIVEN a centre WHEN the director uploads a logo and a photo in the admin THEN the
    web report, the DOCX and the cover show them, with the centre's address."""
    centre = CentreFactory()
    logo, photo = _png("red"), _png("blue", (300, 200))
    response = _post_centre(admin_client, centre, logo_file=_upload("logo.png", logo),
                            photo_file=_upload("photo.png", photo))
    assert response.status_code == 302
    centre.refresh_from_db()
    assert bytes(centre.logo) == logo and bytes(centre.cover_photo) == photo

    report = build_report(calendar_year(2020), with_charts=False)
    assert report.logo == logo
    assert report.logo_uri.startswith("data:image/png;base64,")
    assert report.centre_address == "12 rue des Tisserands, 59000 Lille"
    _name, _type, html = EXPORTERS["html"].export(report)
    assert html.decode().count("data:image/png;base64,") == 2
    _name, _type, content = EXPORTERS["docx"].export(report)
    document = Document(io.BytesIO(content))
    pictures = {part.blob for part in document.part.package.parts
                if part.partname.startswith("/word/media/")}
    assert logo in pictures and photo in pictures
    assert "12 rue des Tisserands, 59000 Lille" in [p.text for p in document.paragraphs]


def test_a_file_that_is_not_a_picture_is_refused_in_french(admin_client):
    """GIVEN a centre with a logo WHEN a text file is sent as the new logo THEN the form
    says why in French and nothing changes, not even the other fields."""
    centre = CentreFactory()
    centre.logo = _png()
    centre.save()
    response = _post_centre(admin_client, centre,
                            logo_file=_upload("logo.png", b"pas une image"))
    assert response.status_code == 200
    assert "ce fichier n&#x27;est pas une image lisible" in response.content.decode()
    centre.refresh_from_db()
    assert bytes(centre.logo) == _png() and centre.address == ""


def test_removing_the_logo(admin_client):
    centre = CentreFactory()
    centre.logo = _png()
    centre.save()
    assert _post_centre(admin_client, centre, remove_logo="on").status_code == 302
    assert Centre.objects.get(pk=centre.pk).logo is None
    assert build_report(calendar_year(2020), with_charts=False).logo_uri == ""


def test_the_pdf_cover_has_the_pictures(db):
    require_pdf()
    centre = CentreFactory(address="12 rue des Tisserands")
    centre.logo, centre.cover_photo = _png("red"), _png("blue", (300, 200))
    centre.save()
    _name, _type, content = EXPORTERS["pdf"].export(build_report(calendar_year(2020)))
    cover = PdfReader(io.BytesIO(content)).pages[0]
    assert len(cover.images) == 2
    assert "12 rue des Tisserands" in cover.extract_text()


def test_a_backup_carries_the_pictures(direction_user, tmp_path, monkeypatch):
    """The pictures live in the database: a backup restored elsewhere keeps the cover."""
    from django.core.management import call_command

    monkeypatch.setenv("TISSERAND_BACKUP_PASSPHRASE", "la phrase secrète du centre")
    centre = CentreFactory()
    centre.logo = _png("green")
    centre.save()
    path = tmp_path / "centre.tisserand"
    call_command("backup", str(path), stdout=io.StringIO())
    Centre.objects.all().delete()
    call_command("restore", str(path), yes=True, stdout=io.StringIO())
    assert bytes(Centre.objects.get().logo) == _png("green")
