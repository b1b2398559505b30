"""A backup written before consents and anonymisation marks moved from the privacy app to
people (format 1: not sealed, read with --ancien-format) still restores: rows and natural
keys are read under the new app."""

import datetime as dt
import gzip
import io
import json

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command

from tisserand.audit.models import AuditEntry
from tisserand.audit.services import log_create
from tisserand.core.tests.test_backup import PASSPHRASE, unsealed
from tisserand.people.models import Anonymisation, Consent
from tisserand.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_content_types():
    yield
    ContentType.objects.clear_cache()


def _as_before_the_move(value):
    """What the old backup said: ``privacy`` where it now says ``people``."""
    if isinstance(value, str):
        return {"people.consent": "privacy.consent",
                "people.anonymisation": "privacy.anonymisation"}.get(value, value)
    if isinstance(value, list):
        if value[-2:] in (["people", "consent"], ["people", "anonymisation"]):
            return [*value[:-2], "privacy", value[-1]]
        return [_as_before_the_move(item) for item in value]
    if isinstance(value, dict):
        return {key: _as_before_the_move(item) for key, item in value.items()}
    return value


def test_a_backup_naming_the_privacy_app_restores_into_people(tmp_path, monkeypatch,
                                                               direction_user):
    monkeypatch.setenv("TISSERAND_BACKUP_PASSPHRASE", PASSPHRASE)
    person, other = PersonFactory(), PersonFactory()
    consent = Consent.objects.create(person=person, kind=Consent.Kind.PHOTOS, given=True,
                                     recorded_on=dt.date(2020, 5, 4))
    Anonymisation.objects.create(person=other, anonymised_on=dt.date(2021, 1, 5),
                                 reason=Anonymisation.Reason.REQUEST)
    log_create(consent, ["kind", "given"])
    group = Group.objects.create(name="lecture des consentements")
    group.permissions.add(Permission.objects.get(codename="view_consent"))
    path = tmp_path / "ancienne.json.gz"
    call_command("backup", str(path), stdout=io.StringIO())
    lines = unsealed(path)
    header = {**lines[0]["header"], "version": 1}
    content = {"header": header, "objects": _as_before_the_move(lines[1:-1])}
    assert {"privacy.consent", "privacy.anonymisation"} <= {
        row["model"] for row in content["objects"]
    }
    with gzip.open(path, "wt", encoding="utf-8") as stream:
        json.dump(content, stream)

    with pytest.raises(CommandError, match="--ancien-format"):
        call_command("restore", str(path), yes=True)
    call_command("restore", str(path), yes=True, legacy=True, stdout=io.StringIO())

    restored = Consent.objects.get()
    assert (restored.pk, restored.person_id, restored.kind) == (consent.pk, person.pk, "photos")
    assert Anonymisation.objects.get().person_id == other.pk
    entry = AuditEntry.objects.get(object_id=str(consent.pk), action=AuditEntry.Action.CREATE)
    assert entry.content_type.model_class() is Consent
    assert Group.objects.get(name="lecture des consentements").permissions.get().codename == (
        "view_consent"
    )
