"""THE test of the permission matrix (``tisserand.core.permissions``).

It walks every URL pattern of the project (the Django admin site aside: it has its own
``is_staff`` check), builds each URL with real ids from a small dataset, and opens it as
an anonymous visitor, as a user without any role and as one user per role. The answer
must be the one the matrix says: the login page for anonymous visitors, 403 when the
matrix says no, the page (not a 403, not the login page) when it says yes. A url name with
no entry in the matrix fails the test: every new screen is a deliberate decision.

Then the object rules: an animateur or a bénévole who changes the id in the URL to reach a
session of an atelier they are not assigned to is refused, reading or writing.
"""

import datetime as dt
import warnings

import pytest
from django.contrib.auth.models import Group
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tisserand.activities.models import Attendance, Enrolment, Headcount, Session
from tisserand.core.models import Contributor
from tisserand.core.permissions import ANY_USER, PERMISSIONS, PUBLIC, may_open
from tisserand.core.roles import (
    ACCUEIL,
    ADMINISTRATEUR,
    ALL_ROLES,
    ANIMATEUR,
    BENEVOLE,
    COMPTABLE,
    COORDINATION,
    DIRECTION,
    MEDIATION,
    ROLE_LABELS,
)
from tisserand.people.models import Person
from tisserand.reports.models import EvaluationQuestion
from tisserand.testing.desk_factories import (
    AppointmentFactory,
    DeskFactory,
    DeskSessionFactory,
    FollowUpFileFactory,
    ReferralFactory,
)
from tisserand.testing.factories import (
    ActionFactory,
    ActivityFactory,
    CancellationReasonFactory,
    ContributorFactory,
    HouseholdFactory,
    PartnerFactory,
    PersonFactory,
    PlaceFactory,
    SectorFactory,
    SessionFactory,
    UserFactory,
)

ADMIN_NAMESPACE = "admin"
OUTSIDER = "sans rôle"


