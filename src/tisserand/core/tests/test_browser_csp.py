"""htmx still works under the Content-Security-Policy, in a real browser, with no violation."""

import os

import pytest

from tisserand.activities.tests.test_browser import CHROMIUM, CHROMIUM_ARGS, _browser_or_skip

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
pytestmark = pytest.mark.browser


@pytest.fixture
def direction_with_people(transactional_db):
    from django.contrib.auth.models import Group
    from django.test import Client

    from tisserand.core.roles import DIRECTION
    from tisserand.testing.factories import PersonFactory, UserFactory

    Group.objects.get_or_create(name=DIRECTION)
    user = UserFactory(username="direction-csp", roles=[DIRECTION])
    PersonFactory(first_name="Hélène", last_name="Dupont")
    PersonFactory(first_name="Karim", last_name="Benali")
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def test_live_search_works_under_the_csp(live_server, direction_with_people):
    """GIVEN the direction on the persons page WHEN typing in the search box THEN htmx
    replaces the results (Karim disappears) and the browser reports no CSP violation."""
    _browser_or_skip()
    from playwright.sync_api import expect, sync_playwright

    violations = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context()
            context.add_cookies([{
                "name": "sessionid", "value": direction_with_people, "url": live_server.url,
            }])
            page = context.new_page()
            page.on("console", lambda message: violations.append(message.text)
                    if "Content Security Policy" in message.text else None)
            response = page.goto(f"{live_server.url}/habitants/")
            assert "script-src 'self'" in response.headers["content-security-policy"]
            results = page.locator("#results")
            expect(results).to_contain_text("Benali")
            assert page.evaluate("typeof htmx") == "object"
            page.fill("#id_q", "helene")
            expect(results).not_to_contain_text("Benali", timeout=5000)
            expect(results).to_contain_text("Dupont")
        finally:
            browser.close()
    assert violations == []
