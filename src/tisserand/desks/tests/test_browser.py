"""A real browser on a phone-sized screen: reception books an appointment from the week
view, and it appears in the week.

Runs the system Chromium through Playwright (never a downloaded browser). Skipped when
/usr/bin/chromium is missing, unless TISSERAND_REQUIRE_BROWSER=1 makes that a failure (the
same rule as ``activities/tests/test_browser.py``, whose helper is reused).
"""

import datetime as dt
import os

import pytest

from tisserand.activities.tests.test_browser import CHROMIUM, CHROMIUM_ARGS, PASSWORD

# Playwright's sync API runs an event loop in this thread; Django must allow ORM calls here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _browser_or_skip():
    from tisserand.activities.tests import test_browser

    test_browser._browser_or_skip()


@pytest.fixture
def reception_week(transactional_db):
    """Reception, the écrivains publics next week (14:00-16:00, 30 minutes), one booking
    at 14:00, and Amina Diallo, known to the centre."""
    from django.contrib.auth.models import Group

    from tisserand.core.roles import ACCUEIL
    from tisserand.desks.models import Appointment
    from tisserand.testing.desk_factories import DeskFactory, DeskSessionFactory
    from tisserand.testing.factories import PersonFactory, UserFactory

    # live_server flushes the database between tests: the role groups may be gone.
    Group.objects.get_or_create(name=ACCUEIL)
    user = UserFactory(username="nadia", roles=[ACCUEIL])
    desk = DeskFactory(name="Écrivains publics")
    session = DeskSessionFactory(desk=desk, date=dt.date.today() + dt.timedelta(days=7))
    Appointment.objects.create(session=session, person=PersonFactory(last_name="Premier"),
                               start_time=dt.time(14))
    amina = PersonFactory(first_name="Amina", last_name="Diallo", phone="06 11 22 33 44")
    return {"user": user, "desk": desk, "session": session, "amina": amina}


@pytest.mark.browser
def test_reception_books_from_the_week_view(live_server, reception_week):
    _browser_or_skip()
    from playwright.sync_api import expect, sync_playwright

    from tisserand.desks.models import Appointment

    desk, session, amina = (reception_week[k] for k in ("desk", "session", "amina"))
    week_url = f"/permanences/{desk.pk}/semaine/?semaine={session.date.isoformat()}"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(
                viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
            )
            page.goto(f"{live_server.url}/connexion/?next={week_url}")
            page.fill("#id_username", "nadia")
            page.fill("#id_password", PASSWORD)
            page.click("button[type=submit]")
            expect(page.locator("h1")).to_have_text("Écrivains publics")
            free = page.locator('a.free[data-time="14:30"]')
            expect(free).to_have_count(1)
            free.tap()

            expect(page.locator("#chosen-time")).to_have_text("14 h 30")
            assert page.evaluate("typeof htmx") == "object", "htmx did not load"
            page.fill("#id_subject", "courrier CAF")
            page.fill("#person-search", "dial")  # htmx shows the results as one types
            pick = page.locator(f'#person-results button[data-person="{amina.pk}"]')
            expect(pick).to_contain_text("Diallo Amina")
            box = pick.bounding_box()
            assert box["width"] > 300 and box["height"] >= 44  # one easy tap
            pick.tap()

            page.wait_for_url("**/semaine/**")
            expect(page.locator(".messages")).to_contain_text("Rendez-vous pris pour Amina Diallo")
            booked = page.locator(".booked", has_text="Diallo Amina")
            expect(booked).to_contain_text("06 11 22 33 44")
            expect(booked).to_contain_text("Pris")
            expect(page.locator('a.free[data-time="14:30"]')).to_have_count(0)
        finally:
            browser.close()

    appointment = Appointment.objects.get(person=amina)
    assert appointment.start_time == dt.time(14, 30) and appointment.subject == "courrier CAF"