def walk_patterns(patterns=None, prefix=""):
    """``(url_name, pattern)`` for every named URL of the project, admin site excluded."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == ADMIN_NAMESPACE:
                continue
            namespace = f"{entry.namespace}:" if entry.namespace else ""
            for name, pattern in walk_patterns(entry.url_patterns, prefix):
                yield (namespace + name if name else None), pattern
        elif isinstance(entry, URLPattern):
            yield entry.name, entry


def project_url_names() -> list[str]:
    names = []
    for name, pattern in walk_patterns():
        assert name, f"Un motif d'URL sans nom ({pattern.pattern}) : nommez-le et déclarez-le."
        names.append(name)
    return sorted(set(names))


def kwarg_names(url_name: str) -> list[str]:
    for name, pattern in walk_patterns():
        if name == url_name:
            return list(pattern.pattern.regex.groupindex)
    raise AssertionError(url_name)


# --- the dataset ---------------------------------------------------------------------------


@pytest.fixture
def world(db):
    """A user per role (the animateur and the bénévole assigned to one atelier), that
    atelier and another one, a session of each, a household with a person."""
    users = {}
    for role in ALL_ROLES:
        users[role] = UserFactory(username=f"matrice-{role}", roles=[role])
    users[OUTSIDER] = UserFactory(username="matrice-sans-role")
    animateur = ContributorFactory(user=users[ANIMATEUR], first_name="Sami")
    benevole = ContributorFactory(
        user=users[BENEVOLE], first_name="Bérénice", kind=Contributor.Kind.VOLUNTEER
    )
    action = ActionFactory(name="Accompagnement scolaire")
    mine = ActivityFactory(action=action, name="Atelier devoirs")
    mine.contributors.add(animateur, benevole)
    other = ActivityFactory(action=action, name="Atelier cuisine")
    household = HouseholdFactory(name="Famille Martin")
    person = PersonFactory(first_name="Léa", last_name="Martin", household=household)
    session = SessionFactory(activity=mine, date=dt.date(2020, 2, 3))
    other_session = SessionFactory(activity=other, date=dt.date(2020, 2, 4))
    question = EvaluationQuestion.objects.order_by("pk").first()
    # A desk the bénévole is on duty for, and another one.
    desk = DeskFactory(name="Écrivains publics")
    desk.on_duty.add(benevole)
    # Desk days are held by a bénévole only while the duty lasts (the day and the day
    # before): the bénévole's is today.
    today = timezone.localdate()
    desk_session = DeskSessionFactory(desk=desk, date=today)
    other_desk_session = DeskSessionFactory(desk=DeskFactory(name="Aide numérique"),
                                            date=today)
    appointment = AppointmentFactory(session=desk_session, person=person)
    follow_up = FollowUpFileFactory(person=person)
    referral = ReferralFactory(file=follow_up)
    enrolment = Enrolment.objects.create(activity=mine, season=2019,
                                         person=PersonFactory(first_name="Noé", last_name="Petit"),
                                         enrolled_on=dt.date(2019, 9, 10))
    # Reference data of the programme screens (tisserand.activities.setup_views)
    from tisserand.activities.models import FundingScheme

    funding_scheme = FundingScheme.objects.create(code="CLAS", name="Accompagnement scolaire")
    return {
        "enrolment": enrolment,
        "users": users,
        "action": action,
        "activity": mine,
        "other_activity": other,
        "session": session,
        "other_session": other_session,
        "household": household,
        "person": person,
        "question_pk": question.pk if question else 1,
        "desk": desk,
        "desk_session": desk_session,
        "other_desk_session": other_desk_session,
        "appointment": appointment,
        "follow_up": follow_up,
        "referral": referral,
        "place": PlaceFactory(name="Salle polyvalente"),
        "sector": SectorFactory(name="Jeunesse"),
        "partner": PartnerFactory(name="École Jean Macé"),
        "funding_scheme": funding_scheme,
        "cancellation_reason": CancellationReasonFactory(label="Intempéries"),
        "contributor": ContributorFactory(first_name="Rachid", last_name="Benali"),
        "year": 2020,
    }


# Which object a ``pk`` stands for, by url name prefix. A new screen with a ``pk`` whose
# prefix is not here fails the test below: add its object to the dataset.
PK_OBJECTS = [
    ("desk_session_", "desk_session"),
    ("desk_day_sheet", "desk_session"),
    ("desk_walk_in", "desk_session"),
    ("appointment_book", "desk_session"),
    ("desk_", "desk"),
    ("appointment_", "appointment"),
    ("followup_referral_update", "referral"),
    ("followup_", "follow_up"),
    ("person_", "person"),
    ("household_", "household"),
    ("action_", "action"),
    ("activity_", "activity"),
    ("enrolment_search", "activity"),
    ("enrolment_add", "activity"),
    ("enrolment_", "enrolment"),
    ("walk_in_", "session"),
    ("sessions_generate", "activity"),
    ("session_", "session"),
    ("attendance_", "session"),
    ("user_", "user"),
    ("place_", "place"),
    ("sector_", "sector"),
    ("partner_", "partner"),
    ("funding_scheme_", "funding_scheme"),
    ("cancellation_reason_", "cancellation_reason"),
    ("contributor_", "contributor"),
]


def url_for(url_name: str, world) -> str:
    kwargs = {}
    for kwarg in kwarg_names(url_name):
        if kwarg == "pk":
            source = next((obj for prefix, obj in PK_OBJECTS if url_name.startswith(prefix)),
                          None)
            assert source, f"Pas d'objet de test pour le pk de l'URL « {url_name} » : " \
                "ajoutez-le à PK_OBJECTS et au jeu de données."
            kwargs[kwarg] = (world["users"][ACCUEIL] if source == "user" else world[source]).pk
        elif kwarg == "person_pk":
            kwargs[kwarg] = world["person"].pk
        elif kwarg == "action_pk":
            kwargs[kwarg] = world["action"].pk
        elif kwarg == "question_pk":
            kwargs[kwarg] = world["question_pk"]
        elif kwarg == "year":
            kwargs[kwarg] = world["year"]
        elif kwarg == "fmt":
            kwargs[kwarg] = "html"
        else:
            raise AssertionError(
                f"Paramètre « {kwarg} » de l'URL « {url_name} » inconnu du test : "
                "donnez-lui une valeur réelle dans url_for."
            )
    return reverse(url_name, kwargs=kwargs)


def is_login_redirect(response) -> bool:
    login = resolve_url("login")
    return response.status_code == 302 and response["Location"].startswith(login)


# --- the matrix itself ---------------------------------------------------------------------


def test_every_url_of_the_project_has_an_entry_in_the_matrix():
    missing = [name for name in project_url_names() if name not in PERMISSIONS]
    assert not missing, (
        "Ces URL n'ont pas d'entrée dans la matrice des permissions "
        "(tisserand/core/permissions.py) et sont refusées à tout le monde : "
        + ", ".join(missing)
    )


def test_stale_entries_are_only_reported():
    """An entry for a url name that does not exist (yet) is harmless: a warning."""
    stale = sorted(set(PERMISSIONS) - set(project_url_names()))
    if stale:
        warnings.warn(
            "Entrées de la matrice sans URL : " + ", ".join(stale), stacklevel=1
        )
    assert all(
        rule in (PUBLIC, ANY_USER) or (rule and set(rule) <= set(ALL_ROLES))
        for rule in PERMISSIONS.values()
    ), "Chaque entrée est PUBLIC, ANY_USER ou un ensemble non vide de rôles connus."


def test_every_role_has_a_french_label_and_a_group(db):
    assert set(ROLE_LABELS) == set(ALL_ROLES)
    assert str(ROLE_LABELS[MEDIATION]) == "Médiation / CESF"
    assert str(ROLE_LABELS[ADMINISTRATEUR]) == "Administrateur (membre du CA)"
    assert set(Group.objects.values_list("name", flat=True)) >= set(ALL_ROLES)


def test_the_rules_of_the_issue_hold_in_the_matrix(db):
    """A few rules read in the issue, checked on the matrix (the walk below checks that the
    matrix is what the server does)."""
    def roles_for(name):
        return PERMISSIONS[name]

    assert roles_for("user_list") == {DIRECTION}  # users: direction only
    assert COORDINATION in roles_for("sheet_edit") and COORDINATION in roles_for("report")
    assert COORDINATION not in roles_for("user_create")
    assert ANIMATEUR not in roles_for("household_detail")  # no family quotient
    assert ANIMATEUR not in roles_for("person_detail")
    assert {ACCUEIL, MEDIATION} <= roles_for("person_detail")
    assert COMPTABLE in roles_for("household_membership_add")
    assert MEDIATION not in roles_for("household_membership_add")  # no amounts paid
    assert MEDIATION not in roles_for("household_quotient_add")
    assert COMPTABLE in roles_for("household_quotient_add")
    assert BENEVOLE in roles_for("attendance_toggle")
    # The bénévole opens their own ateliers' pages (object rule), enrols nobody.
    assert BENEVOLE in roles_for("activity_detail")
    assert BENEVOLE not in roles_for("enrolment_add") | roles_for("session_enrol")
    assert ANIMATEUR not in roles_for("enrolment_withdraw")
    assert ADMINISTRATEUR in roles_for("report_download")
    personal = [n for n in PERMISSIONS if n.startswith(("person_", "household_", "session_"))]
    assert not [n for n in personal if ADMINISTRATEUR in roles_for(n)]


# --- the walk ------------------------------------------------------------------------------


def _walk(client, world, who: str) -> list[str]:
    """Open every URL as ``who``; the list of answers that contradict the matrix."""
    user = None if who == "anonyme" else world["users"][who]
    if user is not None:
        client.force_login(user)
    wrong = []
    for name in project_url_names():
        url = url_for(name, world)
        response = client.get(url)
        rule = PERMISSIONS.get(name)
        if rule is None:
            if response.status_code != 403:
                wrong.append(f"{name} : absente de la matrice mais pas refusée")
            continue
        if user is None:
            ok = response.status_code != 403 if rule == PUBLIC else is_login_redirect(response)
            expected = "ouverte" if rule == PUBLIC else "renvoi vers la connexion"
        elif may_open(user, name):
            ok = response.status_code != 403 and (rule == PUBLIC or not is_login_redirect(
                response))
            expected = "ouverte"
        else:
            ok = response.status_code == 403
            expected = "refusée (403)"
        if not ok:
            wrong.append(f"{name} ({url}) : attendu {expected}, reçu {response.status_code}")
    return wrong


@pytest.mark.parametrize("who", ["anonyme", OUTSIDER, *ALL_ROLES])
def test_every_url_answers_what_the_matrix_says(client, world, who):
    wrong = _walk(client, world, who)
    assert not wrong, f"Pour « {who} » :\n" + "\n".join(wrong)


def test_the_walk_opens_pages_for_real(client, world):
    """The walk is not vacuous: the allowed pages show their content."""
    client.force_login(world["users"][COMPTABLE])
    page = client.get(url_for("household_detail", world)).content.decode()
    assert "Famille Martin" in page
    client.force_login(world["users"][MEDIATION])
    assert "Martin" in client.get(url_for("person_detail", world)).content.decode()
    client.force_login(world["users"][BENEVOLE])
    assert "Atelier devoirs" in client.get(url_for("session_detail", world)).content.decode()


def test_a_url_missing_from_the_matrix_is_refused_to_everybody(client, world, monkeypatch):
    """Fail closed: remove the dashboard's entry and even the direction gets a 403."""
    monkeypatch.delitem(PERMISSIONS, "dashboard")
    client.force_login(world["users"][DIRECTION])
    assert client.get(reverse("dashboard")).status_code == 403
    client.logout()
    assert client.get(reverse("dashboard")).status_code == 403


