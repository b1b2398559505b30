"""A small follow-up scene shared by the tests of the follow-up screens and services (the
figures tests may use it too).

Fixtures:
- ``mediation_user``: the social mediator (role médiation), linked to her contributor record;
- ``followed``: Hélène Lefèvre (single-parent household of two, living in a QPV), with an
  open file of the "Lutte contre l'isolement" action opened on 15 January 2020, one phone
  contact on 3 February 2020 (themes Logement and Santé, a confidential note), one
  referral to the CCAS; and her neighbour Karim Benali, with no file.
"""

import datetime as dt

import pytest

from tisserand.core.roles import MEDIATION
from tisserand.followup import services
from tisserand.followup.models import Contact, Theme
from tisserand.people.models import Household, Person, PriorityArea
from tisserand.testing.factories import (
    ActionFactory,
    ContributorFactory,
    HouseholdFactory,
    PartnerFactory,
    PersonFactory,
    UserFactory,
)

OPENED = dt.date(2020, 1, 15)
FIRST_CONTACT = dt.date(2020, 2, 3)
FILE_NOTE = "Situation de logement fragile, voir avec le bailleur"
CONTACT_NOTE = "Appel : dossier APL envoyé"


@pytest.fixture
def mediation_user(db):
    user = UserFactory(username="mediatrice", roles=[MEDIATION])
    ContributorFactory(user=user, first_name="Nadia", last_name="Médiatrice")
    return user


@pytest.fixture
def followed(db, mediation_user):
    household = HouseholdFactory(
        name="Famille Lefèvre", composition=Household.Composition.SINGLE_PARENT
    )
    helene = PersonFactory(
        first_name="Hélène", last_name="Lefèvre", household=household,
        household_role=Person.HouseholdRole.PARENT, priority_area=PriorityArea.YES,
        phone="06 11 22 33 44",
    )
    PersonFactory(first_name="Noé", last_name="Lefèvre", household=household,
                  household_role=Person.HouseholdRole.CHILD, birth_date=dt.date(2013, 3, 2))
    karim = PersonFactory(first_name="Karim", last_name="Benali", sex=Person.Sex.MALE)
    action = ActionFactory(name="Lutte contre l'isolement")
    partner = PartnerFactory(name="CCAS de Lille")
    file = services.follow_up_open(
        person=helene, opened_on=OPENED, action=action,
        referent=mediation_user.contributor, notes=FILE_NOTE, by=mediation_user,
    )
    contact = services.contact_add(
        file=file, date=FIRST_CONTACT, mode=Contact.Mode.PHONE, minutes=20,
        themes=Theme.objects.filter(name__in=["Logement", "Santé"]), note=CONTACT_NOTE,
        by=mediation_user,
    )
    referral = services.referral_add(
        file=file, date=FIRST_CONTACT, partner=partner, reason="Demande d'aide au logement",
        by=mediation_user,
    )
    file.refresh_from_db()
    return {
        "helene": helene, "karim": karim, "household": household, "action": action,
        "partner": partner, "file": file, "contact": contact, "referral": referral,
    }
