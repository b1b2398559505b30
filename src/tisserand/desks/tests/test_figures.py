"""Figures of the desks: each definition on hand-built data (``testing/desk_figure_data``),
the edges of the period, the query count, and the figures page."""

import datetime as dt

import pytest
from django.urls import reverse

from tisserand.core.figures import ALL
from tisserand.core.periods import Period, calendar_year
from tisserand.core.roles import ANIMATEUR, BENEVOLE, COMPTABLE, MEDIATION
from tisserand.desks.figures import desk_figures, desk_figures_by
from tisserand.desks.models import Appointment
from tisserand.testing.desk_figure_data import desk_world, grow_desks
from tisserand.testing.factories import UserFactory

pytestmark = pytest.mark.django_db
YEAR_2020, YEAR_2019 = calendar_year(2020), calendar_year(2019)


@pytest.fixture
def world():
    return desk_world()


def test_every_figure_of_a_desk(world):
    """GIVEN the writers' desk in 2020 (see desk_world) WHEN its figures are computed
    THEN each definition gives the expected count."""
    figures = desk_figures(YEAR_2020, desk=world["desk"])
    assert figures.sessions_held == 2
    assert figures.sessions_closed == 2
    assert figures.closed_by_reason == {"Confinement": 2}
    assert figures.booked == 9  # the walk-in is not a booking; cancellations are
    assert figures.absent == 1
    assert (figures.cancelled_by_person, figures.cancelled_by_centre) == (1, 1)
    assert figures.cancellations == 2
    assert figures.walk_ins == 1
    assert figures.interviews == 6  # the walk-in included
    assert figures.persons == 4
    assert figures.minutes == 50


def test_first_visits_come_from_the_history_at_the_same_desk(world):
    """GIVEN p1 received in December 2019, p4 received in 2019 at another desk, p2 absent
    then received, p7 received twice the same day WHEN first visits are counted THEN 3:
    p4, p2 and p7's first interview."""
    assert desk_figures(YEAR_2020, desk=world["desk"]).first_visits == 3
    assert desk_figures(YEAR_2019, desk=world["desk"]).first_visits == 1
    # Without p1's December interview, her January interview becomes a first visit.
    Appointment.objects.filter(session__date=dt.date(2019, 12, 31)).delete()
    assert desk_figures(YEAR_2020, desk=world["desk"]).first_visits == 4


def test_kinds_of_request_by_family(world):
    """GIVEN kinds ticked on three interviews and on one absence WHEN counted THEN per
    family the interviews (each once), and per kind; the absence is not counted."""
    families = desk_figures(YEAR_2020, desk=world["desk"]).kind_families
    assert [(f.label, f.interviews) for f in families] == [("Courriers", 2), ("Imprimés", 1)]
    assert dict(families[0].kinds) == {"Emploi (Pôle emploi, candidatures)": 1, "Logement": 2}
    assert families[1].kinds == [("MDPH", 1)]


def test_period_edges(world):
    """GIVEN sessions on 31 December 2019 and 5 January 2021 WHEN 2020 is counted THEN
    neither is in it; 2019 has the December one; a range counts its own days."""
    before = desk_figures(YEAR_2019, desk=world["desk"])
    assert (before.sessions_held, before.booked, before.interviews) == (1, 1, 1)
    january = Period(dt.date(2020, 1, 1), dt.date(2020, 1, 7), "janvier")
    figures = desk_figures(january, desk=world["desk"])
    assert (figures.sessions_held, figures.booked, figures.walk_ins) == (1, 4, 1)  # p1, p2, p3, p7
    assert desk_figures(Period(dt.date(2020, 1, 8), dt.date(2020, 2, 3), "x"),
                        desk=world["desk"]).is_empty


def test_a_session_to_come_is_not_held_yet(world):
    """GIVEN today is 1 February 2020 WHEN 2020 is counted THEN only 7 January is held."""
    figures = desk_figures_by(YEAR_2020, None, desk=world["desk"], today=dt.date(2020, 2, 1))
    assert figures[ALL].sessions_held == 1


