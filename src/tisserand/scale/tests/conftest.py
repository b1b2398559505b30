"""A small synthetic centre (N = 0.2, about 100 households and 8,000 attendances), built
once per test module, committed, then wiped; like ``tisserand.testing.demo``."""

import pytest

from tisserand.demo.build import wipe_centre_data
from tisserand.scale.generate import generate_centre
from tisserand.testing.demo import on_test_database

SCALE, SEED = 0.2, 5


@pytest.fixture(scope="module")
def scale_centre(django_db_setup, django_db_blocker):
    """GIVEN a synthetic centre at N = 0.2 (seed 5), for the whole module."""
    if not on_test_database():
        pytest.fail("Pas de base de test : marquez les tests du module avec django_db.")
    with django_db_blocker.unblock():
        stats = generate_centre(scale=SCALE, seed=SEED)
        yield stats
        wipe_centre_data()
