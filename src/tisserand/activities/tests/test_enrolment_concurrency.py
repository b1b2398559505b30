"""Several people enrolling in the last places of an atelier at the same moment: the
capacity holds (the atelier's row is locked while places are counted). PostgreSQL only,
for the reason given in ``test_concurrency``."""

import datetime as dt

import pytest
from django.db import connection

from tisserand.activities import enrolment_services
from tisserand.activities.models import Enrolment
from tisserand.activities.tests.test_concurrency import run_together
from tisserand.testing.factories import ActivityFactory, PersonFactory

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

THREADS = 6


def test_the_last_places_go_to_as_many_as_there_are_and_the_others_wait():
    """GIVEN an atelier of three places WHEN six receptionists enrol six children at the
    same moment THEN three are enrolled and three wait, ranked 1, 2, 3."""
    activity = ActivityFactory(capacity=3, min_age=None, max_age=None)
    children = [PersonFactory() for _ in range(THREADS)]

    def work(index, barrier):
        barrier.wait()
        enrolment_services.enrolment_add(activity=activity, person=children[index],
                                         season_start=2019, on=dt.date(2019, 9, 10))

    assert run_together(work, THREADS) == []
    rows = Enrolment.objects.filter(activity=activity)
    assert rows.filter(status="enrolled").count() == 3
    assert sorted(rows.filter(status="waiting").values_list("waiting_position", flat=True)) \
        == [1, 2, 3]
