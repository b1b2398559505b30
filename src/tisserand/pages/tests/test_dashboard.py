"""The dashboard: the current year's figures and the sessions of the day and the week."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tisserand.activities.models import Attendance, Session
from tisserand.testing.factories import (
    ActivityFactory,
    CancellationReasonFactory,
    HouseholdFactory,
    PersonFactory,
    SessionFactory,
)


def test_anonymous_goes_to_login(client, db):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_user_without_role_is_refused(client_for, outsider_user):
    assert client_for(outsider_user).get(reverse("dashboard")).status_code == 403


@pytest.fixture
def this_year(db):
    """Sessions of the current year: 2 held (3 attendances, 2 persons, 1 household),
    1 cancelled, 1 planned, plus one held session last year that must not count."""
    year = timezone.localdate().year
    family = HouseholdFactory()
    ana = PersonFactory(household=family)
    bob = PersonFactory(household=family)
    activity = ActivityFactory()
    first = SessionFactory(activity=activity, date=dt.date(year, 1, 2), status=Session.Status.HELD)
    second = SessionFactory(activity=activity, date=dt.date(year, 1, 9), status=Session.Status.HELD)
    SessionFactory(
        activity=activity, date=dt.date(year, 1, 16), status=Session.Status.CANCELLED,
        cancellation_reason=CancellationReasonFactory(),
    )
    SessionFactory(activity=activity, date=dt.date(year, 12, 31))
    old = SessionFactory(activity=activity, date=dt.date(year - 1, 6, 1), status="held")
    for session, person in [(first, ana), (first, bob), (second, ana), (old, PersonFactory())]:
        Attendance.objects.create(session=session, person=person)
    return year


@pytest.mark.parametrize("persona", ["direction_user", "accueil_user", "animateur_user"])
def test_dashboard_shows_the_year_in_figures(request, client_for, persona, this_year):
    content = client_for(request.getfixturevalue(persona)).get(reverse("dashboard")).content
    content = content.decode()
    assert f"L'année {this_year} en chiffres" in content
    assert '<div class="figure" id="figure-held">2</div>' in content
    assert '<div class="figure" id="figure-cancelled">1</div>' in content
    assert '<div class="figure" id="figure-attendances">3</div>' in content
    assert '<div class="figure" id="figure-persons">2</div>' in content
    assert '<div class="figure" id="figure-households">1</div>' in content


def test_dashboard_of_a_past_year(client_for, direction_user, this_year):
    content = client_for(direction_user).get(
        reverse("dashboard"), {"annee": this_year - 1}
    ).content.decode()
    assert '<div class="figure" id="figure-held">1</div>' in content
    assert '<div class="figure" id="figure-attendances">1</div>' in content


def test_dashboard_ignores_a_nonsense_year(client_for, direction_user, this_year):
    content = client_for(direction_user).get(reverse("dashboard"), {"annee": "abc"}).content
    assert f"L'année {this_year} en chiffres" in content.decode()


def test_dashboard_figures_take_a_fixed_number_of_queries(
    client_for, direction_user, this_year, django_assert_max_num_queries
):
    client = client_for(direction_user)
    with django_assert_max_num_queries(11):  # 10, and the year picker's years (issue 13)
        response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert '<div class="figure" id="figure-attendances">3</div>' in response.content.decode()


@pytest.fixture
def week(animateur_user):
    """Today: one session of the animateur's atelier and one of another atelier."""
    today = timezone.localdate()
    mine = ActivityFactory(name="Atelier de français")
    mine.contributors.add(animateur_user.contributor)
    theirs = ActivityFactory(name="Cirque")
    monday = today - dt.timedelta(days=today.weekday())
    other_day = monday if today != monday else monday + dt.timedelta(days=1)
    return {
        "mine_today": SessionFactory(activity=mine, date=today),
        "theirs_today": SessionFactory(activity=theirs, date=today),
        "mine_later": SessionFactory(activity=mine, date=other_day),
        "mine_next_month": SessionFactory(activity=mine, date=today + dt.timedelta(days=40)),
    }


def test_animateur_sees_only_the_sessions_of_their_ateliers(client_for, animateur_user, week):
    content = client_for(animateur_user).get(reverse("dashboard")).content.decode()
    assert "Atelier de français" in content
    assert reverse("session_detail", args=[week["mine_today"].pk]) in content
    assert reverse("session_detail", args=[week["mine_later"].pk]) in content
    assert "Cirque" not in content
    assert reverse("session_detail", args=[week["mine_next_month"].pk]) not in content
    assert "Vous voyez les séances des ateliers où vous intervenez." in content


def test_accueil_sees_every_session_of_the_day(client_for, accueil_user, week):
    content = client_for(accueil_user).get(reverse("dashboard")).content.decode()
    assert reverse("session_detail", args=[week["theirs_today"].pk]) in content
    assert reverse("session_detail", args=[week["mine_today"].pk]) in content
    assert "Annuler des séances sur une période" not in content


def test_direction_gets_the_cancel_range_link(client_for, direction_user):
    content = client_for(direction_user).get(reverse("dashboard")).content.decode()
    assert reverse("sessions_cancel_range") in content
    assert reverse("action_list") in content


def test_dashboard_links_to_each_sector(client_for, animateur_user):
    from tisserand.testing.factories import SectorFactory

    sector = SectorFactory(name="Jeunesse")
    content = client_for(animateur_user).get(reverse("dashboard")).content.decode()
    assert f'href="{reverse("action_list")}#secteur-{sector.pk}">Jeunesse</a>' in content


def test_the_year_picker_offers_the_years_with_data_in_one_query(
    client_for, direction_user, this_year, django_assert_num_queries
):
    from tisserand.activities.selectors import years_with_sessions

    SessionFactory(date=dt.date(2020, 3, 3))
    with django_assert_num_queries(1):
        assert years_with_sessions() == [this_year, this_year - 1, 2020]
    response = client_for(direction_user).get(reverse("dashboard"), {"annee": "2012"})
    html = response.content.decode()
    assert response.context["year_choices"] == [this_year, this_year - 1, 2020, 2012]
    assert '<option value="2020">2020</option>' in html
    assert '<option value="2012" selected>2012</option>' in html
    assert "‹ 2011" in html and "2013 ›" in html
