"""Build (and wipe) the demo centre: the entry points used by ``tisserand loaddemo``."""

import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from tisserand.activities.models import (
    Action,
    ActionPartner,
    Activity,
    Attendance,
    Enrolment,
    FundingScheme,
    Headcount,
    Session,
    SessionContributor,
    WeeklySlot,
)
from tisserand.core.models import (
    CancellationReason,
    Centre,
    Contributor,
    Orientation,
    Partner,
    Place,
    Sector,
    SocialProject,
)
from tisserand.demo.attendance import build_attendance
from tisserand.demo.centre import DEMO_USERS, Reference, build_reference
from tisserand.demo.desks import build_desk
from tisserand.demo.followup import build_follow_up
from tisserand.demo.live_season import build_live_season
from tisserand.demo.programme import build_programme
from tisserand.demo.sessions import build_sessions
from tisserand.demo.sheets import load_report_texts
from tisserand.desks.models import (
    Appointment,
    Desk,
    DeskClosure,
    DeskSession,
    DeskSlot,
    Reminder,
)
from tisserand.followup.models import Contact, FollowUpFile, Referral
from tisserand.people.models import (
    FamilyQuotient,
    Household,
    Membership,
    Person,
    SchoolEnrollment,
)
from tisserand.reports.models import Answer, CentreSection, EvaluationSheet

SEED = 2020

# Deleted children first, so that PROTECT foreign keys never get in the way.
CENTRE_DATA = (
    Answer, EvaluationSheet, CentreSection,
    Reminder, Appointment, DeskSession, DeskClosure, DeskSlot, Desk,
    Referral, Contact, FollowUpFile, Enrolment,
    Attendance, Headcount, SessionContributor, Session, WeeklySlot, Activity, ActionPartner,
    Action, FundingScheme, SchoolEnrollment, Membership, FamilyQuotient, Person, Household,
    Contributor, CancellationReason, Partner, Place, Orientation, SocialProject, Sector, Centre,
)


def centre_has_data() -> bool:
    return Person.objects.exists() or Action.objects.exists()


def demo_users_exist() -> bool:
    names = [username for username, _role, _label in DEMO_USERS]
    return get_user_model().objects.filter(username__in=names).exists()


@transaction.atomic
def wipe_centre_data() -> None:
    """Delete every centre record (people, programme, sessions...) and the demo accounts."""
    for model in CENTRE_DATA:
        model.objects.all().delete()
    names = [username for username, _role, _label in DEMO_USERS]
    get_user_model().objects.filter(username__in=names).delete()


@transaction.atomic
def build_demo() -> Reference:
    rng = random.Random(SEED)
    ref = build_reference()
    activities = build_programme(ref)
    build_sessions(ref, activities)
    population = build_attendance(ref, activities, rng)
    build_desk(ref, population, rng)
    build_follow_up(ref, population, rng)
    # The 2020 evaluation sheets and centre sections carry the report's own texts.
    load_report_texts(2020)
    # Then the season of today, after the history (its own random generator).
    build_live_season(ref, activities, population, timezone.localdate(), SEED)
    return ref
