"""The report's words for its figures: fitted to the public and to the number, comparisons
only where they hold, an action new this year, a transversal action counted once in the
charts, a season action inside a calendar-year report."""

import dataclasses
import datetime as dt

import pytest

from tisserand.activities.figure_sets import DEFAULTS, Figure, action_figures
from tisserand.activities.figures.indicators import empty_indicators
from tisserand.activities.figures.participation import ParticipationFigures
from tisserand.activities.figures.public import PublicFigures
from tisserand.activities.models import Action, Attendance, Headcount, Session
from tisserand.core.models import Centre
from tisserand.core.periods import calendar_year, season
from tisserand.people.models import Person
from tisserand.reports.builder import build_report
from tisserand.reports.comparison import Comparison
from tisserand.reports.figure_lines import action_lines, ages_text, public_lines
from tisserand.testing.factories import (
    ActionFactory,
    ActivityFactory,
    PersonFactory,
    SectorFactory,
)

YEAR = calendar_year(2020)
EVERYTHING = tuple(DEFAULTS[Action.Kind.GENERAL]) + (Figure.PARENTS_CHILDREN,
                                                      Figure.MOTHERS_FATHERS)


def indicators(**public):
    return dataclasses.replace(empty_indicators(YEAR), public=PublicFigures(**public))


TO_2019 = Comparison("2019")


def lines_of(now, *, before=None, comparison=TO_2019, keys=EVERYTHING):
    before = before or empty_indicators(YEAR.previous())
    return {line.label: line.value for line in action_lines(keys, now, before, comparison)}


@pytest.mark.parametrize(
    "girls, boys, expected",
    [(1, 0, "1 fille"), (0, 1, "1 garçon"), (2, 1, "2 filles et 1 garçon"),
     (10, 14, "10 filles et 14 garçons")],
)
def test_girls_and_boys_in_words_for_0_1_and_many(girls, boys, expected):
    now = indicators(attendances=5, persons=girls + boys, children=girls + boys, girls=girls,
                     boys=boys, youngest_age=9, oldest_age=12, youngest_child=9,
                     oldest_child=12)
    lines = lines_of(now)
    assert lines["Filles et garçons"] == expected
    assert "Femmes et hommes" not in lines  # no adult came


def test_women_men_mothers_fathers_only_where_they_came():
    now = indicators(attendances=9, persons=7, adults=7, women=6, men=1, parents=3,
                     mothers=3, fathers=0, youngest_age=31, oldest_age=66)
    lines = lines_of(now)
    assert lines["Femmes et hommes"] == "6 femmes et 1 homme"
    assert lines["Mères et pères"] == "3 mères"  # no "0 père"
    assert "Parents et enfants" not in lines  # parents without their children
    assert "Filles et garçons" not in lines


def test_an_event_counted_without_names_says_passages_never_zero_persons():
    lines = lines_of(indicators(headcount=1))
    assert lines["Public compté"] == "1 passage (comptage)"
    assert "Personnes différentes" not in lines
    lines = lines_of(indicators(headcount=473))
    assert lines["Public compté"] == "473 passages (comptage)"


def test_named_and_counted_passages_and_one_counted():
    lines = lines_of(indicators(attendances=9, headcount=1, persons=3))
    assert lines["Présences"] == "10 (0 en 2019), dont 1 comptée sans nom"


def test_regulars_and_those_always_present():
    now = dataclasses.replace(
        indicators(attendances=40, persons=16),
        participation=ParticipationFigures(regulars=16, always_present=1),
    )
    assert lines_of(now)["Participants réguliers"] == "16, dont 1 présent à toutes les séances"
    now = dataclasses.replace(now, participation=ParticipationFigures(regulars=1))
    public = {line.label: line.value for line in public_lines(
        EVERYTHING, now, None, Comparison("2019"), children_only=False)}
    assert public["Participants réguliers"] == "1 participant régulier"
    assert public["Personnes différentes"] == "16 personnes"


