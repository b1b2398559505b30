"""Programme screens: sectors and actions, an atelier and its sessions, generating sessions
and cancelling over a range."""

import datetime as dt

import pytest
from django.urls import reverse

from tisserand.activities.models import ActionPartner, Attendance, Enrolment, Session
from tisserand.core.models import Partner
from tisserand.testing.factories import (
    ActionFactory,
    ActivityFactory,
    CancellationReasonFactory,
    ContributorFactory,
    PartnerFactory,
    PersonFactory,
    PlaceFactory,
    SectorFactory,
    SessionFactory,
    WeeklySlotFactory,
)


@pytest.fixture
def programme(db):
    """Two sectors, a transversal action with a funding scheme, a partner and an atelier."""
    from tisserand.activities.models import FundingScheme

    families = SectorFactory(name="Adultes et familles", position=2)
    childhood = SectorFactory(name="Enfance et petite enfance", position=1)
    action = ActionFactory(name="Ateliers Parents/Enfants", sectors=[families, childhood])
    action.funding_schemes.add(FundingScheme.objects.create(code="REAAP", name="Réseau parents"))
    action.referents.add(ContributorFactory(first_name="Claire", last_name="Référente"))
    ActionPartner.objects.create(
        action=action,
        partner=PartnerFactory(name="Médiathèque Jean Lévy", kind=Partner.Kind.INSTITUTION),
        role=ActionPartner.Role.OPERATIONAL,
    )
    activity = ActivityFactory(
        action=action, name="Éveil aux livres", min_age=0, max_age=6,
        default_place=PlaceFactory(name="Salle Pellevoisin"),
    )
    WeeklySlotFactory(activity=activity, weekday=3, start_time=dt.time(17), end_time=dt.time(18))
    activity.contributors.add(ContributorFactory(first_name="Yasmine", last_name="Conteuse"))
    lonely = ActionFactory(name="Jeunesse Pellevoisin", sectors=[SectorFactory(name="Jeunesse")])
    return {"action": action, "activity": activity, "lonely": lonely}


# --- who may see the programme ----------------------------------------------------------


@pytest.mark.parametrize("url_name", ["action_list", "action_detail", "activity_detail"])
def test_anonymous_goes_to_login(client, programme, url_name):
    args = {
        "action_list": [],
        "action_detail": [programme["action"].pk],
        "activity_detail": [programme["activity"].pk],
    }[url_name]
    response = client.get(reverse(url_name, args=args))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_user_without_role_is_refused(client_for, outsider_user, programme):
    client = client_for(outsider_user)
    assert client.get(reverse("action_list")).status_code == 403
    url = reverse("activity_detail", args=[programme["activity"].pk])
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("persona", ["direction_user", "accueil_user", "animateur_user"])
def test_action_list_groups_actions_by_sector(request, client_for, persona, programme):
    client = client_for(request.getfixturevalue(persona))
    content = client.get(reverse("action_list")).content.decode()
    # sectors in their order; the transversal action shows under both of its sectors
    assert content.index("Enfance et petite enfance") < content.index("Adultes et familles")
    assert content.count("Ateliers Parents/Enfants") == 2
    assert "Jeunesse Pellevoisin" in content
    assert "1 atelier" in content
    assert "REAAP" in content


def test_action_detail_shows_partners_referents_and_ateliers(client_for, accueil_user, programme):
    content = client_for(accueil_user).get(
        reverse("action_detail", args=[programme["action"].pk])
    ).content.decode()
    assert "Médiathèque Jean Lévy" in content
    assert "Partenaire opérationnel" in content
    assert "Claire Référente" in content
    assert "REAAP" in content
    assert "Éveil aux livres" in content
    assert "jeudi de 17 h 00 à 18 h 00" in content


def test_unknown_action_is_404(client_for, direction_user):
    response = client_for(direction_user).get(reverse("action_detail", args=[424242]))
    assert response.status_code == 404


# --- an atelier and its sessions ----------------------------------------------------------


