"""Screens of the privacy app: who may, who may not, and what they do."""

import datetime as dt
import json
from urllib.parse import urlparse

import pytest
from django.urls import reverse

from tisserand.audit.models import AuditEntry
from tisserand.people.models import Anonymisation, Consent, Person
from tisserand.testing.system import require_pdf

pytestmark = pytest.mark.django_db

PERSON_VIEWS = ["person_privacy", "person_export_json", "person_export_pdf", "person_anonymise"]
# url name -> roles that may open it (the permission matrix entries of this app)
ALLOWED = {
    "person_privacy": {"direction", "accueil"},
    "person_export_json": {"direction"},
    "person_export_pdf": {"direction"},
    "person_anonymise": {"direction"},
    "processing_register": {"direction", "coordination"},
}


def _url(name, family):
    if name == "processing_register":
        return reverse(name)
    return reverse(name, args=[family["mother"].pk])


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_anonymous_visitor_is_sent_to_login(client, family, name):
    response = client.get(_url(name, family))
    assert response.status_code == 302
    assert urlparse(response["Location"]).path == reverse("login")


@pytest.mark.parametrize("name", sorted(ALLOWED))
@pytest.mark.parametrize(
    "persona",
    ["direction_user", "accueil_user", "animateur_user", "outsider_user", "coordination_user"],
)
def test_each_role_gets_what_the_matrix_says(request, client_for, family, name, persona):
    user = request.getfixturevalue(persona)
    role = persona.removesuffix("_user")
    if name == "person_export_pdf" and role == "direction":
        require_pdf()
    response = client_for(user).get(_url(name, family))
    if role in ALLOWED[name]:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


def test_privacy_page_shows_current_consents(client_for, accueil_user, family):
    response = client_for(accueil_user).get(_url("person_privacy", family))
    page = response.content.decode()
    assert "Hélène Lefèvre" in page
    assert "Refusé" in page and "10/01/2020" in page  # photos, latest choice
    assert "Jamais demandé" in page  # newsletter, partners
    # Export and anonymisation are for the direction: accueil sees no link to them.
    assert reverse("person_export_json", args=[family["mother"].pk]) not in page
    assert reverse("person_anonymise", args=[family["mother"].pk]) not in page


def test_direction_sees_the_rights_section(client_for, direction_user, family):
    page = client_for(direction_user).get(_url("person_privacy", family)).content.decode()
    assert reverse("person_export_pdf", args=[family["mother"].pk]) in page
    assert reverse("person_anonymise", args=[family["mother"].pk]) in page


def test_person_page_links_to_privacy(client_for, accueil_user, family):
    page = client_for(accueil_user).get(
        reverse("person_detail", args=[family["mother"].pk])
    ).content.decode()
    assert reverse("person_privacy", args=[family["mother"].pk]) in page


def test_accueil_records_a_consent(client_for, accueil_user, family):
    mother = family["mother"]
    response = client_for(accueil_user).post(
        _url("person_privacy", family),
        {"kind": "newsletter", "given": "oui", "recorded_on": "2020-03-02"},
    )
    assert response.status_code == 302
    consent = Consent.objects.get(person=mother, kind="newsletter")
    assert consent.given is True and consent.recorded_on == dt.date(2020, 3, 2)
    assert consent.recorded_by == accueil_user


def test_bad_consent_input_saves_nothing_and_says_why(client_for, accueil_user, family):
    before = Consent.objects.count()
    client = client_for(accueil_user)
    tomorrow = dt.date.today() + dt.timedelta(days=2)
    response = client.post(
        _url("person_privacy", family),
        {"kind": "photos", "given": "oui", "recorded_on": tomorrow.isoformat()},
    )
    assert response.status_code == 400
    assert "ne peut pas être dans le futur" in response.content.decode()
    response = client.post(_url("person_privacy", family), {"kind": "photos"})
    assert response.status_code == 400
    assert "Ce champ est obligatoire" in response.content.decode()
    response = client.post(_url("person_privacy", family), {})
    assert response.status_code == 400
    assert Consent.objects.count() == before


def test_animateur_cannot_record_a_consent(client_for, animateur_user, family):
    response = client_for(animateur_user).post(
        _url("person_privacy", family),
        {"kind": "newsletter", "given": "oui", "recorded_on": "2020-03-02"},
    )
    assert response.status_code == 403
    assert not Consent.objects.filter(kind="newsletter", person=family["mother"]).exists()


def test_json_export_downloads_and_is_recorded(client_for, direction_user, family):
    mother = family["mother"]
    response = client_for(direction_user).get(_url("person_export_json", family))
    assert response["Content-Type"].startswith("application/json")
    assert f"donnees-personne-{mother.pk}.json" in response["Content-Disposition"]
    assert response.json()["person"]["last_name"] == "Lefèvre"
    entry = AuditEntry.objects.get(action="export")
    assert entry.actor == direction_user and entry.object_id == str(mother.pk)
    assert entry.note == "json"


def test_accueil_export_is_refused_and_not_recorded(client_for, accueil_user, family):
    response = client_for(accueil_user).get(_url("person_export_json", family))
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action="export").exists()


