"""Rules the database itself enforces on desks, whatever writes the rows (a service, the
admin, an import): a second place for the same person, appointments of no length."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tisserand.desks.models import Appointment
from tisserand.testing.desk_factories import AppointmentFactory, DeskSessionFactory
from tisserand.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", ["booked", "honoured", "absent"])
def test_a_person_holds_one_place_per_desk_session(status):
    first = AppointmentFactory(status=status)
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(session=first.session, person=first.person,
                                   start_time=dt.time(15, 0))
    assert Appointment.objects.count() == 1


def test_cancelled_appointments_free_the_place():
    first = AppointmentFactory(status=Appointment.Status.CANCELLED_BY_PERSON)
    again = Appointment.objects.create(session=first.session, person=first.person,
                                       start_time=dt.time(14, 30))
    Appointment.objects.create(session=first.session, person=PersonFactory(),
                               start_time=dt.time(14, 30))
    assert again.status == Appointment.Status.BOOKED
    assert Appointment.objects.count() == 3


@pytest.mark.parametrize("minutes", [0, 4])
def test_an_appointment_lasts_five_minutes_at_least(minutes):
    session = DeskSessionFactory.build(appointment_minutes=minutes)
    with pytest.raises(ValidationError, match="au moins 5 minutes"):
        session.full_clean(exclude=["desk"])
    with pytest.raises(IntegrityError), transaction.atomic():
        DeskSessionFactory(appointment_minutes=minutes)
