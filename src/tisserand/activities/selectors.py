"""Reads on the programme: actions, ateliers, sessions, attendance figures.

Every figure is an aggregate query; pages load their rows with a fixed number of queries
whatever the number of persons or sessions.
"""

import datetime as dt
from dataclasses import dataclass
from itertools import groupby

from django.core import signing
from django.db import models
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.utils import timezone

from tisserand.activities import enrolment_selectors
from tisserand.activities.models import (
    Action,
    ActionPartner,
    Activity,
    Attendance,
    FundingScheme,
    Headcount,
    Session,
    WeeklySlot,
)
from tisserand.core.models import (
    CancellationReason,
    Contributor,
    Orientation,
    Partner,
    Place,
    Sector,
)
from tisserand.core.periods import Period, calendar_year, season, season_of
from tisserand.core.permissions import (
    EVERY_ACTIVITY,
    PROGRAMME,
    ROSTER_DETAILS,
    has_any_role,
)
from tisserand.core.text import search_key
from tisserand.people.models import Person
from tisserand.people.selectors import person_homonyms

# --- who may run which atelier ---------------------------------------------------------


def user_sees_all_activities(user) -> bool:
    """Direction, coordination and accueil work on every atelier; an animateur or a
    bénévole only on the ateliers they are assigned to (as a contributor)."""
    return has_any_role(user, EVERY_ACTIVITY)


def user_sees_programme(user) -> bool:
    """The programme's pages of every atelier: the staff; a bénévole only their own."""
    return has_any_role(user, PROGRAMME)


def user_can_run_activity(*, user, activity: Activity) -> bool:
    """May this user mark attendance and fill in the sessions of this atelier?

    Which screens a role opens is the permission matrix's business
    (``tisserand.core.permissions``); this is the object rule on top of it."""
    if user_sees_all_activities(user):
        return True
    if not user.is_authenticated:
        return False
    return Activity.objects.filter(pk=activity.pk, contributors__user=user).exists()


def user_sees_person_details(user) -> bool:
    """Ages on the roster: the staff; a bénévole sees names only."""
    return has_any_role(user, ROSTER_DETAILS)


def sessions_visible_to(user) -> QuerySet[Session]:
    sessions = Session.objects.all()
    if not user_sees_all_activities(user):
        sessions = sessions.filter(activity__contributors__user=user)
    return sessions


# --- figures ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    sessions_held: int
    sessions_planned: int
    sessions_cancelled: int
    attendances: int
    persons: int
    households: int


def period_figures(*, period: Period, activity: Activity | None = None) -> Figures:
    """Sessions by status and attendance over a period, for the centre or one atelier."""
    sessions = Session.objects.filter(date__range=(period.start, period.end))
    attendances = Attendance.objects.filter(session__date__range=(period.start, period.end))
    if activity is not None:
        sessions = sessions.filter(activity=activity)
        attendances = attendances.filter(session__activity=activity)
    by_status = sessions.aggregate(
        held=Count("id", filter=Q(status=Session.Status.HELD)),
        planned=Count("id", filter=Q(status=Session.Status.PLANNED)),
        cancelled=Count("id", filter=Q(status=Session.Status.CANCELLED)),
    )
    # Persons first, then their households: DISTINCT over every attendance of a year is
    # three times slower on SQLite (the dashboard of a large centre, issue 6).
    public = Person.objects.filter(pk__in=attendances.values("person")).aggregate(
        persons=Count("id"), households=Count("household", distinct=True)
    )
    return Figures(
        sessions_held=by_status["held"],
        sessions_planned=by_status["planned"],
        sessions_cancelled=by_status["cancelled"],
        attendances=attendances.count(),
        persons=public["persons"],
        households=public["households"],
    )


def default_report_year(today: dt.date) -> int:
    """The last complete year that has sessions, else the current year."""
    last = Session.objects.filter(date__lt=dt.date(today.year, 1, 1)).aggregate(
        last=Max("date")
    )["last"]
    return last.year if last else today.year


def default_report_period() -> Period:
    """What the report and the figures pages show when no period is asked for."""
    return calendar_year(default_report_year(timezone.localdate()))


# --- session lists ---------------------------------------------------------------------


