"""``tisserand generate``: sizes that grow with N, determinism, and a database in use left
alone unless --reset."""

import io
import re

import pytest
from django.core.management import CommandError, call_command

from tisserand.activities.models import Action, Attendance
from tisserand.people.models import Household, Person
from tisserand.scale.digest import fingerprint
from tisserand.scale.generate import CentreNotEmpty, generate_centre
from tisserand.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_counts_grow_linearly_between_two_small_sizes():
    """GIVEN a centre at N = 0.05, then one at N = 0.1 WHEN both are counted THEN households
    double exactly, and persons, attendances, appointments and follow-up contacts about
    double (the same six ateliers with groups twice as big)."""
    small = generate_centre(scale=0.05, seed=2)
    large = generate_centre(scale=0.1, seed=2, reset=True)

    assert (small.households, large.households) == (25, 50)
    assert small.activities == large.activities == 6
    for name in ("persons", "attendances", "appointments", "desk_sessions", "sessions"):
        assert getattr(small, name) > 0, name
    for name in ("persons", "attendances", "appointments"):
        ratio = getattr(large, name) / getattr(small, name)
        assert 1.6 <= ratio <= 2.5, (name, ratio)
    # Sessions follow the calendar, not the size: the same ateliers open the same days.
    assert abs(large.sessions - small.sessions) <= 0.02 * small.sessions


def test_n_equals_one_is_the_size_the_issue_names():
    """GIVEN N = 1 WHEN generated THEN about 500 households, 1,200 persons, 6 ateliers,
    40,000 attendances over three years and 2,000 appointments (N = 10 is ten times that)."""
    stats = generate_centre(scale=1, seed=1)

    assert stats.households == 500
    assert 1100 <= stats.persons <= 1300
    assert stats.activities == 6
    assert 34_000 <= stats.attendances <= 46_000
    assert 1800 <= stats.appointments <= 2200
    assert 2 <= stats.desks <= 4
    assert 40 <= stats.follow_up_files <= 60
    assert stats.years == (2019, 2020, 2021)


def test_same_size_and_seed_give_the_same_centre_and_another_seed_another():
    """GIVEN N = 0.05 and seed 3 generated twice (with --reset between) WHEN fingerprinted
    THEN both fingerprints are equal; seed 4 gives a different one."""
    generate_centre(scale=0.05, seed=3)
    first = fingerprint()
    persons = list(Person.objects.order_by("last_name", "first_name", "birth_date")
                   .values_list("last_name", "first_name", "birth_date", "created_at"))

    generate_centre(scale=0.05, seed=3, reset=True)
    assert fingerprint() == first
    assert list(Person.objects.order_by("last_name", "first_name", "birth_date").values_list(
        "last_name", "first_name", "birth_date", "created_at")) == persons

    generate_centre(scale=0.05, seed=4, reset=True)
    assert fingerprint() != first


def test_the_api_refuses_a_database_with_a_centre():
    """GIVEN a person typed in by hand WHEN generate_centre runs without reset THEN it
    raises and writes nothing."""
    PersonFactory()
    with pytest.raises(CentreNotEmpty):
        generate_centre(scale=0.05)
    assert Person.objects.count() == 1
    assert not Action.objects.exists()


def test_the_command_refuses_a_database_in_use_and_changes_nothing():
    """GIVEN a database with one person WHEN `generate` runs without --reset THEN it stops
    with a French message naming --reset and creates nothing."""
    PersonFactory()
    households = Household.objects.count()
    with pytest.raises(CommandError, match="--reset"):
        call_command("generate", "--scale", "0.05", stdout=io.StringIO())
    assert Person.objects.count() == 1
    assert Household.objects.count() == households
    assert not Attendance.objects.exists()


def test_the_command_with_reset_replaces_the_centre_and_prints_a_french_summary():
    """GIVEN a synthetic centre and a person typed in by hand WHEN `generate --reset` runs
    THEN the hand-typed person is gone, the same centre is there again, and the summary
    gives the counts and the time in French."""
    call_command("generate", "--scale", "0.05", "--seed", "9", stdout=io.StringIO())
    before = fingerprint()
    PersonFactory(first_name="Saisie", last_name="À la main")

    out = io.StringIO()
    call_command("generate", "--scale", "0.05", "--seed", "9", "--reset", "--digest",
                 stdout=out)

    assert not Person.objects.filter(first_name="Saisie").exists()
    assert fingerprint() == before
    text = out.getvalue()
    assert "Centre synthétique ×0.05 (graine 9, 2019-2021) créé en" in text
    persons = re.search(r"^ +personnes +(\d+)$", text, re.MULTILINE)
    assert persons and int(persons.group(1)) == Person.objects.count()
    assert "présences" in text and "rendez-vous" in text
    assert f"Empreinte : {before}" in text


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--scale", "0"], "L'échelle"),
        (["--scale", "0.05", "--years", "2019-2099"], "terminées"),
        (["--scale", "0.05", "--years", "2010-2012"], "vacances scolaires"),
        (["--scale", "0.05", "--years", "deux-mille"], "Années illisibles"),
    ],
)
def test_the_command_explains_bad_arguments(arguments, message):
    """GIVEN an empty database WHEN `generate` gets a bad size or bad years THEN it stops
    with a French message and writes nothing."""
    with pytest.raises(CommandError, match=message):
        call_command("generate", *arguments, stdout=io.StringIO())
    assert not Person.objects.exists()
