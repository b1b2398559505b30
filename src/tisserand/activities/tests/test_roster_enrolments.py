"""The session roster with enrolments: the enrolled first (children first in a children's
atelier), then the walk-ins; enrolling a walk-in in one tap; newcomer namesakes; taking
back a wrong tap or a walk-in; the bénévole's atelier page."""

import datetime as dt
import re
from html import unescape

import pytest
from django.urls import reverse

from tisserand.activities import selectors
from tisserand.activities.models import Attendance, Enrolment
from tisserand.audit.models import AuditEntry
from tisserand.people.models import Person
from tisserand.testing.factories import (
    ActivityFactory,
    ContributorFactory,
    HouseholdFactory,
    PersonFactory,
    SessionFactory,
)

HTMX = {"HTTP_HX_REQUEST": "true"}
SEASON = 2019


@pytest.fixture
def clas(animateur_user):
    """The animateur's children's atelier, a session in February 2020 and one in January."""
    activity = ActivityFactory(name="CLAS", min_age=6, max_age=11, capacity=10)
    activity.contributors.add(animateur_user.contributor)
    january = SessionFactory(activity=activity, date=dt.date(2020, 1, 16))
    session = SessionFactory(activity=activity, date=dt.date(2020, 2, 6))
    return {"activity": activity, "session": session, "january": january}


def person(first, last, born):
    return PersonFactory(first_name=first, last_name=last, birth_date=dt.date(born, 1, 1))


def enrol(activity, who):
    return Enrolment.objects.create(activity=activity, person=who, season=SEASON,
                                    enrolled_on=dt.date(2019, 9, 10))


def test_the_roster_shows_the_enrolled_first_children_before_adults(clas):
    activity, session = clas["activity"], clas["session"]
    mother = person("Zoé", "Amrani", 1980)  # enrolled adult (a parent who stays)
    kid = person("Zoé", "Zidane", 2012)  # enrolled child, later in the alphabet
    walk_in = person("Adam", "Aubert", 2011)  # came in January, not enrolled
    for who in (mother, kid):
        enrol(activity, who)
    Attendance.objects.create(session=clas["january"], person=walk_in)
    PersonFactory(first_name="Zoé", last_name="Absente")  # nowhere near this atelier
    roster = selectors.session_roster(session=session)
    assert [(e.person.last_name, e.enrolled) for e in roster] == [
        ("Zidane", True), ("Amrani", True), ("Aubert", False)
    ]


def test_an_adults_atelier_keeps_the_alphabet(animateur_user):
    activity = ActivityFactory(name="Couture", min_age=16, max_age=None)
    session = SessionFactory(activity=activity, date=dt.date(2020, 2, 6))
    for who in (person("Zoé", "Zidane", 2005), person("Léa", "Amrani", 1970)):
        enrol(activity, who)
    assert [e.person.last_name for e in selectors.session_roster(session=session)] == [
        "Amrani", "Zidane"]


def test_the_search_puts_the_child_zoe_before_the_adult_zoe(client_for, animateur_user, clas):
    adult = person("Zoé", "Adulte", 1973)
    kid = person("Zoé", "Zazou", 2012)
    client = client_for(animateur_user)
    page = client.get(reverse("session_search", args=[clas["session"].pk]), {"q": "zoé"},
                      **HTMX).content.decode()
    assert page.index(f'data-person="{kid.pk}"') < page.index(f'data-person="{adult.pk}"')


def test_the_roster_page_lists_both_groups_with_a_constant_number_of_queries(
    client_for, animateur_user, clas, django_assert_max_num_queries
):
    activity, session = clas["activity"], clas["session"]
    client = client_for(animateur_user)
    counts = []
    for size in (2, 20):
        for i in range(size):
            enrol(activity, person(f"E{size}-{i}", "Inscrit", 2012))
            Attendance.objects.create(session=clas["january"],
                                      person=person(f"W{size}-{i}", "Venu", 2012))
        with django_assert_max_num_queries(12) as queries:
            page = client.get(reverse("session_roster", args=[session.pk]), **HTMX)
        counts.append(len(queries))
        content = page.content.decode()
        assert content.index("Inscrits") < content.index("Venus sans inscription")
    assert counts[0] == counts[1]


