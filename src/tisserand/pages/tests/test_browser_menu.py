"""A real browser on a phone: the main menu folds into one line behind "Menu", and the
user menu shows who is logged in and logs them out. System Chromium (never downloaded)."""

import pytest

from tisserand.activities.tests.test_browser import CHROMIUM, CHROMIUM_ARGS, _browser_or_skip

PASSWORD = "motdepasse-de-test"


@pytest.fixture
def accueil(transactional_db):
    from django.contrib.auth.models import Group

    from tisserand.core.roles import ACCUEIL
    from tisserand.testing.factories import UserFactory

    Group.objects.get_or_create(name=ACCUEIL)  # live_server flushes the role groups
    return UserFactory(username="lina", first_name="Lina", last_name="Haddad",
                       roles=[ACCUEIL])


@pytest.mark.browser
def test_the_phone_menu_is_one_line_and_the_user_menu_logs_out(live_server, accueil):
    _browser_or_skip()
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True,
                                    has_touch=True)
            page.goto(f"{live_server.url}/connexion/")
            page.fill("#id_username", "lina")
            page.fill("#id_password", PASSWORD)
            page.click("button[type=submit]")
            menu = page.locator("details.navmenu")
            expect(menu.locator("summary")).to_have_text("Menu")
            # Closed, the whole bar (brand, Menu, user) takes one line.
            assert page.locator("header.topbar").bounding_box()["height"] < 60
            habitants = page.get_by_role("link", name="Habitants")
            expect(habitants).to_be_hidden()
            menu.locator("summary").tap()
            expect(habitants).to_be_visible()
            habitants.tap()
            expect(page.locator("h1")).to_contain_text("Habitants")

            user_menu = page.locator("details.usermenu")
            expect(user_menu.locator("summary")).to_contain_text("Lina Haddad")
            logout = page.get_by_role("button", name="Se déconnecter")
            expect(logout).to_be_hidden()
            user_menu.locator("summary").tap()
            expect(page.get_by_role("link", name="Mot de passe")).to_be_visible()
            expect(page.get_by_role("link", name="Double authentification")).to_be_visible()
            logout.tap()
            expect(page.locator("#id_username")).to_be_visible()
        finally:
            browser.close()


@pytest.mark.browser
def test_on_a_laptop_the_main_menu_is_open_without_a_menu_button(live_server, accueil):
    _browser_or_skip()
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(f"{live_server.url}/connexion/")
            page.fill("#id_username", "lina")
            page.fill("#id_password", PASSWORD)
            page.click("button[type=submit]")
            expect(page.get_by_role("link", name="Habitants")).to_be_visible()
            expect(page.locator("details.navmenu > summary")).to_be_hidden()
            expect(page.locator("details.usermenu summary")).to_contain_text("(Accueil)")
        finally:
            browser.close()
