"""Figures of the individual follow-up: each definition on hand-built data
(``testing/desk_figure_data.followup_world``), the period edges, the query count, and the
figures page (aggregates only, no name)."""

import datetime as dt

import pytest
from django.urls import reverse

from tisserand.core.periods import Period, calendar_year
from tisserand.core.roles import ACCUEIL, ANIMATEUR, BENEVOLE, MEDIATION
from tisserand.followup.figures import followup_figures, followup_figures_by
from tisserand.followup.models import Contact
from tisserand.testing.desk_figure_data import followup_world, grow_followup
from tisserand.testing.factories import UserFactory

pytestmark = pytest.mark.django_db
YEAR_2020, YEAR_2019 = calendar_year(2020), calendar_year(2019)


@pytest.fixture
def world():
    return followup_world()


def test_persons_households_new_and_qpv_for_the_centre(world):
    """GIVEN a, b (same household) and c (no household) followed in 2020, d last seen on
    31 December 2019, e opened in 2021 WHEN 2020 is counted THEN 3 persons, 2 households,
    2 new (b and c's new file), 2 in a QPV (a and b)."""
    figures = followup_figures(YEAR_2020)
    assert figures.persons == 3
    assert figures.households == 2
    assert figures.new_persons == 2
    assert figures.priority_area == 2
    before = followup_figures(YEAR_2019)  # a, c (old file), d: three households
    assert (before.persons, before.households, before.new_persons) == (3, 3, 2)
    assert before.priority_area == 1


def test_ages_at_the_start_of_the_period(world):
    figures = followup_figures(YEAR_2020)
    bands = dict(figures.age_bands)
    assert bands["26-59 ans"] == 1  # a, 49 on 1 January 2020
    assert bands["15-17 ans"] == 1  # b, 15
    assert bands["60 ans et plus"] == 1  # c, born in 1960
    assert figures.age_unknown == 0
    before = followup_figures(YEAR_2019)
    assert dict(before.age_bands)["26-59 ans"] == 2  # a and c (59 by year)
    assert before.age_unknown == 1  # d


def test_households_by_composition(world):
    """GIVEN H1 single-parent (a and b), c without household WHEN counted THEN one
    single-parent household, one not recorded; in 2019 d's household (no composition)
    is "Non renseigné" too."""
    assert followup_figures(YEAR_2020).by_composition == [
        ("Famille monoparentale", 1), ("Non renseigné", 1)]
    assert followup_figures(YEAR_2019).by_composition == [
        ("Famille monoparentale", 1), ("Non renseigné", 2)]


def test_contacts_by_mode_month_and_theme(world):
    """GIVEN two phone contacts in April 2020 and a home visit on 31 December 2020
    WHEN counted THEN by mode, by month (April all phone) and by theme."""
    figures = followup_figures(YEAR_2020)
    assert figures.contacts == 3
    assert figures.contact_minutes == 45
    assert figures.contacts_by_mode == {"Par téléphone": 2, "Visite à domicile": 1}
    months = dict(figures.contacts_by_month)
    assert len(months) == 12
    assert months[dt.date(2020, 4, 1)] == {"Par téléphone": 2}
    assert months[dt.date(2020, 12, 1)] == {"Visite à domicile": 1}
    assert months[dt.date(2020, 3, 1)] == {}
    assert figures.themes == [("Isolement", 2), ("Santé", 1)]


def test_referrals_by_partner_with_outcomes(world):
    referrals = {r.partner: r for r in followup_figures(YEAR_2020).referrals}
    assert set(referrals) == {"CAF", "Mission locale"}
    caf = referrals["CAF"]
    assert (caf.total, caf.done, caf.pending, caf.not_done) == (2, 1, 1, 0)
    assert referrals["Mission locale"].not_done == 1


def test_period_edges(world):
    """GIVEN d's last contact on 31 December 2019 and c's on 31 December 2020 WHEN a
    period ends on 30 December 2020 THEN c is followed only because of his file opened
    in September; a period from 1 January 2021 counts e (opened 2 January)."""
    to_30 = Period(dt.date(2020, 1, 1), dt.date(2020, 12, 30), "x")
    figures = followup_figures(to_30)
    assert figures.persons == 3 and figures.contacts == 2
    only_dec_31 = Period(dt.date(2020, 12, 31), dt.date(2020, 12, 31), "y")
    assert followup_figures(only_dec_31).persons == 1  # c, by his contact that day
    assert followup_figures(Period(dt.date(2021, 1, 1), dt.date(2021, 1, 31), "z")).persons == 1


