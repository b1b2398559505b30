"""Reads for the follow-up screens: filters, accent-free search, fixed query counts."""

import datetime as dt

import pytest

from tisserand.followup import selectors, services
from tisserand.followup.models import Contact, Theme
from tisserand.followup.selectors import StatusFilter
from tisserand.people.models import Anonymisation
from tisserand.testing.factories import ContributorFactory, PartnerFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def files(followed):
    """GIVEN Hélène's open file (last contact 03/02/2020), Karim's file opened on
    01/03/2020 with another referent, and Zoé's file closed on 10/03/2020."""
    other_referent = ContributorFactory(first_name="Paul", last_name="Cesf")
    karim = services.follow_up_open(
        person=followed["karim"], opened_on=dt.date(2020, 3, 1), referent=other_referent
    )
    zoe = services.follow_up_open(
        person=PersonFactory(first_name="Zoé", last_name="Ängström"),
        opened_on=dt.date(2020, 1, 2),
    )
    services.contact_add(file=zoe, date=dt.date(2020, 3, 5), mode=Contact.Mode.CENTRE)
    zoe = services.follow_up_close(file=zoe, closed_on=dt.date(2020, 3, 10))
    return {"helene": followed["file"], "karim": karim, "zoe": zoe, "paul": other_referent}


def test_open_files_come_latest_contact_first(files):
    assert list(selectors.follow_up_list()) == [files["karim"], files["helene"]]


def test_status_filter(files):
    assert list(selectors.follow_up_list(status=StatusFilter.CLOSED)) == [files["zoe"]]
    assert list(selectors.follow_up_list(status=StatusFilter.ALL)) == [
        files["zoe"], files["karim"], files["helene"],
    ]


def test_referent_and_person_filters(files, followed):
    assert list(selectors.follow_up_list(referent_id=files["paul"].pk)) == [files["karim"]]
    assert list(
        selectors.follow_up_list(status=StatusFilter.ALL, person_id=followed["helene"].pk)
    ) == [files["helene"]]


@pytest.mark.parametrize("query", ["helene", "HÉLÈNE", "lefevre hel", "Lefèvre"])
def test_search_ignores_accents_and_case(files, query):
    assert list(selectors.follow_up_list(query=query)) == [files["helene"]]


def test_search_of_an_accented_name_typed_without_accents(files):
    found = selectors.follow_up_list(status=StatusFilter.ALL, query="angstrom")
    assert list(found) == [files["zoe"]]


def test_list_counts_contacts_in_one_query(files, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = list(selectors.follow_up_list(status=StatusFilter.ALL))
        assert {f.person.last_name: f.contact_count for f in rows} == {
            "Lefèvre": 1, "Benali": 0, "Ängström": 1,
        }
        assert [f.person.household.name for f in rows if f.person.household] == [
            "Famille Lefèvre"
        ]


def test_file_page_query_count_does_not_grow(followed, django_assert_num_queries):
    """GIVEN a file with one contact, then with twelve more contacts and five referrals
    THEN reading its page costs the same number of queries."""
    file = followed["file"]

    def read():
        loaded = selectors.follow_up_for_page().get(pk=file.pk)
        return [
            (c.recorded_by, [t.name for t in c.themes.all()]) for c in loaded.contacts.all()
        ] + [(r.partner.name,) for r in loaded.referrals.all()] + [loaded.person.household]

    with django_assert_num_queries(4):
        read()
    themes = list(Theme.objects.all()[:3])
    for day in range(1, 13):
        services.contact_add(file=file, date=dt.date(2020, 3, day), mode=Contact.Mode.PHONE,
                             themes=themes)
    for _ in range(5):
        services.referral_add(file=file, date=dt.date(2020, 3, 2), partner=PartnerFactory(),
                              reason="Droits")
    with django_assert_num_queries(4):
        assert len(read()) == 13 + 6 + 1


def test_person_candidates_leave_out_anonymised_persons(followed):
    Anonymisation.objects.create(person=followed["karim"], anonymised_on=dt.date(2021, 1, 1))
    assert list(selectors.person_candidates(query="benali")) == []
    found = list(selectors.person_candidates(query="lefevre"))
    assert [(p.first_name, p.open_files) for p in found] == [("Hélène", 1), ("Noé", 0)]
    assert selectors.person_for_new_file(pk=followed["karim"].pk) is None
