"""Writes on follow-up files: refusals in French, nothing saved, audit without values."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone

from tisserand.audit.models import AuditEntry
from tisserand.followup import services
from tisserand.followup.models import Contact, FollowUpFile, Referral, Theme
from tisserand.followup.tests.conftest import CONTACT_NOTE, FILE_NOTE, FIRST_CONTACT, OPENED
from tisserand.people.models import Anonymisation
from tisserand.testing.factories import ActionFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def _entries(obj, action=None):
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk)
    )
    return entries.filter(action=action) if action else entries


def _no_value_in_trail(*texts):
    """No audit entry holds any of these texts (labels, notes and field lists alike)."""
    for entry in AuditEntry.objects.all():
        blob = f"{entry.object_label} {entry.note} {entry.fields}"
        for text in texts:
            assert text not in blob


# Opening ---------------------------------------------------------------------------------


def test_opening_a_file(followed, mediation_user):
    """GIVEN Hélène's file opened on 15/01/2020 by the mediator
    THEN it is open, its last contact is its latest contact, and the trail names the
    fields filled, never the notes' text."""
    file = followed["file"]
    assert file.is_open and file.created_by == mediation_user
    assert file.last_contact_on == FIRST_CONTACT
    entry = _entries(file, "create").get()
    assert entry.actor == mediation_user
    assert set(entry.fields) == {"person", "action", "referent", "opened_on", "notes"}
    assert entry.note == f"Personne n° {followed['helene'].pk}"
    _no_value_in_trail(FILE_NOTE, CONTACT_NOTE, "Hélène", "Lefèvre")


def test_opening_without_contact_starts_at_the_opening_date(followed):
    file = services.follow_up_open(person=followed["karim"], opened_on=dt.date(2020, 3, 2))
    assert file.last_contact_on == dt.date(2020, 3, 2)


def test_a_second_open_file_for_the_same_action_is_refused(followed):
    """WHEN the mediator opens a second file for Hélène in the same action
    THEN it is refused with a message naming the file in progress; nothing is saved."""
    file = followed["file"]
    with pytest.raises(services.FileAlreadyOpen) as refused:
        services.follow_up_open(
            person=followed["helene"], opened_on=dt.date(2020, 3, 1), action=followed["action"]
        )
    assert refused.value.existing == file
    message = refused.value.messages[0]
    assert f"dossier n° {file.pk}" in message and "15/01/2020" in message
    assert "déjà un dossier en cours" in message
    assert FollowUpFile.objects.filter(person=followed["helene"]).count() == 1


def test_two_open_files_without_action_are_refused_too(followed):
    """The database constraint lets NULL actions through: the service does not."""
    karim = followed["karim"]
    first = services.follow_up_open(person=karim, opened_on=dt.date(2020, 3, 2))
    with pytest.raises(services.FileAlreadyOpen) as refused:
        services.follow_up_open(person=karim, opened_on=dt.date(2020, 3, 3))
    assert refused.value.existing == first
    assert FollowUpFile.objects.filter(person=karim).count() == 1


def test_another_action_or_a_closed_file_allows_a_new_one(followed):
    helene = followed["helene"]
    other = services.follow_up_open(
        person=helene, opened_on=dt.date(2020, 3, 1), action=ActionFactory(name="Numérique")
    )
    assert other.is_open
    services.follow_up_close(file=followed["file"], closed_on=dt.date(2020, 3, 1))
    again = services.follow_up_open(
        person=helene, opened_on=dt.date(2020, 4, 1), action=followed["action"]
    )
    assert again.is_open and FollowUpFile.objects.filter(person=helene).count() == 3


def test_opening_in_the_future_or_for_an_anonymised_person_is_refused(followed):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="dans le futur"):
        services.follow_up_open(person=followed["karim"], opened_on=tomorrow)
    Anonymisation.objects.create(person=followed["karim"], anonymised_on=dt.date(2020, 1, 1))
    with pytest.raises(ValidationError, match="anonymisée"):
        services.follow_up_open(person=followed["karim"], opened_on=dt.date(2020, 3, 1))
    assert not FollowUpFile.objects.filter(person=followed["karim"]).exists()


# Updating --------------------------------------------------------------------------------