def test_per_action_and_distinct_persons(world):
    """GIVEN c with two files of the rights action WHEN grouped by action THEN each action
    has its own figures and c counts once."""
    by_action = followup_figures_by(YEAR_2020, "action")
    isolation, rights = by_action[world["isolation"].pk], by_action[world["rights"].pk]
    assert (isolation.persons, isolation.households, isolation.new_persons) == (2, 1, 1)
    assert isolation.priority_area == 2
    assert (rights.persons, rights.households, rights.new_persons) == (1, 1, 1)
    assert rights.contacts_by_mode == {"Visite à domicile": 1}
    assert followup_figures(YEAR_2020, action=world["isolation"]) == isolation
    before = followup_figures_by(YEAR_2019, "action")
    assert before[world["rights"].pk].persons == 1  # c's old file


def test_figures_follow_the_data(world):
    Contact.objects.filter(date=dt.date(2020, 12, 31)).delete()
    figures = followup_figures(YEAR_2020)
    assert figures.contacts == 2
    assert figures.persons == 3  # c's file was still opened in 2020


def test_query_count_does_not_grow_with_the_data(world, django_assert_num_queries):
    """GIVEN the small world, then ten times more files, contacts and referrals WHEN the
    figures are grouped by action THEN five queries each time."""
    with django_assert_num_queries(5):
        small = followup_figures_by(YEAR_2020, "action")
    grow_followup(world, 10)
    with django_assert_num_queries(5):
        large = followup_figures_by(YEAR_2020, "action")
    key = world["isolation"].pk
    assert large[key].persons == small[key].persons + 10
    assert large[key].contacts == small[key].contacts + 10 * 4


# --- the page --------------------------------------------------------------------------


def test_page_shows_the_centre_and_each_action_without_names(client_for, direction_user, world):
    response = client_for(direction_user).get(reverse("followup_figures") + "?annee=2020")
    assert response.status_code == 200
    blocks = {block.name: block for block in response.context["blocks"]}
    assert set(blocks) == {"Tout le centre", "Lutte contre l'isolement", "Accès aux droits"}
    rows = {row.label: (row.now, row.before) for row in blocks["Tout le centre"].rows}
    assert rows["Personnes accompagnées"] == (3, 3)
    assert rows["Habitants d'un QPV"] == (2, 1)
    assert rows["dont par téléphone"] == (2, 0)
    content = response.content.decode()
    assert "Contacts par mois et par mode" in content
    for name in ("Secretnom", "Cachénom", "Dissimulé", "Aïcha"):
        assert name not in content


def test_bad_period_is_refused_in_french(client_for, direction_user, world):
    response = client_for(direction_user).get(reverse("followup_figures") + "?du=2020-05-01")
    assert response.status_code == 400
    assert "Indiquez la date de début et la date de fin." in response.content.decode()


def test_the_mediator_may_open_it(client_for, world):
    user = UserFactory(roles=[MEDIATION])
    assert client_for(user).get(reverse("followup_figures")).status_code == 200


@pytest.mark.parametrize("role", [ACCUEIL, ANIMATEUR, BENEVOLE])
def test_roles_outside_the_matrix_are_refused(client_for, world, role):
    response = client_for(UserFactory(roles=[role])).get(
        reverse("followup_figures") + "?annee=2020"
    )
    assert response.status_code == 403
    assert "Personnes accompagnées" not in response.content.decode()


def test_page_query_count_does_not_grow(client_for, direction_user, world,
                                        django_assert_max_num_queries):
    client = client_for(direction_user)
    url = reverse("followup_figures") + "?annee=2020"
    with django_assert_max_num_queries(40) as small:
        before = client.get(url)
    grow_followup(world, 10)
    with django_assert_max_num_queries(40) as large:
        after = client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)
    assert (before.status_code, after.status_code) == (200, 200)
    followed = [
        {row.label: row.now for row in response.context["blocks"][0].rows}["Personnes accompagnées"]
        for response in (before, after)
    ]
    assert followed[1] == followed[0] + 10 * 2  # two new files of 2020 per round
