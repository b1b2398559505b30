import datetime as dt

import pytest
from django.urls import reverse

from tisserand.activities.services import attendance_mark
from tisserand.reports.models import EvaluationQuestion
from tisserand.reports.services import answer_save, sheet_open
from tisserand.testing.factories import (
    ActionFactory,
    ActivityFactory,
    PersonFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def action_2020():
    action = ActionFactory(name="Atelier de français")
    activity = ActivityFactory(action=action)
    for day in (dt.date(2020, 1, 13), dt.date(2020, 1, 20)):
        session = SessionFactory(activity=activity, date=day)
        for person in PersonFactory.create_batch(2, last_name="Apprenant"):
            attendance_mark(session=session, person=person)
    SessionFactory(activity=activity, date=dt.date(2019, 3, 4), status="held")
    return action


def test_action_page_shows_the_year_figures_and_the_sheet(client_for, direction_user, action_2020):
    """GIVEN an action with two 2020 sessions and a written sheet WHEN direction opens its page
    for 2020 THEN the figures compare with 2019 and the sheet's answer is shown."""
    sheet = sheet_open(action=action_2020, year=2020)
    highlights = EvaluationQuestion.objects.get(grid=sheet.grid, position=13)
    answer_save(sheet=sheet, question=highlights, text="L'envie d'apprendre reste intacte.")
    url = reverse("action_detail", args=[action_2020.pk]) + "?annee=2020"
    page = client_for(direction_user).get(url).content.decode()
    assert "Bilan 2020" in page
    assert "2 (1 en 2019)" in page  # sessions held
    assert "L&#x27;envie d&#x27;apprendre reste intacte." in page
    assert reverse("sheet_edit", args=[2020, action_2020.pk]) in page


def test_only_direction_gets_the_sheet_link(client_for, accueil_user, action_2020):
    url = reverse("action_detail", args=[action_2020.pk]) + "?annee=2020"
    page = client_for(accueil_user).get(url).content.decode()
    assert "2 (1 en 2019)" in page
    assert reverse("sheet_edit", args=[2020, action_2020.pk]) not in page
    assert "pas encore rédigée" in page


def test_the_page_of_a_desk_action_shows_the_desk_figures(client_for, direction_user):
    """GIVEN an action with a desk and no atelier: in 2020 one permanence, three appointments
    (one received, two absent) and a walk-in; in 2019 one appointment received
    WHEN its page for 2020 opens THEN it shows the desk lines compared with 2019, and no
    line of atelier sessions."""
    from tisserand.testing.desk_factories import (
        AppointmentFactory,
        DeskFactory,
        DeskSessionFactory,
    )

    action = ActionFactory(name="Permanence Ecrivains publics")
    desk = DeskFactory(name="Écrivains publics", action=action)
    day = DeskSessionFactory(desk=desk, date=dt.date(2020, 2, 4))
    AppointmentFactory(session=day, status="honoured", start_time=dt.time(14))
    AppointmentFactory(session=day, status="absent", start_time=dt.time(14, 30))
    AppointmentFactory(session=day, status="absent", start_time=dt.time(15))
    AppointmentFactory(session=day, status="honoured", walk_in=True, start_time=dt.time(15))
    before = DeskSessionFactory(desk=desk, date=dt.date(2019, 2, 5))
    AppointmentFactory(session=before, status="honoured")
    url = reverse("action_detail", args=[action.pk]) + "?annee=2020"
    page = client_for(direction_user).get(url).content.decode()
    assert "3 (1 en 2019)" in page.split("Rendez-vous pris", 1)[1][:80]  # booked
    assert "2 (1 en 2019)" in page.split("Nombre d", 1)[1][:80]  # interviews
    assert "Sans rendez-vous" in page
    assert "Séances réalisées" not in page