def test_grouped_figures_equal_each_desk_and_action(world):
    """GIVEN two desks of two actions WHEN grouped by desk, by action, or not THEN each
    group has its own desk's figures and the centre their sum."""
    by_desk = desk_figures_by(YEAR_2020, "desk")
    by_action = desk_figures_by(YEAR_2020, "action")
    for desk, action in ((world["desk"], world["writers"]), (world["other"], world["digital"])):
        alone = desk_figures(YEAR_2020, desk=desk)
        assert by_desk[desk.pk] == alone
        assert by_action[action.pk] == alone
        assert desk_figures(YEAR_2020, action=action) == alone
    centre = desk_figures(YEAR_2020)
    assert centre.interviews == 6 + 1
    assert centre.persons == 4 + 1


def test_query_count_does_not_grow_with_the_data(world, django_assert_num_queries):
    """GIVEN the small world, then ten times more sessions and appointments WHEN figures
    are grouped by desk THEN four queries each time."""
    with django_assert_num_queries(4):
        small = desk_figures_by(YEAR_2020, "desk")
    grow_desks(world, 10)
    with django_assert_num_queries(4):
        large = desk_figures_by(YEAR_2020, "desk")
    assert large[world["desk"].pk].booked == small[world["desk"].pk].booked + 10 * 5


# --- the page --------------------------------------------------------------------------


def test_page_shows_each_desk_with_the_previous_year(client_for, direction_user, world):
    """GIVEN the desks WHEN the direction opens the 2020 figures THEN each desk's figures
    stand beside 2019's, with no name of any person."""
    response = client_for(direction_user).get(reverse("desk_figures") + "?annee=2020")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Écrivains publics" in content and "Numérique" in content
    rows = {row.label: (row.now, row.before)
            for row in response.context["desks"][0].rows}
    assert rows["Rendez-vous pris"] == (9, 1)
    assert rows["Premières venues"] == (3, 1)
    assert "Nomdefamille" not in content
    assert "2019" in content


def test_page_for_a_season_and_dates(client_for, direction_user, world):
    client = client_for(direction_user)
    response = client.get(reverse("desk_figures") + "?saison=2019-2020")
    assert response.status_code == 200
    assert response.context["period"].label == "2019-2020"
    assert response.context["previous"].label == "2018-2019"
    response = client.get(reverse("desk_figures") + "?du=2020-01-01&au=2020-01-31")
    rows = {row.label: row.now for row in response.context["desks"][0].rows}
    assert rows["Rendez-vous pris"] == 4


def test_bad_period_is_refused_in_french(client_for, direction_user, world):
    response = client_for(direction_user).get(reverse("desk_figures") + "?saison=2019-2021")
    assert response.status_code == 400
    assert "deux années qui se suivent" in response.content.decode()


@pytest.mark.parametrize("role", [MEDIATION, COMPTABLE])
def test_other_readers_may_open_it(client_for, world, role):
    user = UserFactory(roles=[role])
    assert client_for(user).get(reverse("desk_figures")).status_code == 200


@pytest.mark.parametrize("role", [ANIMATEUR, BENEVOLE])
def test_roles_outside_the_matrix_are_refused(client_for, world, role):
    user = UserFactory(roles=[role])
    response = client_for(user).get(reverse("desk_figures") + "?annee=2020")
    assert response.status_code == 403
    assert "Rendez-vous pris" not in response.content.decode()


def test_page_query_count_does_not_grow(client_for, direction_user, world,
                                        django_assert_max_num_queries):
    client = client_for(direction_user)
    url = reverse("desk_figures") + "?annee=2020"
    with django_assert_max_num_queries(40) as small:
        before = client.get(url)
    grow_desks(world, 10)
    with django_assert_max_num_queries(40) as large:
        after = client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)
    assert (before.status_code, after.status_code) == (200, 200)
    booked = [{row.label: row.now for row in response.context["desks"][0].rows}["Rendez-vous pris"]
              for response in (before, after)]
    assert booked == [9, 9 + 10 * 5]  # the grown bookings are on the page
