"""The report and the main pages work on a synthetic centre."""

import pytest
from django.urls import reverse

from tisserand.activities.figures.indicators import indicators_for
from tisserand.activities.figures.scope import WHOLE_CENTRE
from tisserand.activities.models import Action, Activity, Session
from tisserand.core.periods import calendar_year
from tisserand.desks.models import Desk, DeskSession
from tisserand.followup.models import FollowUpFile
from tisserand.people.models import Household, Person
from tisserand.reports.builder import build_report

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("scale_centre")]


def test_the_report_of_a_year_has_figures_everywhere():
    """GIVEN the synthetic centre WHEN the 2020 report is built THEN the centre-wide
    figures are not zero (sessions, attendances, anonymous counts, persons, households,
    newcomers, regulars, CLAS schooling, volunteers' hours) and every action is told,
    the desks' and follow-up's included."""
    indicators = indicators_for(WHOLE_CENTRE, calendar_year(2020))
    assert indicators.sessions.held > 0 and indicators.sessions.cancelled > 0
    assert indicators.sessions.held_outreach > 0
    public = indicators.public
    assert public.attendances > 0 and public.headcount > 0
    assert public.persons > 0 and public.households > 0
    assert public.children > 0 and public.adults > 0 and public.priority_area > 0
    assert indicators.participation.new_persons > 0
    assert indicators.participation.regulars > 0
    assert any(year.enrolled for year in indicators.schooling)
    assert indicators.contributors.volunteer_hours > 0
    assert indicators.contributors.staff_hours > 0
    assert indicators.partners

    report = build_report(calendar_year(2020), with_charts=False)

    assert report.summary
    told = {block.name for block in report.actions()}
    assert told == set(Action.objects.values_list("name", flat=True))
    rights = next(b for b in report.actions() if b.name.startswith("Accès aux droits"))
    assert rights.figures  # the desks' lines
    assert all(block.activities for block in report.actions()
               if block.name != rights.name and not block.name.startswith("Médiation"))


@pytest.mark.parametrize("name", [
    "dashboard", "person_list", "household_list", "action_list", "desk_list", "desk_figures",
    "followup_list", "followup_figures", "report",
])
def test_list_pages_answer(client_for, direction_user, name):
    """GIVEN the synthetic centre and the direction WHEN a main page opens THEN it answers."""
    response = client_for(direction_user).get(reverse(name))
    assert response.status_code == 200


def test_detail_pages_answer(client_for, direction_user):
    """GIVEN the synthetic centre WHEN the pages of one record of each kind open (person,
    household, action, atelier, session, desk, desk session, follow-up file, a people
    search) THEN they answer."""
    client = client_for(direction_user)
    session = Session.objects.filter(status=Session.Status.HELD,
                                     attendances__isnull=False).first()
    urls = [
        reverse("person_detail", args=[Person.objects.filter(attendances__isnull=False)
                                       .first().pk]),
        reverse("household_detail", args=[Household.objects.first().pk]),
        reverse("action_detail", args=[Action.objects.first().pk]),
        reverse("activity_detail", args=[Activity.objects.first().pk]),
        reverse("session_detail", args=[session.pk]),
        reverse("desk_detail", args=[Desk.objects.first().pk]),
        reverse("desk_session_detail", args=[DeskSession.objects.filter(
            appointments__isnull=False).first().pk]),
        reverse("followup_detail", args=[FollowUpFile.objects.first().pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
    someone = Person.objects.order_by("pk").first()
    found = client.get(reverse("person_list"), {"q": someone.last_name})
    assert someone.first_name in found.content.decode()
