"""A real browser on a phone-sized screen: an animateur marks a child present in one tap.

Runs the system Chromium through Playwright (never a downloaded browser). Skipped when
/usr/bin/chromium is missing, unless TISSERAND_REQUIRE_BROWSER=1 makes that a failure.
"""

import datetime as dt
import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django must allow ORM calls here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "motdepasse-de-test"


def _browser_or_skip():
    reason = None
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} est absent : test navigateur ignoré (installez chromium)."
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "Playwright n'est pas installé : test navigateur ignoré."
    if reason:
        if os.environ.get("TISSERAND_REQUIRE_BROWSER") == "1":
            pytest.fail(f"TISSERAND_REQUIRE_BROWSER=1 mais {reason}")
        pytest.skip(reason)


@pytest.fixture
def animateur_session(transactional_db):
    """An animateur, a session of their atelier, and a child who came in January."""
    from django.contrib.auth.models import Group

    from tisserand.activities.models import Attendance
    from tisserand.core.roles import ANIMATEUR
    from tisserand.testing.factories import (
        ActivityFactory,
        ContributorFactory,
        PersonFactory,
        SessionFactory,
        UserFactory,
    )

    # live_server flushes the database between tests: the role groups may be gone.
    Group.objects.get_or_create(name=ANIMATEUR)
    user = UserFactory(username="sami", roles=[ANIMATEUR])
    activity = ActivityFactory(name="Expression corporelle")
    activity.contributors.add(ContributorFactory(user=user))
    january = SessionFactory(activity=activity, date=dt.date(2020, 1, 16))
    child = PersonFactory(first_name="Inès", last_name="Benali", birth_date=dt.date(2015, 4, 2))
    Attendance.objects.create(session=january, person=child)
    session = SessionFactory(activity=activity, date=dt.date(2020, 2, 6))
    return {"user": user, "session": session, "child": child}


@pytest.mark.browser
def test_animateur_marks_a_child_present_on_a_phone(live_server, animateur_session):
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
            expect(page.locator("h1")).to_have_text("Expression corporelle")
            expect(page.locator("#present-count")).to_have_text("0")
            assert page.evaluate("typeof htmx") == "object", "htmx did not load"

            button = page.locator(f'#roster button[data-person="{child.pk}"]')
            expect(button).to_have_attribute("aria-pressed", "false")
            expect(button).to_contain_text("Benali Inès")
            page.evaluate("window.__notReloaded = true")
            button.tap()

            expect(button).to_have_attribute("aria-pressed", "true")
            expect(page.locator("#present-count")).to_have_text("1")
            expect(page.locator("#session-status")).to_contain_text("réalisée")
            assert page.evaluate("window.__notReloaded === true"), "the page was reloaded"
            # the button fills the phone's width: one easy tap
            box = button.bounding_box()
            assert box["width"] > 300 and box["height"] >= 44
        finally:
            browser.close()

    assert Attendance.objects.filter(session=session, person=child).exists()


def test_missing_browser_is_a_skip_with_a_reason(monkeypatch, tmp_path):
    monkeypatch.setitem(globals(), "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.delenv("TISSERAND_REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="absent"):
        _browser_or_skip()


def test_missing_browser_fails_when_required(monkeypatch, tmp_path):
    monkeypatch.setitem(globals(), "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.setenv("TISSERAND_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="TISSERAND_REQUIRE_BROWSER=1"):
        _browser_or_skip()