def test_a_walk_in_is_enrolled_in_one_tap_from_the_roster(client_for, animateur_user, clas):
    walk_in = person("Adam", "Aubert", 2011)
    Attendance.objects.create(session=clas["january"], person=walk_in)
    client = client_for(animateur_user)
    page = client.get(reverse("session_detail", args=[clas["session"].pk])).content.decode()
    url = reverse("session_enrol", args=[clas["session"].pk, walk_in.pk])
    assert url in page
    response = client.post(url, follow=True)
    assert "Adam Aubert est inscrit·e" in unescape(response.content.decode())
    assert Enrolment.objects.get(person=walk_in).season == SEASON
    # Someone off the roster cannot be enrolled by id: a 404, nothing written.
    stranger = person("Léa", "Inconnue", 2012)
    url = reverse("session_enrol", args=[clas["session"].pk, stranger.pk])
    assert client.post(url).status_code == 404
    assert not Enrolment.objects.filter(person=stranger).exists()


def test_an_animateur_cannot_enrol_on_another_atelier(client_for, animateur_user):
    other = SessionFactory(activity=ActivityFactory(name="Cirque"), date=dt.date(2020, 2, 6))
    kid = person("Adam", "Aubert", 2011)
    Attendance.objects.create(session=other, person=kid)
    response = client_for(animateur_user).post(
        reverse("session_enrol", args=[other.pk, kid.pk]))
    assert response.status_code == 403
    assert not Enrolment.objects.exists()


# --- newcomer namesakes -----------------------------------------------------------------------


def newcomer(client, session, **extra):
    data = {"first_name": "Zoé", "last_name": "Martin", "sex": "F", "birth_year": "2012",
            "phone": "", **extra}
    return client.post(reverse("session_newcomer", args=[session.pk]), data)


def test_a_newcomer_namesake_is_warned_and_can_be_marked_instead(
    client_for, animateur_user, clas
):
    existing = PersonFactory(first_name="Zoé", last_name="MARTIN", birth_year=2012)
    PersonFactory(first_name="Zoé", last_name="Martin", birth_year=1976)  # another year
    client = client_for(animateur_user)
    response = newcomer(client, clas["session"])
    page = unescape(response.content.decode())
    assert "Attention, homonyme" in page
    assert page.count("data-same-person=") == 1
    assert f'data-same-person="{existing.pk}"' in page
    assert Person.objects.filter(search_name="martin zoe").count() == 2  # nothing created
    ticket = page.split(f'data-same-person="{existing.pk}"')[0].rsplit(
        'name="pick" value="', 1)[1].split('"')[0]
    client.post(reverse("attendance_toggle", args=[clas["session"].pk, existing.pk]),
                {"present": "1", "origin": "search", "pick": ticket})
    assert Attendance.objects.filter(session=clas["session"], person=existing).exists()


def test_a_namesake_without_birth_year_is_warned_too(client_for, animateur_user, clas):
    PersonFactory(first_name="Zoé", last_name="Martin", birth_year=None, birth_date=None)
    response = newcomer(client_for(animateur_user), clas["session"], birth_year="")
    assert "Attention, homonyme" in unescape(response.content.decode())


def test_create_anyway_creates_the_newcomer(client_for, animateur_user, clas):
    PersonFactory(first_name="Zoé", last_name="Martin", birth_year=2012)
    client = client_for(animateur_user)
    response = newcomer(client, clas["session"], create_anyway="1")
    assert response.status_code == 302
    assert Person.objects.filter(search_name="martin zoe").count() == 2
    mark = Attendance.objects.get(session=clas["session"])
    assert mark.person_created_here


# --- taking back mistakes ---------------------------------------------------------------------


