"""The RGPD side of appointments and follow-up files: the export holds them, anonymisation
erases their free texts and keeps what the figures count, retention counts them as
contacts and erases the notes of old files."""

import datetime as dt
import io
import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from tisserand.audit.models import AuditEntry
from tisserand.core.roles import MEDIATION
from tisserand.desks.models import Appointment, DeskSession, RequestKind
from tisserand.followup import services as followup
from tisserand.followup.models import Contact, FollowUpFile, Referral, Theme
from tisserand.people.models import Anonymisation, Person
from tisserand.privacy.exporters import person_export_html, person_export_json
from tisserand.privacy.retention import follow_up_files_to_purge, persons_to_anonymise, purge
from tisserand.privacy.services import person_anonymise
from tisserand.testing.desk_factories import AppointmentFactory, DeskFactory, DeskSessionFactory
from tisserand.testing.factories import PartnerFactory, PersonFactory, UserFactory
from tisserand.testing.system import require_pdf

pytestmark = pytest.mark.django_db

FILE_NOTE = "Violences conjugales signalées"
CONTACT_NOTE = "Appel : hébergement trouvé"
OUTCOME_NOTE = "Place en foyer le 12 mars"
SUBJECT = "Courrier CAF"


def _appointment(person, day, **fields):
    desk = DeskFactory(name="Écrivains publics")
    session = DeskSession.objects.filter(desk=desk, date=day).first() or DeskSessionFactory(
        desk=desk, date=day
    )
    return AppointmentFactory(session=session, person=person, **fields)


@pytest.fixture
def followed(family):
    """GIVEN Hélène (the family of conftest) with:
    - an honoured appointment at the Écrivains publics on 4 Feb 2020 ("Courrier CAF",
      request kind Logement), and one she cancelled on 10 March 2020;
    - a follow-up file opened on 15 Jan 2020 (confidential notes), one phone contact on
      3 Feb 2020 (themes Logement, Violences, a note), one referral to the CCAS, done,
      with details;
    and her neighbour Karim with his own appointment and file (none of which is hers)."""
    mother, neighbour = family["mother"], family["neighbour"]
    kind = RequestKind.objects.get(group="letter", name="Logement")
    honoured = _appointment(mother, dt.date(2020, 2, 4), status=Appointment.Status.HONOURED,
                            subject=SUBJECT, minutes_spent=30)
    honoured.kinds.set([kind])
    _appointment(mother, dt.date(2020, 3, 10), start_time=dt.time(15),
                 status=Appointment.Status.CANCELLED_BY_PERSON, subject="Dossier MDPH")
    _appointment(neighbour, dt.date(2020, 2, 4), start_time=dt.time(14, 30),
                 subject="Titre de séjour de Karim")
    file = followup.follow_up_open(person=mother, opened_on=dt.date(2020, 1, 15),
                                   notes=FILE_NOTE)
    contact = followup.contact_add(
        file=file, date=dt.date(2020, 2, 3), mode=Contact.Mode.PHONE, minutes=25,
        themes=Theme.objects.filter(name__in=["Logement", "Violences"]), note=CONTACT_NOTE,
    )
    referral = followup.referral_add(file=file, date=dt.date(2020, 2, 3),
                                     partner=PartnerFactory(name="CCAS de Lille"),
                                     reason="Hébergement d'urgence")
    followup.referral_outcome_set(referral=referral, outcome=Referral.Outcome.DONE,
                                  outcome_note=OUTCOME_NOTE)
    other = followup.follow_up_open(person=neighbour, opened_on=dt.date(2020, 1, 20),
                                    notes="Note sur Karim")
    return {**family, "file": file, "contact": contact, "referral": referral,
            "honoured": honoured, "other_file": other}


# Export ----------------------------------------------------------------------------------


def _json(person) -> dict:
    return json.loads(person_export_json(person=person)[2])


def test_export_holds_her_appointments(followed):
    data = _json(followed["mother"])
    assert data["appointments"] == [
        {"date": "2020-02-04", "start_time": "14:00:00", "desk": "Écrivains publics",
         "walk_in": False, "status": "honoured", "status_label": "Reçu", "subject": SUBJECT,
         "kinds": ["Courriers – Logement"], "minutes_spent": 30},
        {"date": "2020-03-10", "start_time": "15:00:00", "desk": "Écrivains publics",
         "walk_in": False, "status": "cancelled_person",
         "status_label": "Annulé par la personne", "subject": "Dossier MDPH", "kinds": [],
         "minutes_spent": None},
    ]