# --- object rules --------------------------------------------------------------------------


READS = ["session_detail", "session_search", "session_roster"]


@pytest.mark.parametrize("role", [ANIMATEUR, BENEVOLE])
def test_a_session_of_another_atelier_is_refused_whatever_the_id(client, world, role):
    """GIVEN an animateur (or a bénévole) assigned to 'Atelier devoirs' only
    WHEN they type the id of a session of 'Atelier cuisine' in the URL
    THEN every page and every write of that session is refused, and nothing is saved."""
    client.force_login(world["users"][role])
    mine, other = world["session"], world["other_session"]
    person = world["person"]
    for name in READS:
        assert client.get(reverse(name, args=[mine.pk])).status_code == 200, name
        assert client.get(reverse(name, args=[other.pk])).status_code == 403, name
    toggle = reverse("attendance_toggle", args=[other.pk, person.pk])
    assert client.post(toggle, {"present": "1"}).status_code == 403
    assert client.post(toggle, {"present": "1"}, HTTP_HX_REQUEST="true").status_code == 403
    headcount = reverse("session_headcount", args=[other.pk])
    counted = {"category": Headcount.Category.values[0], "count": 4}
    assert client.post(headcount, counted).status_code == 403
    assert not Attendance.objects.filter(session=other).exists()
    assert not Headcount.objects.filter(session=other).exists()
    # The same tap on their own session is recorded, from the search (its ticket).
    found = client.get(reverse("session_search", args=[mine.pk]), {"q": "martin"}).content
    ticket = found.decode().split('name="pick" value="')[1].split('"')[0]
    response = client.post(reverse("attendance_toggle", args=[mine.pk, person.pk]),
                           {"present": "1", "pick": ticket})
    assert response.status_code == 302
    assert Attendance.objects.filter(session=mine, person=person).exists()


