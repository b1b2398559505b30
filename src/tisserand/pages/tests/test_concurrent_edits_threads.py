"""Two saves of the same person at the very same moment, from the same starting version
(real threads, each with its own connection, released together): exactly one is saved,
the other gets ``EditConflict``; never both. PostgreSQL only (see
activities/tests/test_concurrency.py for why)."""

import pytest
from django.db import connection

from tisserand.activities.tests.test_concurrency import run_together
from tisserand.core.versioning import EditConflict
from tisserand.people.models import Person
from tisserand.people.services import person_update
from tisserand.testing.factories import PersonFactory

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="needs PostgreSQL: concurrent writers on their own connections"),
    pytest.mark.django_db(transaction=True),
]


@pytest.mark.parametrize("round_", range(5))
def test_of_two_simultaneous_saves_one_wins_and_the_other_is_told(round_):
    person = PersonFactory(notes="")
    started_from = person.version
    outcomes = []

    def work(index, barrier):
        mine = Person.objects.get(pk=person.pk)
        barrier.wait()
        try:
            person_update(person=mine, expected_version=started_from,
                          notes=f"écrit par {index}")
            outcomes.append(("saved", index))
        except EditConflict:
            outcomes.append(("conflict", index))

    assert run_together(work, 2) == []
    assert sorted(kind for kind, _index in outcomes) == ["conflict", "saved"]
    winner = next(index for kind, index in outcomes if kind == "saved")
    stored = Person.objects.get(pk=person.pk)
    assert stored.notes == f"écrit par {winner}"
    assert stored.version == started_from + 1
