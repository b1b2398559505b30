"""A real browser on a phone-sized screen, for the reception and the direction:

(a) the reception records a family that walks in (a household of two, the second member
    attached through the household search) and books one of them an appointment at the
    écrivains publics, found by phone number;
(b) the direction merges two records of one person, then downloads the yearly report.

System Chromium through Playwright (never a downloaded browser); skipped when it is
missing unless TISSERAND_REQUIRE_BROWSER=1 (``activities/tests/test_browser.py``).
"""

import datetime as dt
import io
import os

import pytest

from tisserand.activities.tests.test_browser import CHROMIUM, CHROMIUM_ARGS, PASSWORD

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def _browser_or_skip():
    from tisserand.activities.tests import test_browser

    test_browser._browser_or_skip()


def _log_in(page, base_url: str, username: str, next_url: str) -> None:
    page.goto(f"{base_url}/connexion/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")


@pytest.fixture
def reception(transactional_db):
    from django.contrib.auth.models import Group

    from tisserand.core.roles import ACCUEIL
    from tisserand.testing.desk_factories import DeskFactory, DeskSessionFactory
    from tisserand.testing.factories import HouseholdFactory, UserFactory

    Group.objects.get_or_create(name=ACCUEIL)  # live_server flushes the groups
    UserFactory(username="nadia", roles=[ACCUEIL])
    desk = DeskFactory(name="Écrivains publics")
    session = DeskSessionFactory(desk=desk, date=dt.date.today() + dt.timedelta(days=7))
    HouseholdFactory(name="Benali", address="8 place du Marché")  # a namesake household
    return {"desk": desk, "session": session}