@pytest.mark.parametrize(
    "fields, children_only, expected",
    [
        (dict(youngest_age=11, oldest_age=15, youngest_child=11, oldest_child=15,
              children=24), False, "de 11 à 15 ans"),
        (dict(youngest_age=0, oldest_age=38, youngest_child=0, oldest_child=5, children=41,
              adults=27), True, "enfants de moins de 6 ans"),
        (dict(youngest_age=5, oldest_age=73, youngest_child=5, oldest_child=17, children=14,
              adults=16), False, "de 5 à 73 ans, dont enfants de 5 à 17 ans"),
        (dict(youngest_age=7, oldest_age=7, youngest_child=7, oldest_child=7, children=1),
         False, "7 ans"),
        (dict(youngest_age=3, oldest_age=11, youngest_child=3, oldest_child=11, children=25,
              adults=19, children_majority=(6, 7)), True,
         "enfants de 3 à 11 ans, la plupart de 6 à 7 ans"),
    ],
)
def test_ages_read_right(fields, children_only, expected):
    assert ages_text(PublicFigures(**fields), children_only=children_only) == expected


def test_a_comparison_that_cannot_be_made_shows_the_figure_alone():
    now = indicators(attendances=24, persons=24)
    lines = lines_of(now, comparison=Comparison("2019", available=False, new_in="2020"))
    assert lines["Personnes différentes"] == "24"
    assert Comparison("2019", available=False, new_in="2020").notes() == [
        "Nouvelle action en 2020."
    ]


def test_the_figure_set_follows_the_kind_unless_chosen():
    action = Action(name="x", kind=Action.Kind.PARENT_CHILD)
    assert Figure.MOTHERS_FATHERS in action_figures(action)
    assert Figure.MOTHERS_FATHERS not in action_figures(Action(name="y", kind="adults"))
    action.figures = [Figure.PERSONS, Figure.SESSIONS]
    assert action_figures(action) == (Figure.SESSIONS, Figure.PERSONS)  # report order


# --- in the report --------------------------------------------------------------------


def held(activity, day, persons=(), counted=0):
    session = Session.objects.create(activity=activity, date=day, start_time=dt.time(14),
                                     end_time=dt.time(16), status=Session.Status.HELD)
    Attendance.objects.bulk_create(Attendance(session=session, person=p) for p in persons)
    if counted:
        Headcount.objects.create(session=session, category=Headcount.Category.EVERYONE,
                                 count=counted)
    return session


@pytest.mark.django_db
def test_an_action_new_this_year_says_so_instead_of_zero():
    sector = SectorFactory(name="Jeunesse")
    new = ActionFactory(name="Code de la route", sectors=[sector], kind="youth",
                        start_date=dt.date(2020, 10, 1))
    held(ActivityFactory(action=new), dt.date(2020, 10, 5), PersonFactory.create_batch(3))
    [block] = [a for a in build_report(YEAR, with_charts=False).actions()]
    assert block.notes == ["Nouvelle action en 2020."]
    assert all("en 2019" not in line.value for line in block.figures)
    assert {line.label: line.value for line in block.figures}["Personnes différentes"] == "3"


@pytest.mark.django_db
def test_no_comparison_with_a_year_whose_data_are_not_complete():
    Centre.objects.create(name="Centre", records_start=dt.date(2020, 1, 1))
    sector = SectorFactory(name="Adultes")
    action = ActionFactory(name="Gym", sectors=[sector])
    activity = ActivityFactory(action=action)
    held(activity, dt.date(2019, 3, 5), PersonFactory.create_batch(2))
    held(activity, dt.date(2020, 3, 5), PersonFactory.create_batch(5))
    report = build_report(YEAR, with_charts=False)
    assert report.summary_notes == [
        "Pas de comparaison avec 2019 : les données ne sont complètes que depuis le "
        "1er janvier 2020."
    ]
    assert {line.label: line.value for line in report.summary}["Personnes différentes"] == "5"
    # The action's own records started earlier: it compares.
    action.records_start = dt.date(2019, 1, 1)
    action.save()
    [block] = build_report(YEAR, with_charts=False).actions()
    figures = {line.label: line.value for line in block.figures}
    assert figures["Personnes différentes"] == "5 (2 en 2019)"


@pytest.mark.django_db
def test_a_transversal_action_counts_once_in_the_sector_charts():
    """GIVEN an action in two sectors WHEN the charts are drawn THEN its passages are in
    its main sector's chart only, and the sectors add up to the centre."""
    adults, general = SectorFactory(name="Adultes", position=1), SectorFactory(
        name="Animation globale", position=2)
    health = ActionFactory(name="Santé", sectors=[adults, general], main_sector=adults)
    other = ActionFactory(name="Fête", sectors=[general])
    held(ActivityFactory(action=health), dt.date(2020, 2, 4), PersonFactory.create_batch(6))
    held(ActivityFactory(action=other), dt.date(2020, 2, 5), counted=40)
    report = build_report(YEAR)
    charts = {sector.name: sector.chart for sector in report.sectors}
    assert "février 2020 : 6" in charts["Adultes"].description
    assert "février 2020 : 40" in charts["Animation globale"].description
    assert "février 2020 : 46" in report.charts[0].description