def test_update_logs_the_changed_field_names(followed):
    file = services.follow_up_update(
        file=followed["file"], notes="Nouvelle note", whole_household=True
    )
    assert (file.notes, file.whole_household) == ("Nouvelle note", True)
    entry = _entries(file, "update").get()
    assert set(entry.fields) == {"notes", "whole_household"}
    _no_value_in_trail("Nouvelle note", FILE_NOTE)


def test_update_refuses_unknown_fields_and_a_clashing_action(followed):
    file = followed["file"]
    with pytest.raises(TypeError):
        services.follow_up_update(file=file, status="closed")
    other = services.follow_up_open(
        person=followed["helene"], opened_on=dt.date(2020, 3, 1), action=ActionFactory()
    )
    with pytest.raises(services.FileAlreadyOpen):
        services.follow_up_update(file=other, action=followed["action"])
    other.refresh_from_db()
    assert other.action != followed["action"]


# Contacts --------------------------------------------------------------------------------


def test_contact_moves_the_last_contact_date(followed):
    """WHEN a contact of 10/03/2020 is added THEN the last contact is 10/03/2020;
    WHEN then a forgotten contact of 20/01/2020 is added THEN it stays 10/03/2020."""
    file = followed["file"]
    services.contact_add(file=file, date=dt.date(2020, 3, 10), mode=Contact.Mode.HOME)
    file.refresh_from_db()
    assert file.last_contact_on == dt.date(2020, 3, 10)
    services.contact_add(file=file, date=dt.date(2020, 1, 20), mode=Contact.Mode.CENTRE)
    file.refresh_from_db()
    assert file.last_contact_on == dt.date(2020, 3, 10)
    assert file.contacts.count() == 3


def test_contact_keeps_its_themes_and_the_trail_names_fields_only(followed):
    contact = followed["contact"]
    assert set(contact.themes.values_list("name", flat=True)) == {"Logement", "Santé"}
    entry = _entries(contact, "create").get()
    assert set(entry.fields) == {"date", "mode", "minutes", "note", "themes"}
    assert entry.note == f"Dossier d'accompagnement n° {followed['file'].pk}"


@pytest.mark.parametrize(
    ("day", "message"),
    [(dt.date(2020, 1, 10), "précède l'ouverture"), (None, "dans le futur")],
)
def test_contact_out_of_the_file_dates_is_refused(followed, day, message):
    day = day or timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError, match=message):
        services.contact_add(file=followed["file"], date=day, mode=Contact.Mode.PHONE)
    assert followed["file"].contacts.count() == 1


def test_no_contact_nor_referral_on_a_closed_file(followed):
    file = services.follow_up_close(file=followed["file"], closed_on=dt.date(2020, 3, 1))
    with pytest.raises(ValidationError, match="rouvrez-le"):
        services.contact_add(file=file, date=dt.date(2020, 3, 2), mode=Contact.Mode.PHONE)
    with pytest.raises(ValidationError, match="rouvrez-le"):
        services.referral_add(file=file, date=dt.date(2020, 3, 2),
                              partner=followed["partner"], reason="Autre")
    assert (file.contacts.count(), file.referrals.count()) == (1, 1)
    file.refresh_from_db()
    assert file.last_contact_on == FIRST_CONTACT


# Referrals -------------------------------------------------------------------------------


def test_referral_and_its_outcome(followed):
    """WHEN the CCAS answers THEN the outcome is recorded, also once the file is closed."""
    referral = followed["referral"]
    assert referral.outcome == Referral.Outcome.PENDING
    services.follow_up_close(file=followed["file"], closed_on=dt.date(2020, 3, 1))
    referral = services.referral_outcome_set(
        referral=referral, outcome=Referral.Outcome.DONE, outcome_note="Aide accordée"
    )
    assert Referral.objects.get(pk=referral.pk).outcome == Referral.Outcome.DONE
    entry = _entries(referral, "update").get()
    assert set(entry.fields) == {"outcome", "outcome_note"}
    _no_value_in_trail("Aide accordée")


def test_referral_before_the_opening_is_refused(followed):
    with pytest.raises(ValidationError, match="précède l'ouverture"):
        services.referral_add(file=followed["file"], date=dt.date(2020, 1, 2),
                              partner=PartnerFactory(), reason="Droits")
    assert followed["file"].referrals.count() == 1


