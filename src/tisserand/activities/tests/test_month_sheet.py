"""The monthly paper sheet (names × session dates) and typing it back in one transaction."""

import datetime as dt
from html import unescape

import pytest
from django.urls import reverse

from tisserand.activities.models import Attendance, Enrolment, Session
from tisserand.audit.models import AuditEntry
from tisserand.testing.factories import (
    ActivityFactory,
    CancellationReasonFactory,
    PersonFactory,
    SessionFactory,
)

FEBRUARY = {"mois": "2020-02"}


@pytest.fixture
def atelier(animateur_user):
    """The animateur's atelier: three sessions in February 2020 (one cancelled), one in
    January where a walk-in came, and one enrolled child."""
    activity = ActivityFactory(name="Cirque", min_age=6, max_age=11)
    activity.contributors.add(animateur_user.contributor)
    sessions = [SessionFactory(activity=activity, date=dt.date(2020, 2, day))
                for day in (6, 13, 20)]
    Session.objects.filter(pk=sessions[2].pk).update(
        status=Session.Status.CANCELLED, cancellation_reason=CancellationReasonFactory())
    january = SessionFactory(activity=activity, date=dt.date(2020, 1, 16))
    enrolled = PersonFactory(first_name="Inès", last_name="Benali",
                             birth_date=dt.date(2012, 4, 2))
    Enrolment.objects.create(activity=activity, person=enrolled, season=2019,
                             enrolled_on=dt.date(2019, 9, 10))
    walk_in = PersonFactory(first_name="Adam", last_name="Aubert",
                            birth_date=dt.date(2011, 1, 1))
    Attendance.objects.create(session=january, person=walk_in)
    return {"activity": activity, "held": sessions[:2], "cancelled": sessions[2],
            "enrolled": enrolled, "walk_in": walk_in}


def test_the_sheet_has_the_names_and_the_month_dates(client_for, animateur_user, atelier):
    client = client_for(animateur_user)
    page = unescape(client.get(reverse("activity_month_sheet", args=[atelier["activity"].pk]),
                               FEBRUARY).content.decode())
    assert page.index("Benali Inès") < page.index("Aubert Adam")  # enrolled first
    assert "(non inscrit·e)" in page
    assert "jeu 6/02" in page.lower() and "jeu 13/02" in page.lower()
    assert "20/02" not in page  # the cancelled session
    assert "16/01" not in page
    assert "size: A4 landscape" in open_css()


def open_css() -> str:
    from django.contrib.staticfiles import finders

    with open(finders.find("tisserand/month_sheet.css"), encoding="utf-8") as css:
        return css.read()


def test_the_sheet_queries_do_not_grow_with_rows(
    client_for, animateur_user, atelier, django_assert_max_num_queries
):
    client = client_for(animateur_user)
    url = reverse("activity_month_sheet", args=[atelier["activity"].pk])
    counts, enrolled = [], 1
    for size in (2, 25):
        enrolled += size
        for i in range(size):
            Enrolment.objects.create(activity=atelier["activity"], season=2019,
                                     person=PersonFactory(last_name=f"Inscrit{size}-{i}"),
                                     enrolled_on=dt.date(2019, 9, 10))
        with django_assert_max_num_queries(10) as queries:
            page = client.get(url, FEBRUARY).content.decode()
        counts.append(len(queries))
        rows = enrolled + 1 + 6  # the enrolled, the walk-in, six blank lines
        assert page.count('class="box"') == rows * 2  # × the two sessions held
    assert counts[0] == counts[1]


def test_a_wrong_month_says_so_in_french(client_for, animateur_user, atelier):
    client = client_for(animateur_user)
    response = client.get(reverse("activity_month_sheet", args=[atelier["activity"].pk]),
                          {"mois": "9999-99"})
    assert response.status_code == 200
    assert "Mois incompréhensible" in unescape(response.content.decode())


def test_the_sheet_of_another_atelier_is_refused(client_for, animateur_user):
    other = ActivityFactory(name="Couture")
    for name in ("activity_month_sheet", "activity_month_entry"):
        response = client_for(animateur_user).get(reverse(name, args=[other.pk]), FEBRUARY)
        assert response.status_code == 403


def cell(person, session):
    return f"{person.pk}-{session.pk}"


def test_typing_back_records_the_month_in_one_go_and_shows_what_changed(
    client_for, animateur_user, atelier
):
    first, second = atelier["held"]
    ines, adam = atelier["enrolled"], atelier["walk_in"]
    Attendance.objects.create(session=first, person=adam)  # shown ticked, then unticked
    client = client_for(animateur_user)
    url = reverse("activity_month_entry", args=[atelier["activity"].pk]) + "?mois=2020-02"
    response = client.post(url, {
        "shown": [cell(adam, first)],
        "cell": [cell(ines, first), cell(ines, second), cell(adam, second)],
    })
    page = unescape(response.content.decode())
    assert "3 présence(s) ajoutée(s), 1 retirée(s)" in page
    assert "Adam Aubert retiré·e du jeudi 6 février" in page
    assert set(Attendance.objects.filter(session__in=[first, second]).values_list(
        "person_id", "session_id")) == {(ines.pk, first.pk), (ines.pk, second.pk),
                                        (adam.pk, second.pk)}
    assert AuditEntry.objects.filter(action="create", object_label__startswith="Présence"
                                     ).count() == 3
    assert AuditEntry.objects.filter(action="delete").count() == 1
    first.refresh_from_db()
    assert first.status == Session.Status.HELD


def test_a_mark_taken_meanwhile_is_kept(client_for, animateur_user, atelier):
    """The grid was shown empty; meanwhile Adam was marked on a phone; the grid saved
    without him does not remove him (only cells changed on screen are applied)."""
    first, _second = atelier["held"]
    Attendance.objects.create(session=first, person=atelier["walk_in"])
    client = client_for(animateur_user)
    url = reverse("activity_month_entry", args=[atelier["activity"].pk]) + "?mois=2020-02"
    client.post(url, {"shown": [], "cell": [cell(atelier["enrolled"], first)]})
    assert Attendance.objects.filter(session=first).count() == 2


@pytest.mark.parametrize("bad", ["cancelled", "stranger", "garbage"])
def test_a_bad_cell_changes_nothing(client_for, animateur_user, atelier, bad):
    first, _second = atelier["held"]
    ines = atelier["enrolled"]
    wrong = {
        "cancelled": cell(ines, atelier["cancelled"]),
        "stranger": cell(PersonFactory(), first),
        "garbage": "12-abc",
    }[bad]
    client = client_for(animateur_user)
    url = reverse("activity_month_entry", args=[atelier["activity"].pk]) + "?mois=2020-02"
    response = client.post(url, {"shown": [], "cell": [cell(ines, first), wrong]})
    assert response.status_code == 400
    assert "rien n'a été enregistré" in unescape(response.content.decode())
    assert not Attendance.objects.filter(session=first).exists()
    assert not AuditEntry.objects.filter(object_label__startswith="Présence").exists()