def test_an_animateur_cannot_write_the_journal_of_another_atelier(client, world):
    client.force_login(world["users"][ANIMATEUR])
    other = world["other_session"]
    url = reverse("session_journal", args=[other.pk])
    assert client.post(url, {"journal": "Intrus"}).status_code == 403
    other.refresh_from_db()
    assert other.journal != "Intrus"
    newcomer = reverse("session_newcomer", args=[other.pk])
    response = client.post(newcomer, {"first_name": "Zoé", "last_name": "Intruse",
                                      "sex": "F", "birth_year": 2012})
    assert response.status_code == 403
    assert not Person.objects.filter(last_name="Intruse").exists()


def test_an_animateur_cannot_open_the_persons_pages_by_their_id(client, world):
    client.force_login(world["users"][ANIMATEUR])
    for name in ("person_detail", "person_update", "person_privacy"):
        assert client.get(reverse(name, args=[world["person"].pk])).status_code == 403
    household = world["household"]
    assert client.get(reverse("household_detail", args=[household.pk])).status_code == 403


def test_a_benevole_sees_names_only_and_no_team_forms(client, world):
    """GIVEN Léa Martin (born 1985) marked present at the bénévole's session
    THEN the bénévole sees her name, not her age, and no newcomer or journal form;
    the animateur of the same session sees her age."""
    session, person = world["session"], world["person"]
    Attendance.objects.create(session=session, person=person)
    client.force_login(world["users"][BENEVOLE])
    page = client.get(reverse("session_detail", args=[session.pk])).content.decode()
    assert "Martin Léa" in page
    assert " ans" not in page.split('id="roster"')[1].split("</ul>")[0]
    assert reverse("session_newcomer", args=[session.pk]) not in page
    assert reverse("session_journal", args=[session.pk]) not in page
    client.force_login(world["users"][ANIMATEUR])
    page = client.get(reverse("session_detail", args=[session.pk])).content.decode()
    assert "34 ans" in page  # her age on the day of the session
    assert reverse("session_journal", args=[session.pk]) in page