# Closing and reopening -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (dt.date(2020, 1, 10), "précède la date d'ouverture"),
        (dt.date(2020, 1, 20), r"précède le dernier contact \(le 03/02/2020\)"),
        (None, "dans le futur"),
    ],
)
def test_closing_dates_are_checked(followed, day, message):
    day = day or timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError, match=message):
        services.follow_up_close(file=followed["file"], closed_on=day)
    file = FollowUpFile.objects.get(pk=followed["file"].pk)
    assert file.is_open and file.closed_on is None


def test_close_and_reopen(followed):
    file = services.follow_up_close(file=followed["file"], closed_on=FIRST_CONTACT)
    assert (file.status, file.closed_on) == (FollowUpFile.Status.CLOSED, FIRST_CONTACT)
    with pytest.raises(ValidationError, match="déjà clos"):
        services.follow_up_close(file=file, closed_on=FIRST_CONTACT)
    file = services.follow_up_reopen(file=file)
    assert file.is_open and file.closed_on is None
    with pytest.raises(ValidationError, match="déjà en cours"):
        services.follow_up_reopen(file=file)
    assert [set(e.fields) for e in _entries(file, "update").order_by("pk")] == [
        {"status", "closed_on"}, {"status", "closed_on"},
    ]


def test_reopening_is_refused_when_another_file_is_open(followed):
    file = services.follow_up_close(file=followed["file"], closed_on=FIRST_CONTACT)
    newer = services.follow_up_open(
        person=followed["helene"], opened_on=dt.date(2020, 3, 1), action=followed["action"]
    )
    with pytest.raises(services.FileAlreadyOpen) as refused:
        services.follow_up_reopen(file=file)
    assert refused.value.existing == newer
    assert not FollowUpFile.objects.get(pk=file.pk).is_open


def test_reopening_an_erased_file_is_refused(followed):
    file = services.follow_up_close(file=followed["file"], closed_on=FIRST_CONTACT)
    services.follow_up_notes_erase(files=FollowUpFile.objects.filter(pk=file.pk),
                                   on=dt.date(2022, 3, 1))
    with pytest.raises(ValidationError, match="nouveau dossier"):
        services.follow_up_reopen(file=file)
    assert not FollowUpFile.objects.get(pk=file.pk).is_open


# Erasure ---------------------------------------------------------------------------------


def test_erasing_notes_keeps_what_the_figures_count(followed):
    """WHEN the notes of Hélène's file are erased THEN the file's notes, the contact's
    note and the outcome's details are empty; dates, mode, minutes, themes, partner and
    outcome stay; the neighbour's file is untouched."""
    services.referral_outcome_set(referral=followed["referral"], outcome="done",
                                  outcome_note="Aide accordée")
    karim_file = services.follow_up_open(person=followed["karim"], opened_on=OPENED,
                                         notes="Autre dossier")
    erased = services.follow_up_notes_erase(
        files=FollowUpFile.objects.filter(pk=followed["file"].pk), on=dt.date(2022, 5, 1)
    )
    assert erased == [followed["file"].pk]
    file = FollowUpFile.objects.get(pk=followed["file"].pk)
    assert (file.notes, file.notes_erased_on) == ("", dt.date(2022, 5, 1))
    contact = Contact.objects.get(pk=followed["contact"].pk)
    assert contact.note == ""
    assert (contact.date, contact.mode, contact.minutes) == (FIRST_CONTACT, "phone", 20)
    assert contact.themes.count() == 2
    referral = Referral.objects.get(pk=followed["referral"].pk)
    assert (referral.outcome, referral.outcome_note) == ("done", "")
    assert referral.partner == followed["partner"]
    assert FollowUpFile.objects.get(pk=karim_file.pk).notes == "Autre dossier"
    assert Theme.objects.filter(name="Logement").exists()


def test_no_write_on_the_file_of_an_anonymised_person(followed):
    Anonymisation.objects.create(person=followed["helene"], anonymised_on=dt.date(2021, 1, 1))
    file = followed["file"]
    with pytest.raises(ValidationError, match="anonymisée"):
        services.follow_up_update(file=file, notes="Retour")
    with pytest.raises(ValidationError, match="anonymisée"):
        services.contact_add(file=file, date=dt.date(2020, 3, 2), mode=Contact.Mode.PHONE)
    assert FollowUpFile.objects.get(pk=file.pk).notes == FILE_NOTE

