"""Factories for desks, appointments and follow-up files (issue 5)."""

import datetime as dt

import factory

from tisserand.desks.models import Appointment, Desk, DeskSession, DeskSlot
from tisserand.followup.models import Contact, FollowUpFile, Referral
from tisserand.testing.factories import PartnerFactory, PersonFactory


class DeskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Desk
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Permanence {n}")


class DeskSlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeskSlot

    desk = factory.SubFactory(DeskFactory)
    weekday = 1  # Tuesday
    start_time = dt.time(14, 0)
    end_time = dt.time(16, 0)
    appointment_minutes = 30


class DeskSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeskSession

    desk = factory.SubFactory(DeskFactory)
    date = dt.date(2020, 2, 4)
    start_time = dt.time(14, 0)
    end_time = dt.time(16, 0)
    appointment_minutes = 30


class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appointment

    session = factory.SubFactory(DeskSessionFactory)
    person = factory.SubFactory(PersonFactory)
    start_time = dt.time(14, 0)


class FollowUpFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUpFile

    person = factory.SubFactory(PersonFactory)
    opened_on = dt.date(2020, 1, 15)
    last_contact_on = factory.LazyAttribute(lambda o: o.opened_on)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    file = factory.SubFactory(FollowUpFileFactory)
    date = dt.date(2020, 2, 1)
    mode = Contact.Mode.CENTRE


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    file = factory.SubFactory(FollowUpFileFactory)
    date = dt.date(2020, 2, 1)
    partner = factory.SubFactory(PartnerFactory)
    reason = "Ouverture de droits"
