"""Retention: persons without contact for the configured time are anonymised by `purge`."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from tisserand.activities.services import attendance_mark
from tisserand.audit.models import AuditEntry
from tisserand.people.models import Anonymisation, Consent, Person
from tisserand.people.services import membership_record
from tisserand.privacy.retention import persons_to_anonymise, purge
from tisserand.privacy.services import consent_record
from tisserand.testing.factories import HouseholdFactory, PersonFactory, SessionFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2024, 3, 15)  # three years before: 15 March 2021


def _person(name: str, *, created: dt.date = dt.date(2018, 1, 10), **fields) -> Person:
    person = PersonFactory(first_name=name, last_name="Témoin", **fields)
    moment = timezone.make_aware(dt.datetime.combine(created, dt.time(10)))
    Person.objects.filter(pk=person.pk).update(created_at=moment)
    return person


def _attended(person, day: dt.date) -> None:
    attendance_mark(session=SessionFactory(date=day), person=person)


@pytest.fixture
def population():
    """GIVEN, on 15 March 2024 with a three-year retention:
    - Ancien: last came on 12 March 2021 (three years and three days ago) -> anonymised;
    - Récent: came on 16 March 2021 -> kept;
    - Adhérent: no attendance, household member for 2020-2021 (ends 31 Aug 2021) -> kept;
    - Ancien adhérent: household member for 2019-2020 only -> anonymised;
    - Consentant: no attendance but a consent recorded on 1 June 2022 -> kept;
    - Nouveau: recorded on 1 Feb 2024, never came -> kept;
    - Déjà: already anonymised -> not listed again."""
    old = _person("Ancien")
    _attended(old, dt.date(2021, 3, 12))
    recent = _person("Récent")
    _attended(recent, dt.date(2021, 3, 16))
    member_household = HouseholdFactory()
    membership_record(household=member_household, season=2020, paid_on=dt.date(2020, 9, 10))
    member = _person("Adhérent", household=member_household)
    old_household = HouseholdFactory()
    membership_record(household=old_household, season=2019, paid_on=dt.date(2019, 9, 10))
    old_member = _person("AncienAdhérent", household=old_household)
    consenting = _person("Consentant")
    consent_record(person=consenting, kind=Consent.Kind.NEWSLETTER, given=True,
                   on=dt.date(2022, 6, 1))
    newcomer = _person("Nouveau", created=dt.date(2024, 2, 1))
    done = _person("Déjà")
    Anonymisation.objects.create(person=done, anonymised_on=dt.date(2023, 1, 1),
                                 reason=Anonymisation.Reason.REQUEST)
    return {
        "old": old, "recent": recent, "member": member, "old_member": old_member,
        "consenting": consenting, "newcomer": newcomer, "done": done,
    }


def test_persons_past_the_retention_period(population):
    found = set(persons_to_anonymise(today=TODAY))
    assert found == {population["old"], population["old_member"]}


def test_the_period_comes_from_the_settings(population, settings):
    """WITH a five-year retention THEN nobody of 2019-2021 is due yet."""
    settings.TISSERAND_RETENTION_INACTIVE_YEARS = 5
    assert not persons_to_anonymise(today=TODAY).exists()
    settings.TISSERAND_RETENTION_INACTIVE_YEARS = 2
    due = set(persons_to_anonymise(today=TODAY))
    assert population["recent"] in due and population["member"] in due
    assert population["consenting"] not in due and population["newcomer"] not in due


def test_dry_run_lists_ids_and_changes_nothing(population):
    out = io.StringIO()
    call_command("purge", "--dry-run", "--date", "2024-03-15", stdout=out)
    output = out.getvalue()
    ids = sorted([population["old"].pk, population["old_member"].pk])
    assert "2 personne(s)" in output and "seraient anonymisées" in output
    assert f"Fiches : {ids[0]}, {ids[1]}" in output
    assert "Ancien" not in output and "Témoin" not in output
    assert Anonymisation.objects.count() == 1
    assert Person.objects.filter(first_name="Ancien").exists()
    assert not AuditEntry.objects.filter(action__in=["purge", "anonymise"]).exists()


def test_purge_anonymises_and_records_it_in_the_trail(population):
    out = io.StringIO()
    call_command("purge", "--date", "2024-03-15", stdout=out)
    assert "2 personne(s)" in out.getvalue() and "ont été anonymisées" in out.getvalue()
    old = Person.objects.get(pk=population["old"].pk)
    assert old.first_name == "Anonyme"
    assert old.anonymisation.reason == Anonymisation.Reason.RETENTION
    assert AuditEntry.objects.get(action="anonymise", object_id=str(old.pk)).note == (
        "Fin de la durée de conservation"
    )
    assert old.anonymisation.anonymised_on == TODAY
    assert old.attendances.count() == 1
    assert Person.objects.get(pk=population["recent"].pk).first_name == "Récent"
    entry = AuditEntry.objects.get(action="purge")
    assert entry.actor is None and entry.actor_label == "système"
    assert "2 personne(s)" in entry.note and "15/03/2021" in entry.note
    # One entry per person, and one for the old member's household (its only member).
    labels = set(AuditEntry.objects.filter(action="anonymise").values_list("object_label",
                                                                         flat=True))
    assert labels == {
        f"Personne n° {population['old'].pk}", f"Personne n° {population['old_member'].pk}",
        f"Foyer n° {population['old_member'].household_id}",
    }
    # A second run finds nothing more to do.
    assert purge(today=TODAY, dry_run=False).person_ids == []


def test_bad_date_is_refused_in_french(population):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="AAAA-MM-JJ"):
        call_command("purge", "--date", "15/03/2024")
    assert Anonymisation.objects.count() == 1
