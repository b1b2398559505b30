"""Whole flows in a real browser on a phone-sized screen (system Chromium, issue 13):
the animateur's session of today, the bénévole's atelier, coordination's enrolments."""

import datetime as dt

import pytest
from django.utils import timezone

from tisserand.activities.tests.test_browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    PASSWORD,
    _browser_or_skip,
)

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def _user(username, role):
    from django.contrib.auth.models import Group

    from tisserand.testing.factories import UserFactory

    # live_server flushes the database between tests: the role groups may be gone.
    Group.objects.get_or_create(name=role)
    return UserFactory(username=username, roles=[role])


def _season_start(day: dt.date) -> int:
    from tisserand.core.periods import season_of

    return season_of(day)


def _child(first_name, last_name="Benali", age=9):
    from tisserand.testing.factories import PersonFactory

    today = timezone.localdate()
    return PersonFactory(first_name=first_name, last_name=last_name,
                         birth_date=dt.date(today.year - age, 1, 15))


def _phone(p, live_server, username):
    browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    page = browser.new_page(**PHONE)
    page.goto(f"{live_server.url}/connexion/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    return browser, page


@pytest.fixture
def todays_session(transactional_db):
    """The animateur's CLAS with a session today, five enrolled children and, elsewhere in
    the register, a 'Zoé Martin' born in 2015 (a future namesake)."""
    from tisserand.activities.models import Enrolment
    from tisserand.core.roles import ANIMATEUR
    from tisserand.testing.factories import (
        ActivityFactory,
        ContributorFactory,
        PersonFactory,
        SessionFactory,
    )

    user = _user("sami", ANIMATEUR)
    activity = ActivityFactory(name="CLAS primaire", min_age=6, max_age=11)
    activity.contributors.add(ContributorFactory(user=user))
    today = timezone.localdate()
    session = SessionFactory(activity=activity, date=today)
    children = [_child(name) for name in ("Adam", "Inès", "Lina", "Yanis", "Zoé")]
    for kid in children:
        Enrolment.objects.create(activity=activity, person=kid, season=_season_start(today),
                                 enrolled_on=today)
    namesake = PersonFactory(first_name="Zoé", last_name="Martin", birth_year=2015)
    return {"session": session, "children": children, "namesake": namesake}


@pytest.mark.browser
def test_animateur_marks_five_adds_a_newcomer_and_takes_back_a_wrong_tap(
    live_server, todays_session
):
    _browser_or_skip()
    from playwright.sync_api import expect, sync_playwright

    from tisserand.activities.models import Attendance

    session, children = todays_session["session"], todays_session["children"]
    with sync_playwright() as p:
        browser, page = _phone(p, live_server, "sami")
        try:
            # Today's session, from the dashboard.
            page.locator(f'a[href="/seances/{session.pk}/"]').first.click()
            expect(page.locator("h1")).to_have_text("CLAS primaire")
            for kid in children:
                button = page.locator(f'#roster button[data-person="{kid.pk}"]')
                button.tap()
                expect(button).to_have_attribute("aria-pressed", "true")
            expect(page.locator("#present-count")).to_have_text("5")
            # The last tap was wrong: take it back from the message.
            page.locator("#undo-mark").tap()
            last = page.locator(f'#roster button[data-person="{children[-1].pk}"]')
            expect(last).to_have_attribute("aria-pressed", "false")
            expect(page.locator("#present-count")).to_have_text("4")
            # A newcomer who may be someone already known: the namesake warning.
            page.locator("#nouveau-venu summary").tap()
            page.fill("#id_first_name", "Zoé")
            page.fill("#id_last_name", "Martin")
            page.fill("#id_birth_year", "2015")
            page.locator("#nouveau-venu button.primary").tap()
            expect(page.locator("#namesakes")).to_contain_text("Attention, homonyme")
            page.locator("[data-same-person]").tap()
            expect(page.locator(".messages")).to_contain_text("Zoé Martin est pointé·e présent·e")
            expect(page.locator("#present-count")).to_have_text("5")
        finally:
            browser.close()

    present = set(Attendance.objects.filter(session=session).values_list("person", flat=True))
    assert present == {k.pk for k in children[:4]} | {todays_session["namesake"].pk}


@pytest.fixture
def benevole_atelier(transactional_db):
    from tisserand.activities.models import Enrolment
    from tisserand.core.models import Contributor
    from tisserand.core.roles import BENEVOLE
    from tisserand.testing.factories import ActivityFactory, ContributorFactory, SessionFactory

    user = _user("berenice", BENEVOLE)
    activity = ActivityFactory(name="Aide aux devoirs", min_age=6, max_age=11)
    activity.contributors.add(ContributorFactory(user=user, kind=Contributor.Kind.VOLUNTEER))
    ActivityFactory(name="Atelier cuisine")
    today = timezone.localdate()
    session = SessionFactory(activity=activity, date=today)
    Enrolment.objects.create(activity=activity, person=_child("Inès"),
                             season=_season_start(today), enrolled_on=today)
    return {"activity": activity, "session": session}


@pytest.mark.browser
def test_benevole_opens_their_atelier_from_the_dashboard(live_server, benevole_atelier):
    _browser_or_skip()
    from playwright.sync_api import expect, sync_playwright

    activity, session = benevole_atelier["activity"], benevole_atelier["session"]
    with sync_playwright() as p:
        browser, page = _phone(p, live_server, "berenice")
        try:
            mine = page.locator("section", has_text="Mes ateliers")
            expect(mine).not_to_contain_text("Atelier cuisine")
            mine.get_by_role("link", name="Aide aux devoirs").tap()
            expect(page.locator("h1")).to_have_text("Aide aux devoirs")
            assert page.url.endswith(f"/ateliers/{activity.pk}/")
            expect(page.locator("#enrolled-list")).to_contain_text("Inès")
            expect(page.locator("#enrolled-list")).not_to_contain_text("Benali")
            page.locator(f'a[href="/seances/{session.pk}/"]').tap()
            expect(page.locator("#roster")).to_contain_text("Benali Inès")
        finally:
            browser.close()


@pytest.fixture
def coordination_atelier(transactional_db):
    from tisserand.core.roles import COORDINATION
    from tisserand.testing.factories import ActivityFactory

    _user("camille", COORDINATION)
    activity = ActivityFactory(name="Éveil musical", min_age=3, max_age=10, capacity=3)
    children = [_child(name, last_name="Dupont", age=6) for name in
                ("Adam", "Inès", "Lina", "Yanis")]
    return {"activity": activity, "children": children}


@pytest.mark.browser
def test_coordination_enrols_three_children_and_a_fourth_waits(
    live_server, coordination_atelier
):
    _browser_or_skip()
    from playwright.sync_api import expect, sync_playwright

    from tisserand.activities.models import Enrolment

    activity, children = coordination_atelier["activity"], coordination_atelier["children"]
    with sync_playwright() as p:
        browser, page = _phone(p, live_server, "camille")
        try:
            page.goto(f"{live_server.url}/ateliers/{activity.pk}/")
            for kid in children:
                page.fill("#enrolment-search", kid.first_name)
                page.locator(f'#enrolment-results [data-enrol="{kid.pk}"]').tap()
                expect(page.locator(".messages")).to_contain_text(kid.first_name)
            expect(page.locator(".messages")).to_contain_text(
                "L'atelier est complet : Yanis Dupont est sur la liste d'attente (rang 1)."
            )
            expect(page.locator("#enrolled-list li")).to_have_count(3)
            expect(page.locator("#waiting-list")).to_contain_text("Dupont Yanis")
        finally:
            browser.close()

    statuses = dict(Enrolment.objects.values_list("person__first_name", "status"))
    assert statuses == {"Adam": "enrolled", "Inès": "enrolled", "Lina": "enrolled",
                        "Yanis": "waiting"}