def test_anonymise_asks_for_confirmation(client_for, direction_user, family):
    client = client_for(direction_user)
    page = client.get(_url("person_anonymise", family)).content.decode()
    assert "Anonymiser Hélène Lefèvre" in page and "Sont conservés" in page
    response = client.post(_url("person_anonymise", family), {})
    assert response.status_code == 400
    assert "Cochez la case pour confirmer" in response.content.decode()
    assert Person.objects.get(pk=family["mother"].pk).first_name == "Hélène"
    assert not Anonymisation.objects.exists()


def test_anonymise_confirmed(client_for, direction_user, family):
    client = client_for(direction_user)
    response = client.post(_url("person_anonymise", family), {"confirm": "on"}, follow=True)
    mother = Person.objects.get(pk=family["mother"].pk)
    assert mother.first_name == "Anonyme"
    page = response.content.decode()
    assert "a été anonymisée" in page and "Fiche anonymisée le" in page
    assert "Hélène" not in page
    assert AuditEntry.objects.filter(action="anonymise", actor=direction_user).count() == 1
    # A second visit says it is done and does nothing more.
    response = client.get(_url("person_anonymise", family), follow=True)
    assert "déjà anonymisée" in response.content.decode()
    assert Anonymisation.objects.count() == 1


def test_accueil_cannot_anonymise(client_for, accueil_user, family):
    response = client_for(accueil_user).post(_url("person_anonymise", family), {"confirm": "on"})
    assert response.status_code == 403
    assert Person.objects.get(pk=family["mother"].pk).first_name == "Hélène"


def test_unknown_person_is_404(client_for, direction_user, family):
    client = client_for(direction_user)
    for name in PERSON_VIEWS:
        assert client.get(reverse(name, args=[999999])).status_code == 404


def test_register_reads_the_retention_settings(client_for, coordination_user, settings):
    settings.TISSERAND_RETENTION_INACTIVE_YEARS = 4
    settings.TISSERAND_RETENTION_FOLLOW_UP_YEARS = 2
    page = client_for(coordination_user).get(reverse("processing_register")).content.decode()
    assert "Registre des activités de traitement" in page
    assert "4 ans après le dernier contact" in page
    assert "2 ans après le dernier contact" in page
    for heading in ("Finalités", "Base légale", "Catégories de données",
                    "Personnes concernées", "Destinataires", "Mesures de sécurité"):
        assert heading in page
    assert "data-print" in page and "privacy/register.css" in page


def test_privacy_page_and_json_export_query_budget(
    client_for, direction_user, family, django_assert_max_num_queries
):
    """The number of queries does not grow with the person's history (ten more
    attendances, at ten different ateliers, cost no query)."""
    from tisserand.activities.services import attendance_mark
    from tisserand.testing.factories import SessionFactory

    for day in range(1, 11):
        attendance_mark(session=SessionFactory(date=dt.date(2020, 3, day)), person=family["mother"])
    client = client_for(direction_user)
    with django_assert_max_num_queries(10):
        response = client.get(_url("person_privacy", family))
    assert response.status_code == 200
    assert "Rappels de rendez-vous" in response.content.decode()
    # 16 before issue 5, plus one for the appointments and one for the follow-up files
    # (their own growth is tested in test_follow_up_rgpd.py).
    with django_assert_max_num_queries(18):
        response = client.get(_url("person_export_json", family))
    assert response.status_code == 200
    attended = json.loads(response.content)["attendances"]
    assert sum(a["date"].startswith("2020-03-") for a in attended) == 10


def test_confirmation_page_lists_what_will_be_corrected_and_what_to_read(
    client_for, direction_user, family
):
    """GIVEN a journal naming « Hélène LEFEVRE » and another saying only « Mme Lefèvre »
    THEN the confirmation page lists the first as corrected, the second as to be read (by
    record number and field, never the text); after confirming, the first is corrected
    and the second left as it was."""
    from tisserand.activities.models import Session

    jan, feb = Session.objects.filter(activity__name="Gym douce").order_by("date")
    Session.objects.filter(pk=jan.pk).update(journal="Hélène LEFEVRE a aidé au rangement")
    Session.objects.filter(pk=feb.pk).update(journal="Mme Lefèvre absente")
    client = client_for(direction_user)
    page = client.get(_url("person_anonymise", family)).content.decode()
    corrected = page.split('class="identity-mentions"')[1].split("</ul>")[0]
    to_read = page.split('class="identity-review"')[1].split("</ul>")[0]
    assert f"Séance n° {jan.pk} (journal de séance)" in corrected
    assert f"Séance n° {feb.pk}" in to_read and f"Séance n° {feb.pk}" not in corrected
    assert "rangement" not in page and "absente" not in page
    client.post(_url("person_anonymise", family), {"confirm": "on"})
    assert Session.objects.get(pk=jan.pk).journal == (
        "[personne anonymisée] a aidé au rangement"
    )
    assert Session.objects.get(pk=feb.pk).journal == "Mme Lefèvre absente"
