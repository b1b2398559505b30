"""The session page: who may open it, one-tap marking, newcomers, headcounts, team,
journal, cancellation."""

import datetime as dt

import pytest
from django.urls import reverse

from tisserand.activities.models import Attendance, Headcount, Session, SessionContributor
from tisserand.audit.models import AuditEntry
from tisserand.people.models import Person
from tisserand.testing.factories import (
    ActivityFactory,
    CancellationReasonFactory,
    ContributorFactory,
    PersonFactory,
    PlaceFactory,
    SessionFactory,
)

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def session(animateur_user):
    """A session of an atelier the animateur persona is assigned to."""
    activity = ActivityFactory(name="Éveil aux livres")
    activity.contributors.add(animateur_user.contributor)
    return SessionFactory(activity=activity, date=dt.date(2020, 2, 6))


@pytest.fixture
def benevole_user(db):
    from tisserand.core.models import Contributor
    from tisserand.core.roles import BENEVOLE
    from tisserand.testing.factories import UserFactory

    user = UserFactory(username="benevole", roles=[BENEVOLE])
    ContributorFactory(user=user, first_name="Bérénice", kind=Contributor.Kind.VOLUNTEER)
    return user


@pytest.fixture
def other_session(db):
    """A session of an atelier the animateur persona does NOT work on."""
    return SessionFactory(activity=ActivityFactory(name="Cirque"), date=dt.date(2020, 2, 6))


def toggle_url(session, person):
    return reverse("attendance_toggle", args=[session.pk, person.pk])


def found_ticket(client, session, query, person) -> str:
    """The ticket of ``person``'s button in the session's search results for ``query``."""
    page = client.get(reverse("session_search", args=[session.pk]), {"q": query},
                      **HTMX).content.decode()
    button = page.split(toggle_url(session, person))[-1].split("</form>")[0]
    return button.split('name="pick" value="')[1].split('"')[0]


# --- who may open the page --------------------------------------------------------------


