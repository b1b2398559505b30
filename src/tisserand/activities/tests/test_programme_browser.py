"""A real browser on a phone-sized screen: the coordination creates an atelier with two
weekly slots from its action's page, generates its sessions, sees them listed and enrols
three children (the whole flow of the issue 13 acceptance).

System Chromium through Playwright (never a downloaded browser); skipped like the other
browser tests when it is missing (``test_browser._browser_or_skip``).
"""

import datetime as dt

import pytest

from tisserand.activities.tests.test_browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    PASSWORD,
    _browser_or_skip,
)


@pytest.fixture
def coordination_action(transactional_db):
    from django.contrib.auth.models import Group

    from tisserand.core.roles import COORDINATION
    from tisserand.testing.factories import (
        ActionFactory,
        PersonFactory,
        PlaceFactory,
        UserFactory,
    )

    # live_server flushes the database between tests: the role groups may be gone.
    Group.objects.get_or_create(name=COORDINATION)
    UserFactory(username="claire", roles=[COORDINATION])
    PlaceFactory(name="Salle Pellevoisin")
    square = PlaceFactory(name="Square Saint-Maurice", is_outreach=True)
    children = [PersonFactory(first_name=name, last_name="Lefebvre",
                              birth_date=dt.date(2022, 3, 1)) for name in ("Nour", "Théo", "Zoé")]
    return {"action": ActionFactory(name="Ateliers Parents/Enfants"), "square": square,
            "children": children}


@pytest.mark.browser
def test_coordination_creates_an_atelier_with_two_slots_and_its_sessions_on_a_phone(
        live_server, coordination_action):
    _browser_or_skip()
    from playwright.sync_api import expect, sync_playwright

    from tisserand.activities.models import Activity, Enrolment, Session

    action, square = coordination_action["action"], coordination_action["square"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(
                viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
            )
            page.goto(f"{live_server.url}/connexion/?next=/actions/{action.pk}/")
            page.fill("#id_username", "claire")
            page.fill("#id_password", PASSWORD)
            page.click("button[type=submit]")
            expect(page.locator("h1")).to_have_text("Ateliers Parents/Enfants")

            page.get_by_role("link", name="Nouvel atelier").tap()
            expect(page.locator("h1")).to_have_text("Nouvel atelier")
            page.fill("#id_name", "Éveil aux livres")
            page.fill("#id_min_age", "0")
            page.fill("#id_max_age", "6")
            page.fill("#id_capacity", "12")
            page.select_option("#id_default_place", label="Salle Pellevoisin")
            page.select_option("#id_creneaux-0-weekday", label="mardi")
            page.fill("#id_creneaux-0-start_time", "17:00")
            page.fill("#id_creneaux-0-end_time", "18:00")
            page.select_option("#id_creneaux-1-weekday", label="jeudi")
            page.fill("#id_creneaux-1-start_time", "09:30")
            page.fill("#id_creneaux-1-end_time", "11:00")
            page.select_option("#id_creneaux-1-place", label="Square Saint-Maurice")
            save = page.get_by_role("button", name="Enregistrer")
            # The form fits the phone: no sideways scrolling to reach the button.
            assert save.bounding_box()["x"] + save.bounding_box()["width"] <= 390
            save.tap()

            expect(page.locator("h1")).to_have_text("Éveil aux livres")
            expect(page.locator(".messages")).to_contain_text("Atelier « Éveil aux livres »")
            expect(page.locator("dl.facts")).to_contain_text("mardi")
            expect(page.locator("dl.facts")).to_contain_text("jeudi")

            page.get_by_role("link", name="Générer des séances").tap()
            page.fill("#id_start", "2026-09-07")
            page.fill("#id_end", "2026-09-20")
            page.get_by_role("button", name="Générer les séances").tap()

            expect(page.locator(".messages")).to_contain_text("4 séances créées.")
            listed = page.locator(".session-list li")
            expect(listed).to_have_count(4)
            expect(listed.first).to_contain_text("mardi 8")
            expect(listed.first).to_contain_text("17 h 00")
            expect(listed.nth(1)).to_contain_text("jeudi 10")

            expect(page.locator("h1")).to_have_text("Éveil aux livres")  # back on its page
            for child in coordination_action["children"]:
                page.fill("#enrolment-search", child.first_name)
                page.locator(f'#enrolment-results [data-enrol="{child.pk}"]').tap()
                expect(page.locator(".messages")).to_contain_text(child.first_name)
            expect(page.locator("#enrolled-list li")).to_have_count(3)
        finally:
            browser.close()

    activity = Activity.objects.get(action=action, name="Éveil aux livres")
    sessions = list(Session.objects.filter(activity=activity).values_list(
        "date", "start_time", "place"))
    assert sessions[:2] == [(dt.date(2026, 9, 8), dt.time(17), activity.default_place_id),
                            (dt.date(2026, 9, 10), dt.time(9, 30), square.pk)]
    assert len(sessions) == 4
    assert sorted(Enrolment.objects.filter(activity=activity, status="enrolled")
                  .values_list("person__first_name", flat=True)) == ["Nour", "Théo", "Zoé"]
