"""``tisserand loaddemo``: refuses a database in use, ``--reset`` rebuilds the same centre."""

import hashlib
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from tisserand.activities.models import Action, Attendance, Session
from tisserand.core.roles import ACCUEIL, ANIMATEUR, DIRECTION, user_roles
from tisserand.people.models import Person
from tisserand.testing.factories import PersonFactory


def fingerprint() -> tuple[list, int, str]:
    """What the centre contains, without database ids (they differ from one run to the
    next): persons in order, number of attendances, and a digest of who came when."""
    persons = list(Person.objects.order_by("last_name", "first_name", "birth_date").values_list(
        "first_name", "last_name", "birth_date", "household__name", "household_role"))
    digest = hashlib.sha256()
    for row in Attendance.objects.order_by(
        "session__date", "session__start_time", "session__activity__name",
        "person__last_name", "person__first_name", "person__birth_date",
    ).values_list("session__date", "session__activity__name", "person__last_name",
                  "person__first_name", "person__birth_date", "recorded_at"):
        digest.update(repr(row).encode())
    for row in Session.objects.order_by("date", "start_time", "activity__name").values_list(
        "date", "start_time", "activity__name", "status", "cancellation_reason__label",
        "place__name",
    ):
        digest.update(repr(row).encode())
    return persons, Attendance.objects.count(), digest.hexdigest()


@pytest.mark.django_db
def test_refuses_a_database_that_already_has_people():
    """GIVEN a database with one person WHEN loaddemo runs without --reset THEN it stops
    with a French message and creates nothing."""
    PersonFactory()
    with pytest.raises(CommandError, match="La base contient déjà des données"):
        call_command("loaddemo", stdout=io.StringIO())
    assert Person.objects.count() == 1
    assert not Action.objects.exists()


@pytest.mark.usefixtures("demo_centre")
@pytest.mark.django_db
def test_refuses_to_build_twice_and_changes_nothing():
    before = fingerprint()
    with pytest.raises(CommandError, match="--reset"):
        call_command("loaddemo", stdout=io.StringIO())
    assert fingerprint() == before


@pytest.mark.usefixtures("demo_centre")
@pytest.mark.django_db
def test_reset_rebuilds_identical_data_and_removes_other_records():
    """GIVEN the demo and a person typed in by hand WHEN loaddemo --reset runs THEN the hand
    typed person is gone and the centre is exactly the same as before (determinism)."""
    persons, attendance_count, digest = fingerprint()
    PersonFactory(first_name="Ajouté", last_name="À la main")
    out = io.StringIO()
    call_command("loaddemo", "--reset", stdout=out)
    assert not Person.objects.filter(last_name="À la main").exists()
    assert fingerprint() == (persons, attendance_count, digest)
    assert attendance_count > 5000
    assert "Centre de démonstration créé" in out.getvalue()


@pytest.mark.django_db
def test_prints_and_creates_the_demo_accounts(demo_centre):
    User = get_user_model()
    for username, role in (("direction", DIRECTION), ("accueil", ACCUEIL),
                           ("animateur", ANIMATEUR)):
        user = User.objects.get(username=username)
        assert user.check_password("tisserand")
        assert role in user_roles(user)
        assert f"{username:<10} / tisserand" in demo_centre
    assert User.objects.get(username="direction").is_superuser
    animateur = User.objects.get(username="animateur").contributor
    assigned = set(animateur.activities.values_list("name", flat=True))
    assert assigned == {
        "CLAS Cornette / Dupleix", "CLAS Brunschvicg / Roland", "Expression corporelle",
        "Atelier cirque", "Éveil aux livres", "Expression musicale", "Après-midi récréatifs",
    }