def test_export_holds_her_follow_up_file(followed):
    (file,) = _json(followed["mother"])["follow_up_files"]
    assert (file["id"], file["status"], file["opened_on"]) == (
        followed["file"].pk, "open", "2020-01-15",
    )
    assert (file["notes"], file["last_contact_on"]) == (FILE_NOTE, "2020-02-03")
    assert file["contacts"] == [
        {"date": "2020-02-03", "mode": "phone", "mode_label": "Par téléphone", "minutes": 25,
         "themes": ["Logement", "Violences"], "note": CONTACT_NOTE},
    ]
    assert file["referrals"] == [
        {"date": "2020-02-03", "partner": "CCAS de Lille", "reason": "Hébergement d'urgence",
         "outcome": "done", "outcome_label": "Aboutie", "outcome_note": OUTCOME_NOTE},
    ]


def test_export_holds_nothing_of_the_neighbour(followed):
    text = json.dumps(_json(followed["mother"]), ensure_ascii=False)
    assert "Karim" not in text and "Titre de séjour" not in text


def test_export_lists_who_opened_her_file_without_names(followed, client_for):
    """WHEN the mediator opens Hélène's file THEN her export lists that consultation
    (date, action, object), not the mediator's name."""
    mediator = UserFactory(username="nadia", first_name="Nadia", roles=[MEDIATION])
    client_for(mediator).get(reverse("followup_detail", args=[followed["file"].pk]))
    audit = _json(followed["mother"])["audit"]
    views = [e for e in audit if e["action"] == "view"]
    assert [e["object"] for e in views] == [f"Dossier d'accompagnement n° {followed['file'].pk}"]
    assert "nadia" not in json.dumps(audit).lower()
    assert not [e for e in _json(followed["neighbour"])["audit"] if e["action"] == "view"]


def test_export_document_shows_them(followed):
    html = person_export_html(person=followed["mother"])
    for expected in ("Rendez-vous aux permanences", "Écrivains publics", SUBJECT,
                     "Accompagnement individuel", FILE_NOTE, CONTACT_NOTE, "CCAS de Lille",
                     "Logement, Violences"):
        assert expected in html, expected


@pytest.mark.pdf
def test_pdf_export_holds_the_follow_up(followed, direction_user, client_for):
    require_pdf()
    response = client_for(direction_user).get(
        reverse("person_export_pdf", args=[followed["mother"].pk])
    )
    reader = PdfReader(io.BytesIO(response.content))
    # Table cells wrap their lines: compare words, not line breaks.
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for expected in ("Accompagnement individuel", "Violences conjugales", "Écrivains publics",
                     "Courrier CAF"):
        assert expected in text, expected
    assert "Karim" not in text


def test_export_query_count_does_not_grow_with_files(followed, django_assert_max_num_queries):
    """Ten more contacts, referrals and appointments cost no query."""
    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            person_export_json(person=followed["mother"])
        return len(queries)

    before = count()
    for day in range(1, 11):
        followup.contact_add(file=followed["file"], date=dt.date(2020, 4, day),
                             mode=Contact.Mode.HOME, themes=Theme.objects.all()[:2])
        followup.referral_add(file=followed["file"], date=dt.date(2020, 4, day),
                              partner=PartnerFactory(), reason="Droits")
        _appointment(followed["mother"], dt.date(2020, 4, day)).kinds.set(
            RequestKind.objects.all()[:2]
        )
    assert count() == before


# Anonymisation ---------------------------------------------------------------------------