def test_the_dashboard_lists_only_the_benevole_s_own_sessions(client, world):
    """The dashboard's sessions of the week: the bénévole sees their atelier's, not the
    other one (the week of the sessions is the current week)."""
    today = dt.date.today()
    Session.objects.filter(pk=world["session"].pk).update(date=today)
    Session.objects.filter(pk=world["other_session"].pk).update(date=today)
    client.force_login(world["users"][BENEVOLE])
    page = client.get(reverse("dashboard")).content.decode()
    assert "Atelier devoirs" in page
    assert "Atelier cuisine" not in page


def test_the_dashboard_leads_the_benevole_to_their_desk_days_only(client, world):
    """GIVEN the bénévole on duty at 'Écrivains publics', not at 'Aide numérique', both
    open this week THEN their dashboard links to their day and its sheet, not the other."""
    from tisserand.desks.models import DeskSession

    today = dt.date.today()
    DeskSession.objects.filter(pk__in=[world["desk_session"].pk,
                                       world["other_desk_session"].pk]).update(date=today)
    client.force_login(world["users"][BENEVOLE])
    page = client.get(reverse("dashboard")).content.decode()
    assert reverse("desk_day_sheet", args=[world["desk_session"].pk]) in page
    assert "Écrivains publics" in page
    assert "Aide numérique" not in page
    assert reverse("desk_session_detail", args=[world["other_desk_session"].pk]) not in page
    # The animateur holds no desk: no desk section at all.
    client.force_login(world["users"][ANIMATEUR])
    assert 'id="desk-days"' not in client.get(reverse("dashboard")).content.decode()


