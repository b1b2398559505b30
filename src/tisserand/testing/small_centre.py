"""The small centre of the figure and report tests (the ``world`` fixture, registered for
the whole suite by the root ``conftest.py``)."""

import datetime as dt

import pytest

from tisserand.activities.models import ActionPartner, Headcount, Session
from tisserand.activities.services import attendance_mark, headcount_set, session_set_facilitators
from tisserand.core.models import Contributor
from tisserand.people.models import Person, PriorityArea
from tisserand.people.services import enrollment_set
from tisserand.testing.factories import (
    ActionFactory,
    ActivityFactory,
    CancellationReasonFactory,
    ContributorFactory,
    HouseholdFactory,
    PersonFactory,
    PlaceFactory,
    SchoolFactory,
    SectorFactory,
    SessionFactory,
)


@pytest.fixture
def world():
    """A small centre: one action with two ateliers, a family of four, a man living alone.

    2020 sessions of atelier X: 6 Jan (held), 3 Feb (held, outside), 20 Mar (cancelled,
    lockdown), 6 Apr (planned, never held). Atelier Y: 14 Sep (held). X also met on
    2 Dec 2019, when the mother came for the first time.
    """
    sector = SectorFactory(name="Adultes et familles")
    action = ActionFactory(name="Parents/Enfants", sectors=[sector], kind="parent_child")
    x = ActivityFactory(action=action, name="X")
    y = ActivityFactory(action=action, name="Y")
    outside = PlaceFactory(name="Square", is_outreach=True)
    lockdown = CancellationReasonFactory(label="Confinement")
    s2019 = SessionFactory(activity=x, date=dt.date(2019, 12, 2))
    jan = SessionFactory(activity=x, date=dt.date(2020, 1, 6))
    feb = SessionFactory(activity=x, date=dt.date(2020, 2, 3), place=outside)
    SessionFactory(
        activity=x, date=dt.date(2020, 3, 20), status=Session.Status.CANCELLED,
        cancellation_reason=lockdown,
    )
    SessionFactory(activity=x, date=dt.date(2020, 4, 6))
    sep = SessionFactory(activity=y, date=dt.date(2020, 9, 14))

    family = HouseholdFactory(name="Famille Martin")
    parent = Person.HouseholdRole.PARENT
    child = Person.HouseholdRole.CHILD
    mother = PersonFactory(sex="F", birth_date=dt.date(1985, 5, 17), household=family,
                           household_role=parent)
    father = PersonFactory(sex="M", birth_date=dt.date(1983, 2, 1), household=family,
                           household_role=parent)
    daughter = PersonFactory(sex="F", birth_date=dt.date(2012, 5, 1), household=family,
                             household_role=child)
    son = PersonFactory(sex="M", birth_date=dt.date(2014, 9, 1), household=family,
                        household_role=child)
    alone = PersonFactory(sex="M", birth_date=None, birth_year=1950,
                          priority_area=PriorityArea.YES)
    school = SchoolFactory(name="École A")
    enrollment_set(person=son, school_year=2019, school=school, level="CP")
    enrollment_set(person=son, school_year=2020, school=school, level="CE1")

    for session, people in [
        (s2019, [mother]),
        (jan, [mother, daughter, son, alone]),
        (feb, [mother, father, son]),
        (sep, [alone, son]),
    ]:
        for person in people:
            attendance_mark(session=session, person=person)
    headcount_set(session=feb, category=Headcount.Category.ADULTS, count=10)
    volunteer = ContributorFactory(kind=Contributor.Kind.VOLUNTEER)
    staff = ContributorFactory(kind=Contributor.Kind.STAFF)
    session_set_facilitators(session=jan, contributors=[volunteer, staff])
    session_set_facilitators(session=feb, contributors=[volunteer])
    ActionPartner.objects.create(action=action, partner=school, role=ActionPartner.Role.REFERRER)
    return {"sector": sector, "action": action, "x": x, "y": y}