def test_anonymisation_erases_free_texts_and_keeps_what_figures_count(followed, direction_user):
    """WHEN Hélène is anonymised
    THEN her file's notes, her contact's note, the details of the referral's outcome and
    her appointments' subjects are erased; dates, modes, durations, themes, partner,
    outcome, statuses and request kinds stay; Karim's appointment and file are untouched."""
    person_anonymise(person=followed["mother"], by=direction_user)
    file = FollowUpFile.objects.get(pk=followed["file"].pk)
    assert (file.notes, file.notes_erased_on) == ("", Anonymisation.objects.get().anonymised_on)
    assert (file.status, file.opened_on, file.last_contact_on) == (
        "open", dt.date(2020, 1, 15), dt.date(2020, 2, 3),
    )
    contact = Contact.objects.get(pk=followed["contact"].pk)
    assert (contact.note, contact.mode, contact.minutes) == ("", "phone", 25)
    assert sorted(contact.themes.values_list("name", flat=True)) == ["Logement", "Violences"]
    referral = Referral.objects.get(pk=followed["referral"].pk)
    assert (referral.outcome, referral.outcome_note, referral.partner.name) == (
        "done", "", "CCAS de Lille",
    )
    mine = Appointment.objects.filter(person=followed["mother"]).order_by("session__date")
    assert [(a.subject, a.status) for a in mine] == [
        ("", "honoured"), ("", "cancelled_person"),
    ]
    assert [str(k) for k in mine[0].kinds.all()] == ["Courriers – Logement"]
    assert Appointment.objects.get(person=followed["neighbour"]).subject == (
        "Titre de séjour de Karim"
    )
    assert FollowUpFile.objects.get(pk=followed["other_file"].pk).notes == "Note sur Karim"


def test_anonymisation_records_each_erasure_without_values(followed, direction_user):
    person_anonymise(person=followed["mother"], by=direction_user)
    file_entry = AuditEntry.objects.get(
        action="anonymise", content_type=ContentType.objects.get_for_model(FollowUpFile),
    )
    assert (file_entry.object_id, file_entry.fields, file_entry.actor) == (
        str(followed["file"].pk), ["notes"], direction_user,
    )
    appointment_entries = AuditEntry.objects.filter(
        action="anonymise", content_type=ContentType.objects.get_for_model(Appointment),
    )
    assert sorted(e.fields[0] for e in appointment_entries) == ["subject", "subject"]
    for entry in AuditEntry.objects.all():
        blob = f"{entry.object_label} {entry.note} {entry.fields}"
        for text in (FILE_NOTE, CONTACT_NOTE, OUTCOME_NOTE, SUBJECT, "Hélène"):
            assert text not in blob


def test_the_anonymised_persons_file_is_read_only(followed, direction_user, client_for):
    person_anonymise(person=followed["mother"], by=direction_user)
    client = client_for(direction_user)
    url = reverse("followup_detail", args=[followed["file"].pk])
    page = client.get(url).content.decode()
    assert "a été anonymisée" in page and FILE_NOTE not in page
    assert reverse("followup_contact_add", args=[followed["file"].pk]) not in page
    client.post(reverse("followup_contact_add", args=[followed["file"].pk]),
                {"date": "2020-03-01", "mode": "phone"})
    assert Contact.objects.filter(file=followed["file"]).count() == 1


# Retention -------------------------------------------------------------------------------

TODAY = dt.date(2024, 3, 15)  # persons: 15/03/2021; follow-up files: 15/03/2022


def _old_person(name: str) -> Person:
    person = PersonFactory(first_name=name, last_name="Témoin")
    Person.objects.filter(pk=person.pk).update(
        created_at=dt.datetime(2018, 1, 10, 10, tzinfo=dt.UTC)
    )
    return person


@pytest.mark.parametrize(
    ("status", "day", "kept"),
    [
        (Appointment.Status.CANCELLED_BY_PERSON, dt.date(2021, 3, 16), True),
        (Appointment.Status.ABSENT, dt.date(2021, 3, 15), True),
        (Appointment.Status.HONOURED, dt.date(2021, 3, 12), False),
    ],
)
def test_an_appointment_of_any_status_is_a_contact(db, status, day, kept):
    person = _old_person("Rendez-vous")
    _appointment(person, day, status=status)
    assert (person not in set(persons_to_anonymise(today=TODAY))) is kept


def test_a_follow_up_contact_is_a_contact(db):
    """GIVEN a file opened in 2019 with a contact on 20/03/2021 THEN the person is kept;
    GIVEN a file whose last contact was 10/03/2021 THEN the person is due."""
    recent, old = _old_person("Suivie"), _old_person("Ancienne")
    file = followup.follow_up_open(person=recent, opened_on=dt.date(2019, 5, 1))
    followup.contact_add(file=file, date=dt.date(2021, 3, 20), mode=Contact.Mode.PHONE)
    file = followup.follow_up_open(person=old, opened_on=dt.date(2019, 5, 1))
    followup.contact_add(file=file, date=dt.date(2021, 3, 10), mode=Contact.Mode.PHONE)
    due = set(persons_to_anonymise(today=TODAY))
    assert recent not in due and old in due