@pytest.mark.browser
def test_reception_records_a_family_of_two_and_books_an_appointment(live_server, reception):
    _browser_or_skip()
    from playwright.sync_api import expect, sync_playwright

    from tisserand.desks.models import Appointment
    from tisserand.people.models import Household, Person

    desk, session = reception["desk"], reception["session"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(**PHONE)
            _log_in(page, live_server.url, "nadia", "/habitants/foyers/nouveau/")
            page.fill("#id_name", "Benali")
            page.fill("#id_address", "3 rue des Tisserands")
            page.fill("#id_phone", "pas un numéro")
            page.click("button.primary")
            expect(page.locator(".errorlist")).to_contain_text("Numéro de téléphone non reconnu")
            page.fill("#id_phone", "03 20 11 22 33")
            page.click("button.primary")
            expect(page.locator("h1")).to_have_text("Benali")

            # The first member, from the household's page: the household is already chosen.
            page.get_by_role("link", name="Créer un nouveau membre").tap()
            page.fill("#id_first_name", "Nadia")
            page.fill("#id_last_name", "Benali")
            page.fill("#id_birth_year", "1988")
            page.fill("#id_phone", "06 12 34 56 78")
            page.click("button.primary")
            expect(page.locator("h1")).to_have_text("Nadia Benali")

            # The second, from the persons list: the household chosen by search, told apart
            # from the other "Benali" by its address and its member.
            page.goto(f"{live_server.url}/habitants/nouveau/")
            assert page.evaluate("typeof htmx") == "object", "htmx did not load"
            page.fill("#id_first_name", "Sami")
            page.fill("#id_last_name", "Benali")
            page.fill("#id_birth_year", "2014")
            page.fill("#id_household", "benali")
            ours = page.locator("#household-choices label", has_text="3 rue des Tisserands")
            expect(ours).to_contain_text("(Nadia)")
            expect(page.locator("#household-choices label")).to_have_count(2)
            ours.locator("input").check()
            page.click("button.primary")
            expect(page.locator("h1")).to_have_text("Sami Benali")

            household = Household.objects.get(address="3 rue des Tisserands")
            page.goto(f"{live_server.url}/habitants/foyers/{household.pk}/")
            expect(page.locator("#membres tbody tr")).to_have_count(2)

            # She asks for an appointment: found by her phone number, typed another way.
            week = f"/permanences/{desk.pk}/semaine/?semaine={session.date.isoformat()}"
            page.goto(f"{live_server.url}{week}")
            page.locator('a.free[data-time="14:30"]').tap()
            page.fill("#id_subject", "dossier CAF")
            page.fill("#person-search", "+33 6 12 34")
            nadia = Person.objects.get(first_name="Nadia")
            pick = page.locator(f'#person-results button[data-person="{nadia.pk}"]')
            expect(pick).to_contain_text("Benali Nadia")
            pick.tap()
            page.wait_for_url("**/semaine/**")
            expect(page.locator(".messages")).to_contain_text("Rendez-vous pris pour Nadia")
        finally:
            browser.close()

    assert household.members.count() == 2
    appointment = Appointment.objects.get(person__first_name="Nadia")
    assert appointment.start_time == dt.time(14, 30) and appointment.subject == "dossier CAF"


@pytest.fixture
def duplicates(transactional_db, world):
    """The small centre, and the man living alone recorded a second time in February."""
    from django.contrib.auth.models import Group

    from tisserand.activities.models import Attendance, Session
    from tisserand.core.roles import DIRECTION
    from tisserand.people.models import Person
    from tisserand.testing.factories import PersonFactory, UserFactory

    Group.objects.get_or_create(name=DIRECTION)
    UserFactory(username="claire", roles=[DIRECTION])
    alone = Person.objects.get(birth_year=1950)
    alone.first_name, alone.last_name = "Marcel", "Petit"
    alone.save()
    again = PersonFactory(first_name="Marcel", last_name="PETIT", birth_date=None,
                          birth_year=None, phone="06 20 30 40 50")
    Attendance.objects.create(session=Session.objects.get(date=dt.date(2020, 2, 3)),
                              person=again)
    return {"alone": alone, "again": again}


@pytest.mark.browser
def test_direction_merges_two_duplicates_then_downloads_the_report(live_server, duplicates):
    _browser_or_skip()
    from docx import Document
    from playwright.sync_api import expect, sync_playwright

    from tisserand.activities.selectors import period_figures
    from tisserand.core.periods import calendar_year
    from tisserand.people.models import Person

    alone, again = duplicates["alone"], duplicates["again"]
    assert period_figures(period=calendar_year(2020)).persons == 6
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(accept_downloads=True, **PHONE)
            page = context.new_page()
            _log_in(page, live_server.url, "claire", f"/habitants/{again.pk}/")
            page.get_by_role("link", name="Fusionner avec un doublon").tap()
            page.fill("#id_q", "petit marcel")
            page.locator("form[role=search] button").click()
            page.locator(f'a[href$="b={alone.pk}"]').tap()
            expect(page.locator("table.merge")).to_contain_text("06 20 30 40 50")
            page.check("input[name=keep][value=second]")  # the older record keeps its number
            page.check("input[name=value_phone][value=first]")
            page.click("button.primary")
            expect(page.locator(".messages")).to_contain_text("Fiches fusionnées")
            expect(page.locator("h1")).to_have_text("Marcel Petit")

            page.goto(f"{live_server.url}/rapport/?annee=2020")
            with page.expect_download() as download_info:
                page.get_by_role("link", name="Télécharger pour Word (.docx)").click()
            download = download_info.value
            assert download.suggested_filename == "rapport-activites-2020.docx"
            with open(download.path(), "rb") as saved:
                document = Document(io.BytesIO(saved.read()))
        finally:
            browser.close()

    assert not Person.objects.filter(pk=again.pk).exists()
    kept = Person.objects.get(pk=alone.pk)
    assert kept.phone == "06 20 30 40 50" and kept.attendances.count() == 3
    assert period_figures(period=calendar_year(2020)).persons == 5
    assert any(p.text == "Parents/Enfants" for p in document.paragraphs)