def test_anonymous_is_sent_to_login(client, session):
    response = client.get(reverse("session_detail", args=[session.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_user_without_role_is_refused(client_for, outsider_user, session):
    response = client_for(outsider_user).get(reverse("session_detail", args=[session.pk]))
    assert response.status_code == 403


@pytest.mark.parametrize("persona", ["direction_user", "accueil_user", "animateur_user"])
def test_staff_of_the_atelier_open_the_page(request, client_for, persona, session):
    user = request.getfixturevalue(persona)
    response = client_for(user).get(reverse("session_detail", args=[session.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Éveil aux livres" in content
    assert "Jeudi 6 février 2020" in content
    assert "de 16 h 15 à 18 h 30" in content


def test_animateur_cannot_open_a_session_of_another_atelier(
    client_for, animateur_user, session, other_session
):
    """GIVEN an animateur assigned to one atelier WHEN they type the id of a session of
    another atelier THEN they get 403, and nothing is marked through that URL either."""
    client = client_for(animateur_user)
    assert client.get(reverse("session_detail", args=[session.pk])).status_code == 200
    assert client.get(reverse("session_detail", args=[other_session.pk])).status_code == 403
    person = PersonFactory()
    response = client.post(toggle_url(other_session, person), {"present": "1"}, **HTMX)
    assert response.status_code == 403
    assert not Attendance.objects.exists()


def test_unknown_session_is_404(client_for, direction_user):
    response = client_for(direction_user).get(reverse("session_detail", args=[999999]))
    assert response.status_code == 404


# --- one-tap marking ------------------------------------------------------------------


def test_one_tap_marks_present_and_returns_the_pressed_button(
    client_for, animateur_user, session
):
    person = PersonFactory(first_name="Inès", last_name="Benali", birth_date=dt.date(2012, 3, 1))
    client = client_for(animateur_user)
    ticket = found_ticket(client, session, "benali", person)  # found by name in the search
    response = client.post(toggle_url(session, person), {"present": "1", "pick": ticket},
                           **HTMX)
    assert response.status_code == 200
    attendance = Attendance.objects.get(session=session, person=person)
    assert attendance.recorded_by == animateur_user
    content = response.content.decode()
    assert 'aria-pressed="true"' in content
    assert "Benali Inès" in content
    assert "7 ans" in content  # age on the day of the session
    assert '<strong id="present-count" hx-swap-oob="true">1</strong>' in content
    assert "<html" not in content  # a fragment, not a whole page
    assert '<span id="session-status" hx-swap-oob="true"><span class="badge held">' in content
    session.refresh_from_db()
    assert session.status == Session.Status.HELD


def test_second_tap_unmarks(client_for, accueil_user, session):
    person = PersonFactory()
    Attendance.objects.create(session=session, person=person)
    response = client_for(accueil_user).post(
        toggle_url(session, person), {"present": "0"}, **HTMX
    )
    assert response.status_code == 200
    assert not Attendance.objects.filter(session=session, person=person).exists()
    content = response.content.decode()
    assert 'aria-pressed="false"' in content
    assert '<strong id="present-count" hx-swap-oob="true">0</strong>' in content


def test_marking_twice_keeps_one_attendance(client_for, direction_user, session):
    person = PersonFactory()
    client = client_for(direction_user)
    client.post(toggle_url(session, person), {"present": "1"}, **HTMX)
    client.post(toggle_url(session, person), {"present": "1"}, **HTMX)
    assert Attendance.objects.filter(session=session, person=person).count() == 1


def test_marking_without_htmx_goes_back_to_the_page(client_for, direction_user, session):
    person = PersonFactory()
    response = client_for(direction_user).post(toggle_url(session, person), {"present": "1"})
    assert response.status_code == 302
    assert response.url == reverse("session_detail", args=[session.pk])
    assert Attendance.objects.filter(session=session, person=person).exists()


def test_marking_from_search_asks_the_roster_to_refresh(client_for, direction_user, session):
    person = PersonFactory()
    response = client_for(direction_user).post(
        toggle_url(session, person), {"present": "1", "origin": "search"}, **HTMX
    )
    assert response["HX-Trigger"] == "rosterChanged"
    assert 'name="origin" value="search"' in response.content.decode()


def test_marking_is_get_proof(client_for, direction_user, session):
    person = PersonFactory()
    response = client_for(direction_user).get(toggle_url(session, person))
    assert response.status_code == 405
    assert not Attendance.objects.exists()


# --- a cancelled session ----------------------------------------------------------------


@pytest.fixture
def cancelled_session(session):
    session.status = Session.Status.CANCELLED
    session.cancellation_reason = CancellationReasonFactory(label="Confinement")
    session.save()
    return session


def test_cancelled_session_refuses_a_mark_with_a_french_message(
    client_for, animateur_user, cancelled_session
):
    person = PersonFactory()
    earlier = SessionFactory(activity=cancelled_session.activity, date=dt.date(2020, 1, 30))
    Attendance.objects.create(session=earlier, person=person)  # on the roster
    response = client_for(animateur_user).post(
        toggle_url(cancelled_session, person), {"present": "1"}, **HTMX
    )
    assert response.status_code == 409
    content = response.content.decode()
    assert "Cette séance est annulée : on ne peut pas y pointer de présence." in content
    assert 'aria-pressed="false"' in content
    assert "disabled" in content
    assert not Attendance.objects.filter(session=cancelled_session).exists()


def test_cancelled_session_page_disables_the_roster(client_for, direction_user, cancelled_session):
    regular = PersonFactory(last_name="Habitué")
    earlier = SessionFactory(activity=cancelled_session.activity, date=dt.date(2020, 1, 9))
    Attendance.objects.create(session=earlier, person=regular)
    content = client_for(direction_user).get(
        reverse("session_detail", args=[cancelled_session.pk])
    ).content.decode()
    assert "Séance annulée (Confinement)" in content
    assert "annulée (Confinement)" in content
    assert "Habitué" in content
    assert " disabled>" in content
    assert "Rétablir la séance" in content
    assert "Nouveau venu" not in content


def test_newcomer_refused_on_a_cancelled_session(client_for, direction_user, cancelled_session):
    response = client_for(direction_user).post(
        reverse("session_newcomer", args=[cancelled_session.pk]),
        {"first_name": "Léa", "last_name": "Martin"},
    )
    assert response.status_code == 200
    assert "on ne peut pas y pointer de présence" in response.content.decode()
    assert not Person.objects.filter(last_name="Martin").exists()


# --- the roster and the search box ------------------------------------------------------


def test_roster_lists_the_season_regulars_by_name_with_age(client_for, direction_user, session):
    activity = session.activity
    september = SessionFactory(activity=activity, date=dt.date(2019, 9, 12))
    last_season = SessionFactory(activity=activity, date=dt.date(2019, 6, 13))
    elsewhere = SessionFactory(date=dt.date(2020, 1, 9))
    zoe = PersonFactory(first_name="Zoé", last_name="Abidi", birth_date=dt.date(2015, 1, 2))
    adam = PersonFactory(first_name="Adam", last_name="Roux", birth_date=None, birth_year=2014)
    gone = PersonFactory(last_name="Ancien")
    stranger = PersonFactory(last_name="Ailleurs")
    Attendance.objects.create(session=september, person=adam)
    Attendance.objects.create(session=september, person=zoe)
    Attendance.objects.create(session=last_season, person=gone)
    Attendance.objects.create(session=elsewhere, person=stranger)

    content = client_for(direction_user).get(
        reverse("session_detail", args=[session.pk])
    ).content.decode()
    assert content.index("Abidi Zoé") < content.index("Roux Adam")
    assert "5 ans" in content and "6 ans" in content
    assert "Ancien" not in content
    assert "Ailleurs" not in content


def test_search_is_accent_insensitive_and_shows_the_mark_state(
    client_for, animateur_user, session
):
    helene = PersonFactory(first_name="Hélène", last_name="Lefèvre")
    PersonFactory(first_name="Paul", last_name="Durand")
    Attendance.objects.create(session=session, person=helene)
    response = client_for(animateur_user).get(
        reverse("session_search", args=[session.pk]), {"q": "helene lefevre"}, **HTMX
    )
    content = response.content.decode()
    assert "Lefèvre Hélène" in content
    assert "Durand" not in content
    assert 'aria-pressed="true"' in content
    assert 'name="origin" value="search"' in content


def test_search_needs_two_letters(client_for, direction_user, session):
    PersonFactory(last_name="Abidi")
    content = client_for(direction_user).get(
        reverse("session_search", args=[session.pk]), {"q": "a"}, **HTMX
    ).content.decode()
    assert "Tapez au moins deux lettres." in content
    assert "Abidi" not in content


def test_search_says_when_nobody_matches(client_for, direction_user, session):
    content = client_for(direction_user).get(
        reverse("session_search", args=[session.pk]), {"q": "zzz"}, **HTMX
    ).content.decode()
    assert "Personne ne s'appelle « zzz »" in content


def test_roster_fragment_includes_someone_marked_from_search(client_for, direction_user, session):
    person = PersonFactory(last_name="Nouvelle")
    Attendance.objects.create(session=session, person=person)
    content = client_for(direction_user).get(
        reverse("session_roster", args=[session.pk]), **HTMX
    ).content.decode()
    assert "Nouvelle" in content
    assert 'aria-pressed="true"' in content


# --- newcomer, headcount, journal, team ---------------------------------------------------


def test_newcomer_is_created_and_marked(client_for, animateur_user, session):
    response = client_for(animateur_user).post(
        reverse("session_newcomer", args=[session.pk]),
        {"first_name": "Léa", "last_name": "Martin", "sex": "F", "birth_year": "2013",
         "phone": "06 12 34 56 78"},
        follow=True,
    )
    person = Person.objects.get(last_name="Martin")
    assert person.birth_year == 2013
    assert person.phone == "06 12 34 56 78"
    assert Attendance.objects.filter(session=session, person=person).exists()
    assert "Léa Martin est enregistré·e et pointé·e présent·e." in response.content.decode()


def test_newcomer_with_a_future_birth_year_is_refused(client_for, direction_user, session):
    response = client_for(direction_user).post(
        reverse("session_newcomer", args=[session.pk]),
        {"first_name": "Léa", "last_name": "Martin", "birth_year": "2999"},
    )
    assert response.status_code == 200
    assert "L&#x27;année de naissance ne peut pas être dans le futur." in response.content.decode()
    assert not Person.objects.exists()
    assert not Attendance.objects.exists()


def test_newcomer_needs_a_name(client_for, direction_user, session):
    response = client_for(direction_user).post(
        reverse("session_newcomer", args=[session.pk]), {"first_name": "Léa"}
    )
    assert "Ce champ est obligatoire." in response.content.decode()
    assert not Person.objects.exists()


def test_headcount_is_recorded(client_for, animateur_user, session):
    response = client_for(animateur_user).post(
        reverse("session_headcount", args=[session.pk]),
        {"category": Headcount.Category.CHILDREN, "count": "14"},
        follow=True,
    )
    assert Headcount.objects.get(session=session).count == 14
    content = response.content.decode()
    assert "Comptage enregistré." in content
    assert "Enfants (0-10 ans) : <strong>14</strong>" in content


def test_negative_headcount_is_refused(client_for, animateur_user, session):
    response = client_for(animateur_user).post(
        reverse("session_headcount", args=[session.pk]),
        {"category": Headcount.Category.CHILDREN, "count": "-3"},
    )
    assert "supérieure ou égale à 0" in response.content.decode()
    assert not Headcount.objects.exists()


def test_journal_is_saved(client_for, animateur_user, session):
    client_for(animateur_user).post(
        reverse("session_journal", args=[session.pk]), {"journal": "Séance au square."}
    )
    session.refresh_from_db()
    assert session.journal == "Séance au square."


def test_facilitators_present_are_recorded(client_for, animateur_user, session):
    volunteer = ContributorFactory(first_name="Nadia", kind="volunteer")
    session.activity.contributors.add(volunteer)
    outsider = ContributorFactory(first_name="Hors-équipe")
    client = client_for(animateur_user)
    page = client.get(reverse("session_detail", args=[session.pk])).content.decode()
    assert "Nadia" in page and "Sami Animateur" in page
    assert "Hors-équipe" not in page
    client.post(
        reverse("session_facilitators", args=[session.pk]),
        {"facilitators": [volunteer.pk, animateur_user.contributor.pk]},
    )
    assert set(
        SessionContributor.objects.filter(session=session).values_list("contributor", flat=True)
    ) == {volunteer.pk, animateur_user.contributor.pk}
    response = client.post(
        reverse("session_facilitators", args=[session.pk]), {"facilitators": [outsider.pk]}
    )
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert SessionContributor.objects.filter(session=session).count() == 2


# --- cancel and restore -------------------------------------------------------------------


def test_accueil_cancels_and_restores_a_session(client_for, accueil_user, session):
    reason = CancellationReasonFactory(label="Intempéries")
    client = client_for(accueil_user)
    response = client.post(
        reverse("session_cancel", args=[session.pk]), {"reason": reason.pk}, follow=True
    )
    session.refresh_from_db()
    assert session.status == Session.Status.CANCELLED
    assert session.cancellation_reason == reason
    assert "Séance annulée (Intempéries)." in response.content.decode()
    client.post(reverse("session_restore", args=[session.pk]))
    session.refresh_from_db()
    assert session.status == Session.Status.PLANNED
    assert session.cancellation_reason is None


def test_cancel_needs_a_reason(client_for, direction_user, session):
    response = client_for(direction_user).post(reverse("session_cancel", args=[session.pk]), {})
    assert "Ce champ est obligatoire." in response.content.decode()
    session.refresh_from_db()
    assert session.status == Session.Status.PLANNED


def test_cancel_refused_when_attendance_is_marked(client_for, direction_user, session):
    Attendance.objects.create(session=session, person=PersonFactory())
    response = client_for(direction_user).post(
        reverse("session_cancel", args=[session.pk]),
        {"reason": CancellationReasonFactory().pk},
    )
    assert "Des présences sont pointées sur cette séance" in response.content.decode()
    session.refresh_from_db()
    assert session.status == Session.Status.PLANNED


def test_restore_leaves_a_held_session_alone(client_for, direction_user, session):
    session.status = Session.Status.HELD
    session.save()
    client_for(direction_user).post(reverse("session_restore", args=[session.pk]))
    session.refresh_from_db()
    assert session.status == Session.Status.HELD


def test_animateur_may_not_cancel(client_for, animateur_user, session):
    response = client_for(animateur_user).post(
        reverse("session_cancel", args=[session.pk]),
        {"reason": CancellationReasonFactory().pk},
    )
    assert response.status_code == 403
    session.refresh_from_db()
    assert session.status == Session.Status.PLANNED
    page = client_for(animateur_user).get(reverse("session_detail", args=[session.pk]))
    assert "Annuler cette séance" not in page.content.decode()


def test_outreach_session_shows_the_badge(client_for, direction_user):
    square = PlaceFactory(name="Square Jacquart", is_outreach=True)
    session = SessionFactory(place=square)
    content = client_for(direction_user).get(
        reverse("session_detail", args=[session.pk])
    ).content.decode()
    assert "Square Jacquart" in content
    assert "hors les murs" in content


# --- query budget -----------------------------------------------------------------------


@pytest.mark.parametrize("size", [2, 25])
def test_session_page_queries_do_not_grow_with_the_roster(
    client_for, direction_user, session, django_assert_max_num_queries, size
):
    earlier = SessionFactory(activity=session.activity, date=dt.date(2020, 1, 9))
    for person in PersonFactory.create_batch(size):
        Attendance.objects.create(session=earlier, person=person)
        Attendance.objects.create(session=session, person=person)
    for _ in range(size):
        session.activity.contributors.add(ContributorFactory())
    client = client_for(direction_user)
    with django_assert_max_num_queries(13):
        response = client.get(reverse("session_detail", args=[session.pk]), {"q": "nom"})
    assert response.status_code == 200
    # everyone in the roster, and in the search results (at most 20 of them)
    assert response.content.decode().count('aria-pressed="true"') == size + min(size, 20)


# --- nothing about a person who is not on the roster ----------------------------------------


@pytest.mark.parametrize("present", ["0", "1"])
@pytest.mark.parametrize("persona", ["animateur_user", "benevole_user"])
def test_a_person_off_the_roster_is_not_revealed_by_their_id(
    request, client_for, session, persona, present
):
    """GIVEN Inès, in the register, never at this atelier WHEN an animateur or a bénévole of
    the session posts her id (present=0 or 1, htmx or not) THEN the answer is the 404 of an
    unknown id: neither her name nor her age, and nothing is recorded."""
    user = request.getfixturevalue(persona)
    session.activity.contributors.add(user.contributor)
    ines = PersonFactory(first_name="Inès", last_name="Benali", birth_date=dt.date(2012, 3, 1))
    client = client_for(user)
    unknown = reverse("attendance_toggle", args=[session.pk, 999999])
    for headers in (HTMX, {}):
        response = client.post(toggle_url(session, ines), {"present": present}, **headers)
        assert response.status_code == 404
        content = response.content.decode()
        assert "Benali" not in content and "Inès" not in content and "7 ans" not in content
        assert client.post(unknown, {"present": present}, **headers).status_code == 404
    assert not Attendance.objects.exists()


def test_a_ticket_is_bound_to_its_person_session_and_user(
    client_for, animateur_user, accueil_user, session
):
    ines = PersonFactory(first_name="Inès", last_name="Benali")
    other = PersonFactory(first_name="Zoé", last_name="Autre")
    client = client_for(animateur_user)
    ticket = found_ticket(client, session, "benali", ines)
    assert client.post(toggle_url(session, other), {"present": "1", "pick": ticket},
                       **HTMX).status_code == 404
    assert client.post(toggle_url(session, ines), {"present": "1", "pick": ticket + "x"},
                       **HTMX).status_code == 404
    second = SessionFactory(activity=session.activity, date=dt.date(2020, 2, 13))
    assert client.post(toggle_url(second, ines), {"present": "1", "pick": ticket},
                       **HTMX).status_code == 404
    assert not Attendance.objects.exists()
    # Once marked, she is on the roster: unmarking and marking again need no ticket.
    assert client.post(toggle_url(session, ines), {"present": "1", "pick": ticket},
                       **HTMX).status_code == 200
    assert client.post(toggle_url(second, ines), {"present": "1"}, **HTMX).status_code == 200
    assert client.post(toggle_url(session, ines), {"present": "0"}, **HTMX).status_code == 200
    # The reception works on every session and opens the register anyway: no ticket.
    assert client_for(accueil_user).post(toggle_url(session, other), {"present": "1"},
                                         **HTMX).status_code == 200


def test_the_search_shows_an_animateur_no_age_for_a_person_off_the_roster(
    client_for, animateur_user, accueil_user, session
):
    """The animateur sees the ages of those who come to their sessions: a person found by
    name who never came shows a name only (the reception sees the age)."""
    PersonFactory(first_name="Inès", last_name="Benali", birth_date=dt.date(2012, 3, 1))
    url = reverse("session_search", args=[session.pk])
    page = client_for(animateur_user).get(url, {"q": "benali"}, **HTMX).content.decode()
    assert "Benali Inès" in page and "7 ans" not in page
    page = client_for(accueil_user).get(url, {"q": "benali"}, **HTMX).content.decode()
    assert "7 ans" in page


# --- headcounts above the atelier's places -------------------------------------------------


def _post_headcount(client, session, count, **extra):
    return client.post(reverse("session_headcount", args=[session.pk]),
                       {"category": Headcount.Category.CHILDREN, "count": str(count), **extra})


def test_a_headcount_above_the_places_asks_for_confirmation(client_for, animateur_user,
                                                             session):
    session.activity.capacity = 12
    session.activity.save()
    client = client_for(animateur_user)
    response = _post_headcount(client, session, 40)
    html = response.content.decode()
    assert "12 places, vous avez saisi 40 : confirmer ?" in html
    assert 'type="checkbox" name="confirm_above_capacity"' in html
    assert not Headcount.objects.exists()
    before = AuditEntry.objects.count()
    _post_headcount(client, session, 40, confirm_above_capacity="on")
    assert Headcount.objects.get(session=session).count == 40
    assert AuditEntry.objects.count() > before
    assert _post_headcount(client, session, 12).status_code == 302  # within: no question


@pytest.mark.parametrize("capacity, count", [(12, 1201), (None, 100_001)])
def test_an_absurd_headcount_is_refused_even_confirmed(client_for, animateur_user, session,
                                                       capacity, count):
    session.activity.capacity = capacity
    session.activity.save()
    response = _post_headcount(client_for(animateur_user), session, count,
                               confirm_above_capacity="on")
    assert f"{count} personnes : ce nombre n&#x27;est pas possible" in response.content.decode()
    assert not Headcount.objects.exists()