def _with_counts(sessions: QuerySet[Session]) -> QuerySet[Session]:
    """Sessions with what a list shows: atelier, place, reason, attendance and headcounts."""
    attendance_count = (
        Attendance.objects.filter(session=OuterRef("pk"))
        .order_by()
        .values("session")
        .annotate(n=Count("id"))
        .values("n")
    )
    headcount_total = (
        Headcount.objects.filter(session=OuterRef("pk"))
        .order_by()
        .values("session")
        .annotate(n=Sum("count"))
        .values("n")
    )
    return sessions.select_related(
        "activity", "activity__action", "place", "cancellation_reason"
    ).annotate(
        attendance_count=Subquery(attendance_count, output_field=IntegerField()),
        headcount_total=Subquery(headcount_total, output_field=IntegerField()),
    )


def sessions_between(*, user, start: dt.date, end: dt.date) -> list[Session]:
    """The sessions of a few days (today, this week) the user works on."""
    sessions = sessions_visible_to(user).filter(date__range=(start, end))
    return list(_with_counts(sessions).order_by("date", "start_time", "activity__name"))


@dataclass
class MonthOfSessions:
    month: dt.date  # first day of the month
    sessions: list[Session]


def activity_sessions_by_month(*, activity: Activity, period: Period) -> list[MonthOfSessions]:
    sessions = _with_counts(
        Session.objects.filter(activity=activity, date__range=(period.start, period.end))
    ).order_by("date", "start_time")
    return [
        MonthOfSessions(month=month, sessions=list(rows))
        for month, rows in groupby(sessions, key=lambda s: s.date.replace(day=1))
    ]


def activity_seasons(*, activity: Activity) -> list[Period]:
    """The seasons in which the atelier has sessions, latest first (for quick links)."""
    days = Session.objects.filter(activity=activity).dates("date", "month", order="DESC")
    starts = sorted({season_of(day) for day in days}, reverse=True)
    return [season(start) for start in starts]


def person_participation(*, person: Person):
    """A person's attendance history: one row per activity with first and last session."""
    return (
        Attendance.objects.filter(person=person)
        .values("session__activity_id", "session__activity__name",
                "session__activity__action__name")
        .annotate(
            attendances=Count("id"),
            first_date=Min("session__date"),
            last_date=Max("session__date"),
        )
        .order_by("-last_date")
    )


# --- programme -------------------------------------------------------------------------


def sectors_with_actions() -> list[Sector]:
    """Sectors with their actions (an action in two sectors shows in both)."""
    actions = Action.objects.annotate(activity_count=Count("activities")).prefetch_related(
        "funding_schemes"
    )
    return list(Sector.objects.prefetch_related(Prefetch("actions", queryset=actions)))


def sector_list() -> list[Sector]:
    return list(Sector.objects.all())


def actions_without_sector() -> list[Action]:
    return list(
        Action.objects.filter(sectors__isnull=True).annotate(activity_count=Count("activities"))
    )


def action_for_page() -> QuerySet[Action]:
    activities = Activity.objects.select_related("default_place").annotate(
        session_count=Count("sessions")
    ).prefetch_related(Prefetch("slots", queryset=WeeklySlot.objects.select_related("place")))
    return Action.objects.prefetch_related(
        "sectors",
        "orientations",
        "funding_schemes",
        "referents",
        Prefetch(
            "actionpartner_set",
            queryset=ActionPartner.objects.select_related("partner").order_by(
                "partner__name", "role"
            ),
            to_attr="partnerships",
        ),
        Prefetch("activities", queryset=activities),
    )


def activity_for_page() -> QuerySet[Activity]:
    return Activity.objects.select_related("action", "default_place").prefetch_related(
        Prefetch("slots", queryset=WeeklySlot.objects.select_related("place")),
        Prefetch("contributors", queryset=Contributor.objects.select_related("organisation")),
    )


def activities_for_choice() -> QuerySet[Activity]:
    return Activity.objects.select_related("action").order_by(
        "action__position", "action__name", "name"
    )


# --- the session page ------------------------------------------------------------------


def session_for_page() -> QuerySet[Session]:
    return Session.objects.select_related(
        "activity", "activity__action", "place", "cancellation_reason"
    )


@dataclass
class RosterEntry:
    person: Person
    present: bool
    age: int | None
    # For a search result: the signed ticket that lets this user mark this person
    # (``pick_ticket``); empty on the roster.
    pick: str = ""
    # Enrolled in the atelier this season (else a walk-in, or a search result).
    enrolled: bool = False
    # Marked at this session as a newcomer whose record was created here.
    created_here: bool = False