def test_activity_page_shows_slots_ages_team_and_sessions_by_month(
    client_for, animateur_user, programme
):
    activity = programme["activity"]
    reason = CancellationReasonFactory(label="Confinement")
    SessionFactory(activity=activity, date=dt.date(2020, 2, 6), status=Session.Status.HELD)
    SessionFactory(
        activity=activity, date=dt.date(2020, 3, 19), status=Session.Status.CANCELLED,
        cancellation_reason=reason,
    )
    SessionFactory(
        activity=activity, date=dt.date(2020, 6, 25), place=PlaceFactory(
            name="Square Jacquart", is_outreach=True)
    )
    SessionFactory(activity=activity, date=dt.date(2020, 10, 1))  # next season: not listed
    content = client_for(animateur_user).get(
        reverse("activity_detail", args=[activity.pk]), {"du": "2019-09-01", "au": "2020-08-31"}
    ).content.decode()
    assert "jeudi de 17 h 00 à 18 h 00" in content
    assert "de 0 à 6 ans" in content
    assert "Yasmine Conteuse" in content
    assert "Salle Pellevoisin" in content
    assert "Séances · 2019-2020" in content
    assert content.index("Février 2020") < content.index("Mars 2020") < content.index("Juin 2020")
    assert "Octobre 2020" not in content
    assert "réalisée" in content
    assert "annulée (Confinement)" in content
    assert "hors les murs" in content
    assert "prévue" in content
    # season quick links, latest first
    assert content.index(">2020-2021<") < content.index(">2019-2020<")
    # an animateur not assigned sees the list but gets no link to the session pages
    assert reverse("session_detail", args=[activity.sessions.first().pk]) not in content
    assert "Générer des séances" not in content


def test_activity_page_defaults_to_the_current_season(client_for, direction_user, programme):
    content = client_for(direction_user).get(
        reverse("activity_detail", args=[programme["activity"].pk])
    ).content.decode()
    from django.utils import timezone

    from tisserand.core.periods import season, season_of

    assert f"Séances · {season(season_of(timezone.localdate())).label}" in content
    assert "Générer des séances" in content


def test_activity_page_with_a_reversed_period_says_so(client_for, direction_user, programme):
    response = client_for(direction_user).get(
        reverse("activity_detail", args=[programme["activity"].pk]),
        {"du": "2020-06-01", "au": "2020-01-01"},
    )
    assert response.status_code == 200
    assert "La date de fin précède la date de début." in response.content.decode()


@pytest.mark.parametrize("size", [2, 30])
def test_activity_page_queries_do_not_grow_with_sessions(
    client_for, direction_user, programme, django_assert_max_num_queries, size
):
    activity = programme["activity"]
    for i in range(size):
        session = SessionFactory(activity=activity, date=dt.date(2020, 1, 1) + dt.timedelta(i))
        Attendance.objects.create(session=session, person=PersonFactory())
        activity.contributors.add(ContributorFactory())
        Enrolment.objects.create(activity=activity, person=PersonFactory(), season=2019,
                                 enrolled_on=dt.date(2019, 9, 2))
    client = client_for(direction_user)
    # 13: one more than before issue 13, for the enrolments of the season (one query).
    with django_assert_max_num_queries(13):
        response = client.get(
            reverse("activity_detail", args=[activity.pk]), {"du": "2019-09-01", "au": "2020-08-31"}
        )
    assert response.status_code == 200
    assert response.content.decode().count("1 présent<") == size
    assert response.content.decode().count('data-withdraw="') == size


# --- generating sessions ----------------------------------------------------------------


def test_only_direction_may_generate(client_for, accueil_user, animateur_user, programme):
    url = reverse("sessions_generate", args=[programme["activity"].pk])
    data = {"start": "2020-01-06", "end": "2020-01-31", "calendar_filter": "all"}
    for user in (accueil_user, animateur_user):
        assert client_for(user).post(url, data).status_code == 403
    assert not Session.objects.exists()


def test_direction_generates_sessions_and_sees_how_many(client_for, direction_user, programme):
    activity = programme["activity"]
    client = client_for(direction_user)
    url = reverse("sessions_generate", args=[activity.pk])
    page = client.get(url).content.decode()
    assert "Hors vacances scolaires" in page and "Vacances scolaires seulement" in page
    response = client.post(
        url, {"start": "2020-01-01", "end": "2020-01-31", "calendar_filter": "all"}, follow=True
    )
    # Thursdays of January 2020: 2, 9, 16, 23, 30
    assert Session.objects.filter(activity=activity).count() == 5
    assert "5 séances créées." in response.content.decode()
    assert "Janvier 2020" in response.content.decode()


def test_generating_outside_school_holidays(client_for, direction_user, programme):
    activity = programme["activity"]
    client_for(direction_user).post(
        reverse("sessions_generate", args=[activity.pk]),
        {"start": "2020-02-01", "end": "2020-02-29", "calendar_filter": "term"},
    )
    # Zone B winter holidays 2020: 22 February - 9 March, so Thursday the 27th is skipped.
    dates = list(Session.objects.values_list("date", flat=True))
    assert dates == [dt.date(2020, 2, 6), dt.date(2020, 2, 13), dt.date(2020, 2, 20)]


