"""The lists of persons and households: filters (combined, kept in the links), pages of 50,
CSV and XLSX exports (formula injection neutralised, audited, refused to other roles)."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tisserand.activities.models import Attendance
from tisserand.audit.models import AuditEntry
from tisserand.core.roles import ANIMATEUR, COMPTABLE
from tisserand.people.models import Membership, Person, PriorityArea
from tisserand.testing.factories import (
    ActionFactory,
    ActivityFactory,
    HouseholdFactory,
    PersonFactory,
    SectorFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _born(age: int) -> dt.date:
    today = timezone.localdate()
    return dt.date(today.year - age - 1, 12, 31) if today.month < 12 else dt.date(
        today.year - age, 1, 1)


@pytest.fixture
def centre():
    """Two ateliers of two actions in two sectors; the 2019-2020 season and 2021-2022."""
    youth, adults = SectorFactory(name="Jeunesse"), SectorFactory(name="Adultes")
    clas = ActivityFactory(name="CLAS", action=ActionFactory(name="Scolarité", sectors=[youth]))
    cooking = ActivityFactory(name="Cuisine", action=ActionFactory(name="Santé",
                                                                     sectors=[adults]))
    martin = HouseholdFactory(name="Martin", address="3 rue des Tisserands")
    diallo = HouseholdFactory(name="Diallo")
    Membership.objects.create(household=martin, season=2019, paid_on=dt.date(2019, 9, 10))
    zoe = PersonFactory(first_name="Zoé", last_name="Martin", household=martin,
                        birth_date=_born(9), priority_area=PriorityArea.YES)
    paul = PersonFactory(first_name="Paul", last_name="Martin", household=martin,
                         birth_date=_born(40))
    awa = PersonFactory(first_name="Awa", last_name="Diallo", household=diallo,
                        birth_date=None, birth_year=timezone.localdate().year - 35,
                        priority_area=PriorityArea.YES)
    Attendance.objects.create(session=SessionFactory(activity=clas, date=dt.date(2020, 2, 3)),
                              person=zoe)
    Attendance.objects.create(session=SessionFactory(activity=cooking,
                                                     date=dt.date(2021, 10, 4)), person=awa)
    return {"youth": youth, "clas": clas, "cooking": cooking, "zoe": zoe, "paul": paul,
            "awa": awa, "martin": martin, "diallo": diallo}


def _persons(client, **filters) -> list[str]:
    page = client.get(reverse("person_list"), filters).content.decode()
    return [p.first_name for p in Person.objects.order_by("first_name")
            if f"{p.last_name} {p.first_name}</a>" in page]


@pytest.mark.parametrize(("filters", "expected"), [
    ({}, ["Awa", "Paul", "Zoé"]),
    ({"atelier": "clas"}, ["Zoé"]),
    ({"secteur": "youth"}, ["Zoé"]),
    ({"saison": "2021"}, ["Awa"]),  # present at least once in 2021-2022, any atelier
    ({"atelier": "cooking", "saison": "2019"}, []),  # present, but not that season
    ({"age_min": "18"}, ["Awa", "Paul"]),
    ({"age_max": "12"}, ["Zoé"]),
    ({"age_min": "30", "age_max": "36"}, ["Awa"]),  # birth year only: about 35
    ({"qpv": "yes"}, ["Awa", "Zoé"]),
    ({"qpv": "yes", "age_min": "18"}, ["Awa"]),
    ({"adhesion": "2019"}, ["Paul", "Zoé"]),
])
def test_filters_give_the_right_persons_and_combine(client_for, accueil_user, centre, filters,
                                                   expected):
    filters = {k: str(centre[v].pk) if v in centre else v for k, v in filters.items()}
    assert _persons(client_for(accueil_user), **filters) == expected


def test_households_keep_those_with_a_matching_member(client_for, accueil_user, centre):
    client = client_for(accueil_user)
    page = client.get(reverse("household_list"), {"age_max": "12"}).content.decode()
    assert reverse("household_detail", args=[centre["martin"].pk]) in page
    assert reverse("household_detail", args=[centre["diallo"].pk]) not in page
    members = client.get(reverse("household_list"), {"atelier": centre["cooking"].pk})
    assert reverse("household_detail", args=[centre["diallo"].pk]) in members.content.decode()
    assert "1 foyer" in members.content.decode()


def test_wrong_filters_answer_in_french_and_list_nothing(client_for, accueil_user, centre):
    page = client_for(accueil_user).get(
        reverse("person_list"), {"age_min": "20", "age_max": "10", "saison": "1850"}
    ).content.decode()
    assert "L&#x27;âge maximum est plus petit que l&#x27;âge minimum." in page
    assert "Sélectionnez un choix valide" in page
    assert "Corrigez les filtres" in page
    assert "Martin Zoé</a>" not in page


def test_pages_keep_the_filters_in_their_links(client_for, accueil_user):
    household = HouseholdFactory(name="Roy")
    PersonFactory.create_batch(120, last_name="Roy", household=household,
                               priority_area=PriorityArea.NO)
    client = client_for(accueil_user)
    first = client.get(reverse("person_list"), {"qpv": "no"}).content.decode()
    assert "120 personnes" in first and "page 1 sur 3" in first
    assert "?qpv=no&amp;page=2" in first and "?qpv=no&amp;page=3" in first
    last = client.get(reverse("person_list"), {"qpv": "no", "page": "3"}).content.decode()
    assert last.count("Roy Prénom") == 20
    # A page beyond the last, or not a number: the nearest page, never an error.
    assert client.get(reverse("person_list"), {"page": "99"}).status_code == 200
    assert client.get(reverse("person_list"), {"page": "²"}).status_code == 200


@pytest.mark.parametrize("size", [5, 60])
def test_filtered_list_queries_do_not_grow_with_rows(
    client_for, accueil_user, centre, django_assert_max_num_queries, size
):
    for _ in range(size):
        person = PersonFactory(household=HouseholdFactory(), priority_area=PriorityArea.YES)
        Attendance.objects.create(session=centre["clas"].sessions.get(), person=person)
    client = client_for(accueil_user)
    filters = {"atelier": centre["clas"].pk, "qpv": "yes", "saison": "2019"}
    # Session, user, count, page, the filters' choices, and the chosen atelier checked.
    with django_assert_max_num_queries(10):
        response = client.get(reverse("person_list"), filters)
    assert response.content.decode().count("<tr>") == min(size + 1, 50) + 1
    with django_assert_max_num_queries(10):
        response = client.get(reverse("household_list"), filters)
    assert response.status_code == 200


# --- exports ---------------------------------------------------------------------------


def test_csv_export_as_french_spreadsheets_read_it(client_for, accueil_user, centre):
    centre["paul"].first_name = '=HYPERLINK("http://x";"clic")'
    centre["paul"].save()
    response = client_for(accueil_user).get(reverse("person_list_csv"), {"qpv": "yes"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte order mark
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Nom", "Prénom", "Sexe"]
    assert sorted(r[1] for r in rows[1:]) == ["Awa", "Zoé"]  # the filter applies
    everyone = client_for(accueil_user).get(reverse("person_list_csv")).content
    names = [r[1] for r in csv.reader(io.StringIO(everyone.decode("utf-8-sig")), delimiter=";")]
    assert "'=HYPERLINK(\"http://x\";\"clic\")" in names  # neutralised


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_neutralised_in_csv(client_for, accueil_user, start):
    PersonFactory(first_name=f"{start}1+1", last_name="Roy")
    content = client_for(accueil_user).get(reverse("person_list_csv")).content.decode("utf-8-sig")
    assert f"'{start}1+1" in content


def test_xlsx_export_stores_formulas_as_text(client_for, accueil_user, centre):
    centre["zoe"].last_name = "=1+1"
    centre["zoe"].save()
    response = client_for(accueil_user).get(reverse("person_list_xlsx"), {"age_max": "12"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Nom"
    assert len(rows) == 2
    cell = sheet["A2"]
    assert cell.value == "=1+1" and cell.data_type == "s"  # text, not a formula
    assert rows[1][5] == 9  # the age, a number


def test_household_exports_for_the_accountant(client, centre):
    comptable = UserFactory(username="compta", roles=[COMPTABLE])
    client.force_login(comptable)
    response = client.get(reverse("household_list_xlsx"), {"adhesion": "2019"})
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == ["Martin"]
    assert rows[1][-1] == 2  # members
    assert client.get(reverse("person_list_csv")).status_code == 403  # not the persons


@pytest.mark.parametrize("name", ["person_list_csv", "person_list_xlsx", "household_list_csv",
                                  "household_list_xlsx"])
def test_roles_that_cannot_see_the_lists_cannot_export_them(client, centre, name):
    client.force_login(UserFactory(username="anim", roles=[ANIMATEUR]))
    assert client.get(reverse(name)).status_code == 403
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()


def test_an_export_is_audited_with_its_filters_and_count_never_its_rows(
    client_for, accueil_user, centre
):
    client_for(accueil_user).get(reverse("person_list_csv"),
                                 {"q": "Martin", "adhesion": "2019"})
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT)
    assert entry.actor == accueil_user
    assert "Habitants (CSV)" in entry.note and "2 lignes" in entry.note
    assert "adhesion=2019" in entry.note and "recherche par texte" in entry.note
    assert "Martin" not in entry.note and "Zoé" not in entry.note