def _roster_entries(*, session: Session, persons: QuerySet[Person]) -> list[RosterEntry]:
    enrolled = enrolment_selectors.live_enrolled_ids(
        activity_id=session.activity_id, season_start=season_of(session.date)
    ).filter(person_id=OuterRef("pk"))
    this_session = Attendance.objects.filter(session=session, person=OuterRef("pk"))
    persons = persons.annotate(
        present=Exists(this_session),
        enrolled=Exists(enrolled),
        created_here=Exists(this_session.filter(person_created_here=True)),
    )
    return [
        RosterEntry(person=p, present=p.present, age=p.age_on(session.date),
                    enrolled=p.enrolled, created_here=p.created_here)
        for p in persons
    ]


def namesake_entries(*, session: Session, persons: list[Person]) -> list[RosterEntry]:
    """The namesakes of a newcomer, as roster entries of this session (ready for their
    one-tap "c'est cette personne")."""
    return _roster_entries(
        session=session, persons=Person.objects.filter(pk__in=[p.pk for p in persons])
    )


def _season_attendees(session: Session) -> QuerySet:
    current = season(season_of(session.date))
    return Attendance.objects.filter(
        session__activity_id=session.activity_id,
        session__date__range=(current.start, current.end),
    ).values("person_id")


def session_roster(*, session: Session) -> list[RosterEntry]:
    """The enrolled of the session's season first (children first in a children's
    atelier), then the walk-ins: who came to the atelier this season without being
    enrolled. One query whatever the number of persons."""
    enrolled = enrolment_selectors.live_enrolled_ids(
        activity_id=session.activity_id, season_start=season_of(session.date)
    )
    persons = enrolment_selectors.with_child_rank(
        Person.objects.filter(Q(pk__in=enrolled) | Q(pk__in=_season_attendees(session))),
        day=session.date,
    )
    persons = persons.annotate(
        enrolled_first=Exists(enrolled.filter(person_id=OuterRef("pk")))
    ).order_by("-enrolled_first", *enrolment_selectors.person_order(session.activity))
    return _roster_entries(session=session, persons=persons)


def session_search_roster(*, session: Session, query: str, limit: int = 20) -> list[RosterEntry]:
    """Any person found by name (accents ignored), with whether they are marked already;
    children first in a children's atelier."""
    found = enrolment_selectors.search_for_activity(
        activity=session.activity, query=query, day=session.date, limit=limit
    )
    persons = enrolment_selectors.with_child_rank(
        Person.objects.filter(pk__in=[p.pk for p in found]), day=session.date
    ).order_by(*enrolment_selectors.person_order(session.activity))
    return _roster_entries(session=session, persons=persons)


def roster_person_ids(*, session: Session, person_ids) -> set[int]:
    """Which of these persons are on the session's roster: enrolled this season, or came
    to the atelier this season (this session included)."""
    enrolled = enrolment_selectors.live_enrolled_ids(
        activity_id=session.activity_id, season_start=season_of(session.date)
    ).filter(person_id__in=person_ids)
    came = _season_attendees(session).filter(person_id__in=person_ids)
    return set(enrolled.values_list("person_id", flat=True)) | set(
        came.values_list("person_id", flat=True)
    )


def on_roster(*, session: Session, person_pk: int) -> bool:
    """Is this person on the session's roster (``roster_person_ids``)?"""
    return bool(roster_person_ids(session=session, person_ids=[person_pk]))


# --- marking someone found by the search ----------------------------------------------------

PICK_SALT = "tisserand.activities.pick"
PICK_MAX_AGE = 12 * 3600  # seconds: a session page left open for the day


def pick_ticket(*, session: Session, person: Person, user) -> str:
    """Signed proof that the search showed ``person`` to ``user`` on this session: the
    one-tap button of a search result carries it. Marking someone who is not on the roster
    needs it, so an id typed in the URL reveals nothing (``person_for_attendance``)."""
    return signing.dumps([session.pk, person.pk, user.pk], salt=PICK_SALT)


def _pick_valid(ticket: str, *, session: Session, person_pk: int, user) -> bool:
    try:
        value = signing.loads(ticket or "", salt=PICK_SALT, max_age=PICK_MAX_AGE)
    except signing.BadSignature:  # expired included
        return False
    return value == [session.pk, person_pk, user.pk]


def with_pick_tickets(entries: list[RosterEntry], *, session: Session, user) -> list[RosterEntry]:
    """Search results ready for this user: each button gets its ``pick_ticket``; for those
    who do not work on every atelier (animateur), a person off the roster shows a name
    only, no age: the ages they see are those of the persons who come to their sessions."""
    roster = None
    if not user_sees_all_activities(user):
        roster = roster_person_ids(session=session, person_ids=[e.person.pk for e in entries])
    for entry in entries:
        entry.pick = pick_ticket(session=session, person=entry.person, user=user)
        if roster is not None and entry.person.pk not in roster:
            entry.age = None
    return entries


