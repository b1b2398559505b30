"""factory_boy factories shared by the test suites of every app."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from tisserand.activities.models import Action, Activity, Session, WeeklySlot
from tisserand.core.models import CancellationReason, Centre, Contributor, Partner, Place, Sector
from tisserand.people.models import Household, Person


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Utilisatrice{n}")
    password = factory.django.Password("motdepasse-de-test")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            for role in extracted:
                self.groups.add(Group.objects.get(name=role))


class CentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Centre

    name = "Centre social des Tisserands"
    city = "Lille"


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    name = factory.Sequence(lambda n: f"Salle {n}")
    is_outreach = False


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector

    name = factory.Sequence(lambda n: f"Secteur {n}")


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Partenaire {n}")
    kind = Partner.Kind.ASSOCIATION


class SchoolFactory(PartnerFactory):
    name = factory.Sequence(lambda n: f"École {n}")
    kind = Partner.Kind.SCHOOL


class ContributorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contributor

    first_name = "Dominique"
    last_name = factory.Sequence(lambda n: f"Intervenant{n}")
    kind = Contributor.Kind.STAFF


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Action {n}")

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if create:
            self.sectors.set(extracted or [SectorFactory()])


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    action = factory.SubFactory(ActionFactory)
    name = factory.Sequence(lambda n: f"Atelier {n}")
    default_place = factory.SubFactory(PlaceFactory)


class WeeklySlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WeeklySlot

    activity = factory.SubFactory(ActivityFactory)
    weekday = 0
    start_time = dt.time(16, 15)
    end_time = dt.time(18, 30)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    activity = factory.SubFactory(ActivityFactory)
    date = dt.date(2020, 2, 3)
    start_time = dt.time(16, 15)
    end_time = dt.time(18, 30)
    place = factory.SelfAttribute("activity.default_place")
    status = Session.Status.PLANNED


class CancellationReasonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CancellationReason
        django_get_or_create = ("label",)

    label = "Confinement"


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    name = factory.Sequence(lambda n: f"Famille {n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Sequence(lambda n: f"Prénom{n}")
    last_name = factory.Sequence(lambda n: f"Nom{n}")
    sex = Person.Sex.FEMALE
    birth_date = dt.date(1985, 5, 17)