@pytest.mark.parametrize("role", [BENEVOLE])
def test_a_desk_day_the_benevole_is_not_on_duty_for_is_refused(client, world, role):
    """The object rule of the desks: the id of another desk's day is refused, reading or
    writing, and nothing is saved."""
    from tisserand.desks.models import Appointment

    client.force_login(world["users"][role])
    mine, other = world["desk_session"], world["other_desk_session"]
    for name in ("desk_session_detail", "desk_day_sheet", "desk_walk_in"):
        assert client.get(reverse(name, args=[mine.pk])).status_code == 200, name
        assert client.get(reverse(name, args=[other.pk])).status_code == 403, name
    before = Appointment.objects.count()
    response = client.post(reverse("desk_walk_in", args=[other.pk]),
                           {"person": world["person"].pk, "start_time": "14:00"})
    assert response.status_code == 403
    assert Appointment.objects.count() == before


# --- navigation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "shown", "hidden"),
    [
        (DIRECTION, ["person_list", "report", "audit_list", "user_list", "desk_list",
                     "followup_list"], []),
        (COORDINATION, ["person_list", "report", "desk_list"],
         ["user_list", "audit_list", "followup_list"]),
        (ACCUEIL, ["person_list", "household_list", "action_list", "desk_list"],
         ["report", "user_list", "followup_list"]),
        (ANIMATEUR, ["action_list"], ["person_list", "household_list", "report"]),
        (MEDIATION, ["person_list", "household_list", "desk_list", "followup_list"],
         ["action_list", "report"]),
        (COMPTABLE, ["household_list", "report"], ["person_list", "action_list"]),
        (BENEVOLE, [], ["action_list", "person_list", "household_list", "report", "desk_list",
                        "followup_list"]),
        (ADMINISTRATEUR, ["report"], ["person_list", "household_list", "action_list",
                                    "desk_list", "followup_list"]),
    ],
)
def test_the_navigation_shows_only_what_the_role_may_open(client, world, role, shown, hidden):
    client.force_login(world["users"][role])
    page = client.get(reverse("dashboard")).content.decode()
    nav = page.split('class="mainnav"')[1].split("</nav>")[0]
    for name in shown:
        assert f'href="{reverse(name)}"' in nav, (role, name)
    for name in hidden:
        assert f'href="{reverse(name)}"' not in nav, (role, name)