def test_a_wrong_tap_is_taken_back_by_the_animateur_and_audited(
    client_for, animateur_user, clas
):
    kid = person("Zoé", "Zidane", 2012)
    enrol(clas["activity"], kid)
    client = client_for(animateur_user)
    url = reverse("attendance_toggle", args=[clas["session"].pk, kid.pk])
    marked = client.post(url, {"present": "1"}, **HTMX).content.decode()
    assert "Annuler ce pointage" in unescape(marked)
    client.post(url, {"present": "0", "origin": "roster"}, **HTMX)
    assert not Attendance.objects.filter(person=kid).exists()
    taken_back = AuditEntry.objects.filter(action="delete", object_label__startswith="Présence")
    assert taken_back.count() == 1


def test_a_walk_in_created_by_mistake_is_deleted_with_its_mark(
    client_for, animateur_user, clas
):
    client = client_for(animateur_user)
    newcomer(client, clas["session"], first_name="Zoe", last_name="Erreur")
    created = Person.objects.get(last_name="Erreur")
    keeper = person("Adam", "Aubert", 2011)
    Attendance.objects.create(session=clas["session"], person=keeper)
    response = client.post(
        reverse("walk_in_take_back", args=[clas["session"].pk, created.pk]), follow=True)
    assert "créée par erreur, est supprimée" in unescape(response.content.decode())
    assert not Person.objects.filter(pk=created.pk).exists()
    assert Attendance.objects.filter(session=clas["session"]).count() == 1  # Adam's kept
    deleted = set(AuditEntry.objects.filter(action="delete").values_list("object_label",
                                                                          flat=True))
    assert f"Personne n° {created.pk}" in deleted
    assert any(label.startswith("Présence") for label in deleted)


def test_a_walk_in_with_a_household_keeps_their_record(client_for, animateur_user, clas):
    client = client_for(animateur_user)
    newcomer(client, clas["session"], first_name="Zoe", last_name="Gardee")
    created = Person.objects.get(last_name="Gardee")
    created.household = HouseholdFactory()
    created.save()
    response = client.post(
        reverse("walk_in_take_back", args=[clas["session"].pk, created.pk]), follow=True)
    assert "Sa fiche est conservée" in unescape(response.content.decode())
    assert Person.objects.filter(pk=created.pk).exists()
    assert not Attendance.objects.filter(person=created).exists()


def test_a_walk_in_not_created_here_only_loses_this_mark(client_for, animateur_user, clas):
    regular = person("Adam", "Aubert", 2011)
    Attendance.objects.create(session=clas["january"], person=regular)
    Attendance.objects.create(session=clas["session"], person=regular)
    client_for(animateur_user).post(
        reverse("walk_in_take_back", args=[clas["session"].pk, regular.pk]))
    assert Person.objects.filter(pk=regular.pk).exists()
    assert list(Attendance.objects.filter(person=regular).values_list("session", flat=True)) \
        == [clas["january"].pk]


# --- the bénévole's ateliers --------------------------------------------------------------------


@pytest.fixture
def benevole(db):
    from tisserand.core.models import Contributor
    from tisserand.core.roles import BENEVOLE
    from tisserand.testing.factories import UserFactory

    user = UserFactory(username="benevole", roles=[BENEVOLE])
    ContributorFactory(user=user, first_name="Bérénice", kind=Contributor.Kind.VOLUNTEER)
    return user


def test_the_benevole_opens_their_atelier_with_first_names_only(client_for, benevole, clas):
    activity = clas["activity"]
    activity.contributors.add(benevole.contributor)
    kid = PersonFactory(first_name="Inès", last_name="Benali", birth_date=dt.date(2012, 4, 2),
                        phone="0612345678", household=HouseholdFactory(name="Famille Benali"))
    enrol(activity, kid)
    client = client_for(benevole)
    page = unescape(client.get(reverse("activity_detail", args=[activity.pk]),
                               {"saison": "2019-2020"}).content.decode())
    assert "Inès" in page
    assert "Benali" not in page and "0612345678" not in page
    assert not re.search(r"· \d+ ans?\b", page)  # no age
    assert reverse("session_detail", args=[clas["session"].pk]) in page
    assert reverse("enrolment_search", args=[activity.pk]) not in page
    other = ActivityFactory(name="Cirque")
    assert client.get(reverse("activity_detail", args=[other.pk])).status_code == 403