@pytest.fixture
def old_files(db):
    """GIVEN, on 15/03/2024 with a two-year follow-up retention (cut-off 15/03/2022):
    - closed: closed file, last contact 10/03/2022 -> due;
    - silent: open file opened on 01/02/2022, never a contact -> due;
    - ongoing: open file, last contact 01/03/2022 -> kept (still in progress);
    - recent: closed file, last contact 20/03/2022 -> kept;
    - empty: closed file, last contact 2021, no text left -> nothing to do."""
    def file(name, opened, contact=None, close=None, notes="Note"):
        f = followup.follow_up_open(person=PersonFactory(first_name=name), opened_on=opened,
                                    notes=notes)
        if contact:
            followup.contact_add(file=f, date=contact, mode=Contact.Mode.CENTRE,
                                 note=f"Contact de {name}")
        if close:
            f = followup.follow_up_close(file=f, closed_on=close)
        return f

    return {
        "closed": file("Close", dt.date(2021, 6, 1), dt.date(2022, 3, 10), dt.date(2022, 3, 31)),
        "silent": file("Silencieuse", dt.date(2022, 2, 1)),
        "ongoing": file("EnCours", dt.date(2021, 6, 1), dt.date(2022, 3, 1)),
        "recent": file("Récente", dt.date(2021, 6, 1), dt.date(2022, 3, 20),
                       dt.date(2022, 4, 1)),
        "empty": file("Vide", dt.date(2021, 1, 4), close=dt.date(2021, 2, 1), notes=""),
    }


def test_follow_up_files_due(old_files):
    due = list(follow_up_files_to_purge(today=TODAY))
    assert due == sorted([old_files["closed"], old_files["silent"]], key=lambda f: f.pk)


def test_follow_up_period_comes_from_the_settings(old_files, settings):
    settings.TISSERAND_RETENTION_FOLLOW_UP_YEARS = 3
    assert not follow_up_files_to_purge(today=TODAY).exists()


def test_dry_run_lists_the_files_and_changes_nothing(old_files):
    out = io.StringIO()
    call_command("purge", "--dry-run", "--date", "2024-03-15", stdout=out)
    ids = sorted([old_files["closed"].pk, old_files["silent"].pk])
    assert "2 dossier(s) d'accompagnement" in out.getvalue()
    assert "seraient effacés" in out.getvalue()
    assert f"Dossiers : {ids[0]}, {ids[1]}" in out.getvalue()
    assert FollowUpFile.objects.get(pk=old_files["closed"].pk).notes == "Note"
    assert not AuditEntry.objects.filter(action="purge").exists()


def test_purge_erases_the_notes_of_old_files_in_one_recorded_operation(old_files):
    result = purge(today=TODAY, dry_run=False)
    assert result.done and len(result.follow_up_ids) == 2
    closed = FollowUpFile.objects.get(pk=old_files["closed"].pk)
    assert (closed.notes, closed.notes_erased_on, closed.status) == ("", TODAY, "closed")
    assert closed.contacts.get().note == "" and closed.contacts.get().mode == "centre"
    silent = FollowUpFile.objects.get(pk=old_files["silent"].pk)
    assert (silent.notes, silent.status) == ("", "open")
    for kept in ("ongoing", "recent"):
        file = FollowUpFile.objects.get(pk=old_files[kept].pk)
        assert file.notes == "Note" and file.notes_erased_on is None
        assert file.contacts.get().note.startswith("Contact de")
    entry = AuditEntry.objects.get(action="purge")
    assert "2 dossier(s) d'accompagnement effacé(s)" in entry.note
    assert "15/03/2022" in entry.note
    # A second run finds nothing more to do.
    assert purge(today=TODAY, dry_run=False).follow_up_ids == []


def test_purge_is_all_or_nothing(old_files, monkeypatch):
    """WHEN writing the audit entry fails THEN no note has been erased."""
    from tisserand.privacy import audit

    def broken(*args, **kwargs):
        raise RuntimeError("journal indisponible")

    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(RuntimeError):
        purge(today=TODAY, dry_run=False)
    assert FollowUpFile.objects.get(pk=old_files["closed"].pk).notes == "Note"
    assert Contact.objects.exclude(note="").count() == 3
