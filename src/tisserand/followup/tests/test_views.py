"""The follow-up screens: what the mediator and the direction do, what nobody else can do
(403 and nothing saved), the consultation written to the trail, the admin left out."""

import datetime as dt

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from tisserand.audit.models import AuditEntry
from tisserand.core.roles import (
    ACCUEIL,
    ADMINISTRATEUR,
    ANIMATEUR,
    BENEVOLE,
    COMPTABLE,
    COORDINATION,
    DIRECTION,
)
from tisserand.followup import services
from tisserand.followup.models import Contact, FollowUpFile, Referral, Theme
from tisserand.followup.tests.conftest import CONTACT_NOTE, FILE_NOTE, FIRST_CONTACT
from tisserand.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

REFUSED_ROLES = [COORDINATION, ACCUEIL, ANIMATEUR, BENEVOLE, COMPTABLE, ADMINISTRATEUR]


def _views_of(file) -> int:
    return AuditEntry.objects.filter(
        action=AuditEntry.Action.VIEW,
        content_type=ContentType.objects.get_for_model(FollowUpFile), object_id=str(file.pk),
    ).count()


def _url(name, obj=None) -> str:
    return reverse(name, args=[obj.pk]) if obj is not None else reverse(name)


# The mediator's day ----------------------------------------------------------------------


def test_list_shows_files_but_no_confidential_text(client_for, mediation_user, followed):
    page = client_for(mediation_user).get(_url("followup_list")).content.decode()
    assert "Lefèvre Hélène" in page and _url("followup_detail", followed["file"]) in page
    assert "1 contact" in page and "03/02/2020" in page
    assert FILE_NOTE not in page and CONTACT_NOTE not in page
    assert _views_of(followed["file"]) == 0  # a list is not a consultation of the file