def person_for_attendance(
    *, session: Session, person_pk: int, user, marking: bool, ticket: str = ""
) -> Person | None:
    """The person a tap on this session may concern, or None (the view answers 404, as
    for an unknown id: nothing about the person is revealed).

    Anyone on the roster; to *mark* someone else: the staff who work on every atelier
    (they open the register anyway), or the animateur or bénévole who found them by name
    in the search (a valid ``pick_ticket``). Unmarking concerns the roster only."""
    person = Person.objects.filter(pk=person_pk).first()
    if person is None:
        return None
    if on_roster(session=session, person_pk=person.pk):
        return person
    if marking and (
        user_sees_all_activities(user)
        or _pick_valid(ticket, session=session, person_pk=person.pk, user=user)
    ):
        return person
    return None


def session_roster_entry(*, session: Session, person: Person) -> RosterEntry:
    return _roster_entries(session=session, persons=Person.objects.filter(pk=person.pk))[0]


def session_present_count(*, session: Session) -> int:
    return Attendance.objects.filter(session=session).count()


def session_headcounts(*, session: Session) -> list[Headcount]:
    return list(Headcount.objects.filter(session=session))


def session_facilitator_choices(*, session: Session) -> QuerySet[Contributor]:
    """The atelier's team, plus anyone already recorded as present at this session."""
    return Contributor.objects.filter(
        Q(activities=session.activity_id) | Q(sessions=session)
    ).distinct().order_by("last_name", "first_name")


def session_facilitator_ids(*, session: Session) -> set[int]:
    return set(session.presences.values_list("contributor_id", flat=True))


def cancellation_reasons() -> QuerySet[CancellationReason]:
    return CancellationReason.objects.all()


def years_with_sessions(*, action: Action | None = None) -> list[int]:
    """Calendar years in which the action (or the centre) has sessions, most recent
    first: one query."""
    sessions = Session.objects.all() if action is None else Session.objects.filter(
        activity__action=action)
    dates = sessions.dates("date", "year", order="DESC")
    return [d.year for d in dates]


def newcomer_namesakes(
    *, first_name: str, last_name: str, birth_year: int | None
) -> list[Person]:
    """Persons a newcomer may already be: the same name (accents and case ignored) and,
    when a birth year is given, born that year (``person_homonyms``) or of unknown birth."""
    same_name = Person.objects.filter(search_name=search_key(f"{last_name} {first_name}"))
    if birth_year is None:
        return list(same_name.order_by("id"))
    born_that_year = {
        p.pk for p in person_homonyms(
            first_name=first_name, last_name=last_name, birth_date=None, birth_year=birth_year
        )
    }
    unknown_birth = same_name.filter(birth_date__isnull=True, birth_year__isnull=True)
    return list(
        Person.objects.filter(Q(pk__in=born_that_year) | Q(pk__in=unknown_birth)).order_by("id")
    )


# --- the programme screens ---------------------------------------------------------------


def record_usages(record: models.Model) -> list[str]:
    """Where a record of reference data is used, as "3 séances", "1 atelier": one count
    per kind of record pointing to it (any app's, found through the model's relations,
    so that an app above this one is counted without being imported)."""
    by_model: dict[type[models.Model], Q] = {}
    for relation in record._meta.get_fields(include_hidden=True):
        if not relation.auto_created or relation.concrete or not relation.is_relation:
            continue
        related = relation.related_model
        if related._meta.auto_created:  # the hidden table of a many-to-many relation
            continue
        condition = Q(**{relation.field.name: record})
        by_model[related] = by_model.get(related, Q()) | condition
    usages = []
    for model, condition in sorted(by_model.items(), key=lambda item: item[0]._meta.label):
        count = model._base_manager.filter(condition).distinct().count()
        if count:
            meta = model._meta
            name = meta.verbose_name if count == 1 else meta.verbose_name_plural
            usages.append(f"{count} {name}")
    return usages


def reference_rows(model: type[models.Model]) -> QuerySet:
    """The records of a reference list, in their own order."""
    return model.objects.all()


def programme_choices() -> dict[str, QuerySet]:
    """What the action and atelier forms offer to choose from."""
    return {
        "sectors": Sector.objects.all(),
        "orientations": Orientation.objects.select_related("social_project"),
        "funding_schemes": FundingScheme.objects.all(),
        "contributors": Contributor.objects.all(),
        "referents": Contributor.objects.all(),
        "partners": Partner.objects.all(),
        "places": Place.objects.all(),
    }