def test_generating_with_the_end_before_the_start_creates_nothing(
    client_for, direction_user, programme
):
    response = client_for(direction_user).post(
        reverse("sessions_generate", args=[programme["activity"].pk]),
        {"start": "2020-03-01", "end": "2020-01-01", "calendar_filter": "all"},
    )
    assert response.status_code == 200
    assert "La date de fin précède la date de début." in response.content.decode()
    assert not Session.objects.exists()


def test_generating_for_an_atelier_without_slot_says_so(client_for, direction_user):
    activity = ActivityFactory()
    response = client_for(direction_user).post(
        reverse("sessions_generate", args=[activity.pk]),
        {"start": "2020-01-01", "end": "2020-01-31", "calendar_filter": "all"},
    )
    assert "Cet atelier n&#x27;a aucun créneau hebdomadaire." in response.content.decode()
    assert not Session.objects.exists()


# --- cancelling over a range ------------------------------------------------------------


@pytest.fixture
def lockdown(programme):
    other = ActivityFactory(name="Cirque")
    sessions = {
        "before": SessionFactory(activity=programme["activity"], date=dt.date(2020, 3, 12)),
        "inside": SessionFactory(activity=programme["activity"], date=dt.date(2020, 3, 19)),
        "held": SessionFactory(
            activity=programme["activity"], date=dt.date(2020, 3, 17), status=Session.Status.HELD
        ),
        "elsewhere": SessionFactory(activity=other, date=dt.date(2020, 4, 2)),
    }
    return {"reason": CancellationReasonFactory(label="Confinement"), "cirque": other, **sessions}


def status_of(session):
    session.refresh_from_db()
    return session.status


def test_only_direction_may_cancel_a_range(client_for, accueil_user, animateur_user, lockdown):
    data = {"start": "2020-03-17", "end": "2020-05-10", "reason": lockdown["reason"].pk,
            "scope": "all"}
    for user in (accueil_user, animateur_user):
        assert client_for(user).post(reverse("sessions_cancel_range"), data).status_code == 403
    assert status_of(lockdown["inside"]) == Session.Status.PLANNED


def test_direction_cancels_every_planned_session_of_the_range(
    client_for, direction_user, lockdown
):
    response = client_for(direction_user).post(
        reverse("sessions_cancel_range"),
        {"start": "2020-03-17", "end": "2020-05-10", "reason": lockdown["reason"].pk,
         "scope": "all"},
        follow=True,
    )
    assert "2 séances annulées" in response.content.decode()
    assert status_of(lockdown["inside"]) == Session.Status.CANCELLED
    assert status_of(lockdown["elsewhere"]) == Session.Status.CANCELLED
    assert status_of(lockdown["before"]) == Session.Status.PLANNED
    assert status_of(lockdown["held"]) == Session.Status.HELD


def test_cancel_range_for_a_selection_only(client_for, direction_user, lockdown):
    response = client_for(direction_user).post(
        reverse("sessions_cancel_range"),
        {"start": "2020-03-17", "end": "2020-05-10", "reason": lockdown["reason"].pk,
         "scope": "selection", "activities": [lockdown["cirque"].pk]},
    )
    assert response.status_code == 302, response.content.decode()
    assert status_of(lockdown["elsewhere"]) == Session.Status.CANCELLED
    assert status_of(lockdown["inside"]) == Session.Status.PLANNED


@pytest.mark.parametrize(
    "data, message",
    [
        ({"start": "2020-05-10", "end": "2020-03-17", "scope": "all"},
         "La date de fin précède la date de début."),
        ({"start": "2020-03-17", "end": "2020-05-10", "scope": "selection"},
         "Cochez au moins un atelier."),
        ({"start": "2020-03-17", "end": "pas une date", "scope": "all"},
         "Date attendue au format JJ/MM/AAAA."),
    ],
)
def test_cancel_range_bad_input_changes_nothing(
    client_for, direction_user, lockdown, data, message
):
    data = {**data, "reason": lockdown["reason"].pk}
    response = client_for(direction_user).post(reverse("sessions_cancel_range"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Session.objects.filter(status=Session.Status.CANCELLED).exists()


def test_cancel_range_needs_a_reason(client_for, direction_user, lockdown):
    response = client_for(direction_user).post(
        reverse("sessions_cancel_range"),
        {"start": "2020-03-17", "end": "2020-05-10", "scope": "all"},
    )
    assert "Ce champ est obligatoire." in response.content.decode()
    assert not Session.objects.filter(status=Session.Status.CANCELLED).exists()