def test_list_search_answers_htmx_with_the_results_only(client_for, mediation_user, followed):
    response = client_for(mediation_user).get(
        _url("followup_list"), {"q": "helene"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert "Lefèvre Hélène" in page and "<html" not in page
    response = client_for(mediation_user).get(_url("followup_list"), {"q": "benali"})
    assert "Aucun dossier ne correspond" in response.content.decode()


def test_file_page_shows_the_file_and_records_each_consultation(
    client_for, mediation_user, followed
):
    """WHEN the mediator opens Hélène's file twice THEN she sees the person's summary,
    the notes, the contact with its themes and the referral, and the trail holds two
    consultations signed by her, with no text of the file."""
    client = client_for(mediation_user)
    file = followed["file"]
    page = client.get(_url("followup_detail", file)).content.decode()
    for expected in (
        "Hélène Lefèvre", "Famille monoparentale", "2 membres", "Habite en QPV",
        FILE_NOTE, CONTACT_NOTE, "Logement", "Santé", "Par téléphone", "20 min",
        "CCAS de Lille", "Demande d&#x27;aide au logement", "En attente",
    ):
        assert expected in page, expected
    client.get(_url("followup_detail", file))
    entries = AuditEntry.objects.filter(action=AuditEntry.Action.VIEW,
                                        object_id=str(file.pk))
    assert entries.count() == 2
    entry = entries.first()
    assert entry.actor == mediation_user
    assert entry.object_label == f"Dossier d'accompagnement n° {file.pk}"
    assert FILE_NOTE not in entry.note and "Hélène" not in entry.note


def test_file_page_query_count_does_not_grow(
    client_for, mediation_user, followed, django_assert_max_num_queries
):
    client = client_for(mediation_user)
    file = followed["file"]
    themes = list(Theme.objects.all()[:4])
    for day in range(1, 16):
        services.contact_add(file=file, date=dt.date(2020, 3, day), mode=Contact.Mode.HOME,
                             themes=themes, note=f"Passage {day}", by=mediation_user)
        services.referral_add(file=file, date=dt.date(2020, 3, day),
                              partner=followed["partner"], reason="Droits")
    with django_assert_max_num_queries(22):
        response = client.get(_url("followup_detail", file))
    assert response.status_code == 200
    assert response.content.decode().count("Passage ") == 15


def test_person_page_links_to_the_files_for_the_follow_up_roles_only(
    client_for, mediation_user, followed
):
    helene = followed["helene"]
    link = f"{_url('followup_list')}?person={helene.pk}"
    page = client_for(mediation_user).get(_url("person_detail", helene)).content.decode()
    assert link in page and "Dossier d'accompagnement" in page
    assert FILE_NOTE not in page and CONTACT_NOTE not in page
    for role in (ACCUEIL, COORDINATION):
        user = UserFactory(username=f"fiche-{role}", roles=[role])
        page = client_for(user).get(_url("person_detail", helene)).content.decode()
        assert "accompagnement" not in page.lower(), role


def test_files_of_one_person_from_her_page(client_for, mediation_user, followed):
    """The person page's link lists her files, open or closed, and offers a new one."""
    helene = followed["helene"]
    services.follow_up_close(file=followed["file"], closed_on=FIRST_CONTACT)
    page = client_for(mediation_user).get(
        _url("followup_list"), {"person": helene.pk}
    ).content.decode()
    assert "Dossiers de Hélène Lefèvre" in page and "Clos" in page
    assert f"{_url('followup_create')}?person={helene.pk}" in page
    assert "Benali" not in page


def test_new_file_by_searching_the_person(client_for, mediation_user, followed):
    client = client_for(mediation_user)
    karim = followed["karim"]
    page = client.get(_url("followup_create")).content.decode()
    assert 'name="q"' in page and 'name="opened_on"' not in page
    results = client.get(
        _url("followup_person_search"), {"q": "benali"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert f"{_url('followup_create')}?person={karim.pk}" in results
    results = client.get(_url("followup_person_search"), {"q": "lefevre"},
                         HTTP_HX_REQUEST="true").content.decode()
    assert "1 dossier en cours" in results


def test_new_file_from_the_person_page(client_for, mediation_user, followed):
    client = client_for(mediation_user)
    karim = followed["karim"]
    page = client.get(_url("followup_create"), {"person": karim.pk}).content.decode()
    assert "Karim Benali" in page and 'name="opened_on"' in page
    response = client.post(_url("followup_create"), {
        "person": karim.pk, "opened_on": "2020-03-02", "notes": "Premier accueil",
        "referent": mediation_user.contributor.pk,
    })
    file = FollowUpFile.objects.get(person=karim)
    assert response.status_code == 302 and response["Location"] == _url("followup_detail", file)
    assert (file.notes, file.referent, file.created_by) == (
        "Premier accueil", mediation_user.contributor, mediation_user,
    )
    assert AuditEntry.objects.filter(action="create", object_id=str(file.pk),
                                     actor=mediation_user).exists()


def test_second_file_is_refused_with_a_link_to_the_first(client_for, mediation_user, followed):
    file = followed["file"]
    response = client_for(mediation_user).post(_url("followup_create"), {
        "person": followed["helene"].pk, "opened_on": "2020-03-02",
        "action": followed["action"].pk,
    })
    page = response.content.decode()
    assert response.status_code == 200
    assert f"dossier n° {file.pk}" in page and _url("followup_detail", file) in page
    assert FollowUpFile.objects.filter(person=followed["helene"]).count() == 1


def test_edit_shows_the_notes_records_it_and_saves(client_for, mediation_user, followed):
    client = client_for(mediation_user)
    file = followed["file"]
    page = client.get(_url("followup_update", file)).content.decode()
    assert FILE_NOTE in page and _views_of(file) == 1
    response = client.post(_url("followup_update", file), {
        "notes": "Relogement obtenu", "action": followed["action"].pk, "whole_household": "on",
    })
    assert response.status_code == 302
    file.refresh_from_db()
    assert (file.notes, file.whole_household, file.referent) == ("Relogement obtenu", True, None)


def test_add_a_contact(client_for, mediation_user, followed):
    file = followed["file"]
    logement = Theme.objects.get(name="Logement")
    response = client_for(mediation_user).post(_url("followup_contact_add", file), {
        "date": "2020-03-17", "mode": Contact.Mode.PHONE, "minutes": "15",
        "themes": [logement.pk], "note": "Confinement : appel de suivi",
    })
    assert response.status_code == 302 and response["Location"].endswith("#contacts")
    contact = file.contacts.get(date=dt.date(2020, 3, 17))
    assert contact.recorded_by == mediation_user and list(contact.themes.all()) == [logement]
    file.refresh_from_db()
    assert file.last_contact_on == dt.date(2020, 3, 17)


def test_a_refused_contact_shows_the_error_and_saves_nothing(
    client_for, mediation_user, followed
):
    file = followed["file"]
    response = client_for(mediation_user).post(_url("followup_contact_add", file), {
        "date": "2020-01-02", "mode": Contact.Mode.PHONE,
    })
    assert response.status_code == 200
    assert "précède l&#x27;ouverture du dossier" in response.content.decode()
    assert file.contacts.count() == 1


def test_referral_and_its_outcome(client_for, mediation_user, followed):
    client = client_for(mediation_user)
    file, referral = followed["file"], followed["referral"]
    response = client.post(_url("followup_referral_add", file), {
        "date": "2020-03-03", "partner": followed["partner"].pk, "reason": "Épicerie solidaire",
    })
    assert response.status_code == 302 and file.referrals.count() == 2
    response = client.post(_url("followup_referral_update", referral), {
        f"r{referral.pk}-outcome": Referral.Outcome.DONE,
        f"r{referral.pk}-outcome_note": "Aide accordée",
    })
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.outcome, referral.outcome_note) == ("done", "Aide accordée")


def test_close_then_reopen(client_for, mediation_user, followed):
    client = client_for(mediation_user)
    file = followed["file"]
    response = client.post(_url("followup_close", file), {"closed_on": "2020-01-20"})
    assert "précède le dernier contact" in response.content.decode()
    assert FollowUpFile.objects.get(pk=file.pk).is_open
    client.post(_url("followup_close", file), {"closed_on": "2020-03-31"})
    file.refresh_from_db()
    assert (file.status, file.closed_on) == ("closed", dt.date(2020, 3, 31))
    page = client.get(_url("followup_detail", file)).content.decode()
    assert _url("followup_reopen", file) in page and _url("followup_contact_add", file) not in page
    client.post(_url("followup_reopen", file))
    file.refresh_from_db()
    assert file.is_open and file.closed_on is None


def test_reopen_refused_when_another_file_is_open(client_for, mediation_user, followed):
    file = services.follow_up_close(file=followed["file"], closed_on=FIRST_CONTACT)
    newer = services.follow_up_open(person=followed["helene"], opened_on=dt.date(2020, 4, 1),
                                    action=followed["action"])
    response = client_for(mediation_user).post(_url("followup_reopen", file))
    assert _url("followup_detail", newer) in response.content.decode()
    assert not FollowUpFile.objects.get(pk=file.pk).is_open


def test_direction_opens_and_writes_too(client_for, direction_user, followed):
    client = client_for(direction_user)
    file = followed["file"]
    assert client.get(_url("followup_detail", file)).status_code == 200
    response = client.post(_url("followup_contact_add", file),
                           {"date": "2020-03-02", "mode": Contact.Mode.CENTRE})
    assert response.status_code == 302 and file.contacts.count() == 2
    assert _views_of(file) == 1


# Everybody else --------------------------------------------------------------------------


def _snapshot(followed, closed):
    file = FollowUpFile.objects.get(pk=followed["file"].pk)
    referral = Referral.objects.get(pk=followed["referral"].pk)
    return (
        FollowUpFile.objects.count(), Contact.objects.count(), Referral.objects.count(),
        file.notes, file.status, file.whole_household, referral.outcome,
        FollowUpFile.objects.get(pk=closed.pk).status,
        AuditEntry.objects.filter(action__in=["view", "create", "update"]).count(),
    )


@pytest.mark.parametrize("role", REFUSED_ROLES)
def test_other_roles_are_refused_reading_and_writing(client_for, followed, role):
    """GIVEN a user of another role of the centre
    WHEN they open any follow-up screen or post to any of them
    THEN each answer is 403, and nothing is saved nor recorded as consulted."""
    closed = services.follow_up_close(
        file=services.follow_up_open(person=followed["karim"], opened_on=FIRST_CONTACT),
        closed_on=FIRST_CONTACT,
    )
    client = client_for(UserFactory(username=f"intrus-{role}", roles=[role]))
    file, referral = followed["file"], followed["referral"]
    before = _snapshot(followed, closed)
    for url in (
        _url("followup_list"), _url("followup_create"), _url("followup_person_search"),
        _url("followup_detail", file), _url("followup_update", file),
    ):
        assert client.get(url).status_code == 403, url
    posts = [
        (_url("followup_create"), {"person": followed["karim"].pk, "opened_on": "2020-03-02"}),
        (_url("followup_update", file), {"notes": "Intrusion", "whole_household": "on"}),
        (_url("followup_contact_add", file), {"date": "2020-03-02", "mode": "phone"}),
        (_url("followup_referral_add", file),
         {"date": "2020-03-02", "partner": followed["partner"].pk, "reason": "Intrusion"}),
        (_url("followup_referral_update", referral), {f"r{referral.pk}-outcome": "done"}),
        (_url("followup_close", file), {"closed_on": "2020-03-02"}),
        (_url("followup_reopen", closed), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
        assert client.post(url, data, HTTP_HX_REQUEST="true").status_code == 403, url
    assert _snapshot(followed, closed) == before


def test_the_django_admin_does_not_list_the_files(client, followed):
    """Even a superuser (the direction, staff) finds only the themes in the admin."""
    for model in (FollowUpFile, Contact, Referral):
        assert not admin.site.is_registered(model)
    assert admin.site.is_registered(Theme)
    superuser = UserFactory(username="super", is_staff=True, is_superuser=True,
                            roles=[DIRECTION])
    client.force_login(superuser)
    index = client.get(reverse("admin:index")).content.decode()
    assert "Thèmes d&#x27;accompagnement" in index
    assert "Dossiers d&#x27;accompagnement" not in index
    assert "Orientations vers des partenaires" not in index
    assert "/admin/followup/contact/" not in index
    assert client.get("/admin/followup/followupfile/").status_code == 404
    contact_page = f"/admin/followup/contact/{followed['contact'].pk}/change/"
    assert client.get(contact_page).status_code == 404