def test_an_htmx_request_of_an_anonymous_visitor_loads_the_login_page(client, world):
    """A fragment request (htmx) whose session expired: the whole login page, not the
    login form swapped into the roster."""
    url = reverse("session_roster", args=[world["session"].pk])
    response = client.get(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(resolve_url("login"))
    assert url in response["HX-Redirect"]


def test_family_quotients_show_to_accounting_and_reception_not_to_mediation(client, world):
    """GIVEN the Martin household with a family quotient of 612 €
    THEN the comptable and the accueil see it (and the membership form), the médiation sees
    the household without its quotient nor the forms it may not send."""
    from tisserand.people.models import FamilyQuotient

    household = world["household"]
    FamilyQuotient.objects.create(household=household, amount=612,
                                  valid_from=dt.date(2020, 1, 1), valid_to=dt.date(2020, 12, 31))
    url = reverse("household_detail", args=[household.pk])
    for role in (COMPTABLE, ACCUEIL):
        client.force_login(world["users"][role])
        page = client.get(url).content.decode()
        assert "612 €" in page, role
        assert reverse("household_membership_add", args=[household.pk]) in page, role
    client.force_login(world["users"][MEDIATION])
    page = client.get(url).content.decode()
    assert "Famille Martin" in page
    assert "612" not in page
    assert reverse("household_membership_add", args=[household.pk]) not in page
    client.force_login(world["users"][COMPTABLE])
    page = client.get(url).content.decode()
    assert reverse("household_update", args=[household.pk]) not in page
    assert reverse("person_detail", args=[world["person"].pk]) not in page  # name, no link
    assert "Léa Martin" in page


# --- least privilege (issue 12) --------------------------------------------------------------


@pytest.mark.parametrize("role", [ANIMATEUR, BENEVOLE])
@pytest.mark.parametrize("present", ["0", "1"])
def test_the_attendance_endpoint_reveals_nobody_off_the_roster(client, world, role, present):
    """GIVEN Léa Martin, in the register, never at 'Atelier devoirs' WHEN its animateur (or
    bénévole) posts present=0 or 1 with her id on their own session THEN the answer is the
    404 of an unknown id, without her name nor her age, and nothing is recorded. The
    reception (every session) may still mark her by id."""
    client.force_login(world["users"][role])
    session, person = world["session"], world["person"]
    url = reverse("attendance_toggle", args=[session.pk, person.pk])
    for headers in ({"HTTP_HX_REQUEST": "true"}, {}):
        response = client.post(url, {"present": present}, **headers)
        assert response.status_code == 404
        assert "Martin" not in response.content.decode()
        assert " ans" not in response.content.decode()
    assert not Attendance.objects.exists()
    client.force_login(world["users"][ACCUEIL])
    assert client.post(url, {"present": "1"}).status_code == 302


def test_a_benevole_searches_only_the_day_s_bookings_while_on_duty(client, world):
    """GIVEN Léa Martin booked on the bénévole's desk day, Lucas Martin in the register not
    booked THEN the bénévole's search finds Léa only, the reception's finds both; a day
    whose duty has ended (yesterday's) is refused, search included."""
    from tisserand.desks.models import DeskSession

    PersonFactory(first_name="Lucas", last_name="Martin", phone="06 00 00 00 07")
    day = world["desk_session"]
    search = reverse("appointment_person_search")
    client.force_login(world["users"][BENEVOLE])
    page = client.get(search, {"seance": day.pk, "mode": "walkin", "q": "martin"}).content
    assert "Léa" in page.decode() and "Lucas" not in page.decode()
    assert "06 00 00 00 07" not in page.decode()
    page = client.get(reverse("desk_walk_in", args=[day.pk]), {"q": "martin"}).content
    assert "Léa" in page.decode() and "Lucas" not in page.decode()
    client.force_login(world["users"][ACCUEIL])
    page = client.get(search, {"seance": day.pk, "mode": "walkin", "q": "martin"}).content
    assert "Léa" in page.decode() and "Lucas" in page.decode()
    DeskSession.objects.filter(pk=day.pk).update(date=timezone.localdate() - dt.timedelta(1))
    client.force_login(world["users"][BENEVOLE])
    for name in ("desk_session_detail", "desk_day_sheet", "desk_walk_in"):
        assert client.get(reverse(name, args=[day.pk])).status_code == 403, name
    response = client.get(search, {"seance": day.pk, "mode": "walkin", "q": "martin"})
    assert response.status_code == 403


def test_memberships_show_to_accounting_and_reception_not_to_mediation(client, world):
    """The documentation: médiation sees households, neither family quotients nor
    memberships (amounts paid)."""
    from tisserand.people.models import Membership

    household = world["household"]
    Membership.objects.create(household=household, season=2019, paid_on=dt.date(2019, 9, 12),
                              amount="17.50")
    url = reverse("household_detail", args=[household.pk])
    for role in (COMPTABLE, ACCUEIL, DIRECTION):
        client.force_login(world["users"][role])
        page = client.get(url).content.decode()
        assert "17,50 €" in page or "17.50 €" in page, role
        assert 'id="adhesions"' in page, role
    client.force_login(world["users"][MEDIATION])
    page = client.get(url).content.decode()
    assert "Famille Martin" in page
    assert 'id="adhesions"' not in page
    assert "17,50" not in page and "17.50" not in page and "12/09/2019" not in page