@pytest.mark.django_db
def test_a_sector_counts_each_person_once_over_its_actions_and_its_followed_persons():
    """GIVEN two actions of a sector sharing a person, and two persons followed by one of
    them (one of them twice) WHEN the report is built THEN the sector tells its distinct
    persons and families, and its persons followed individually."""
    from tisserand.people.models import Household, PriorityArea
    from tisserand.testing.desk_factories import ContactFactory, FollowUpFileFactory

    isolation = SectorFactory(name="Isolement")
    visits = ActionFactory(name="Visites", sectors=[isolation])
    coffee = ActionFactory(name="Café", sectors=[isolation])
    household = Household.objects.create(name="Martin")
    couple = PersonFactory.create_batch(2, household=household)
    alone = PersonFactory(household=None)
    held(ActivityFactory(action=visits), dt.date(2020, 3, 2), [*couple, alone])
    held(ActivityFactory(action=coffee), dt.date(2020, 3, 9), [alone])
    followed = PersonFactory(priority_area=PriorityArea.YES)
    for action in (visits, coffee):
        ContactFactory(file=FollowUpFileFactory(person=followed, action=action))
    ContactFactory(file=FollowUpFileFactory(person=PersonFactory(), action=visits))
    FollowUpFileFactory(action=visits, opened_on=dt.date(2019, 5, 1))  # nothing in 2020

    [sector] = build_report(YEAR, with_charts=False).sectors
    assert {line.label: line.value for line in sector.figures} == {
        "Personnes différentes (toutes les actions du secteur)": "3",
        "Familles différentes (toutes les actions du secteur)": "2",
        "Personnes accompagnées individuellement (toutes les actions du secteur)":
            "2, dont 1 habitant un QPV",
    }


@pytest.mark.django_db
def test_a_season_action_is_told_over_its_season_in_a_year_report():
    """GIVEN a dance atelier reported by season WHEN the 2020 report is built THEN its
    figures are those of the 2019-2020 season, compared with 2018-2019."""
    sector = SectorFactory(name="Culture")
    dance = ActionFactory(name="Danse", sectors=[sector], report_period="season")
    activity = ActivityFactory(action=dance)
    dancers = PersonFactory.create_batch(4)
    held(activity, dt.date(2018, 10, 3), dancers[:1])
    held(activity, dt.date(2019, 10, 2), dancers[:3])
    held(activity, dt.date(2020, 5, 6), dancers[3:])
    held(activity, dt.date(2020, 10, 7), PersonFactory.create_batch(9))  # next season
    [block] = build_report(YEAR, with_charts=False).actions()
    assert block.period == season(2019)
    figures = {line.label: line.value for line in block.figures}
    assert figures["Personnes différentes"] == "4 (1 en 2018-2019)"
    # A season report shows it too; a year action there has no sheet of the wrong period.
    [in_season] = build_report(season(2019), with_charts=False).actions()
    assert {line.label: line.value for line in in_season.figures}[
        "Personnes différentes"] == "4 (1 en 2018-2019)"
    assert Person.objects.count() == 13


@pytest.mark.django_db
def test_four_years_side_by_side_unavailable_before_the_data():
    """GIVEN an action with sessions from 2017 to 2020 and data complete from 2018
    WHEN the 2020 report is built THEN its four-year table shows 2018 to 2020 and "—" for
    2017, and a chart draws the three years it can."""
    sector = SectorFactory(name="Adultes")
    action = ActionFactory(name="Gym", sectors=[sector], records_start=dt.date(2018, 1, 1))
    activity = ActivityFactory(action=action)
    for year, persons in ((2017, 9), (2018, 4), (2019, 6), (2020, 5)):
        held(activity, dt.date(year, 3, 5), PersonFactory.create_batch(persons))
    [block] = build_report(YEAR).actions()
    [table] = [t for t in block.tables if t.title == "Évolution sur 4 ans"]
    assert table.header == ["", "2017", "2018", "2019", "2020"]
    assert table.rows[1] == ["Personnes différentes", "—", "4", "6", "5"]
    [chart] = block.trend_charts
    assert chart.description == "2018 : 4; 2019 : 6; 2020 : 5"
