"""A tap that fails says why: the server's French error page, not silence (htmx swaps
nothing on an error answer). Real Chromium, phone size."""

import pytest

from tisserand.activities.tests.test_browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    PASSWORD,
    _browser_or_skip,
    animateur_session,  # noqa: F401 (fixture)
)
from tisserand.core import maintenance


@pytest.mark.browser
def test_a_tap_during_maintenance_shows_the_maintenance_message(live_server, animateur_session):  # noqa: F811
    _browser_or_skip()
    from playwright.sync_api import expect, sync_playwright

    from tisserand.activities.models import Attendance

    session, child = animateur_session["session"], animateur_session["child"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(
                viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
            )
            page.goto(f"{live_server.url}/connexion/?next=/seances/{session.pk}/")
            page.fill("#id_username", "sami")
            page.fill("#id_password", PASSWORD)
            page.click("button[type=submit]")
            button = page.locator(f'#roster button[data-person="{child.pk}"]')
            expect(button).to_have_attribute("aria-pressed", "false")

            maintenance.MAINTENANCE.acquire()
            try:
                button.tap()
                alert = page.locator("#request-error[role=alert]")
                expect(alert).to_contain_text("Tisserand est en maintenance")
                expect(alert).to_contain_text("Rien de ce que vous avez enregistré n'est perdu")
                expect(button).to_have_attribute("aria-pressed", "false")
            finally:
                maintenance.MAINTENANCE.release()

            alert.get_by_role("button", name="Fermer").tap()
            expect(alert).to_have_count(0)
            button.tap()  # back in service: the same tap works
            expect(button).to_have_attribute("aria-pressed", "true")

            page.context.set_offline(True)  # the network drops: nothing is sent
            button.tap()
            expect(page.locator("#request-error")).to_contain_text("Le serveur ne répond pas")
        finally:
            browser.close()

    assert Attendance.objects.filter(session=session, person=child).count() == 1
