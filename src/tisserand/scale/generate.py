"""Generate a synthetic centre N times the size of the demo centre, deterministically.

N = 1 is about 500 households, 1,200 persons, 6 ateliers, 40,000 attendances over three
years and 2,000 appointments; everything grows linearly with N (the ateliers are repeated
as groups, the desks get more slots). Below N = 1 the six ateliers stay, with smaller
groups, so that a small N (0.05) still exercises every part of the software in tests.

The same (N, seed, years) always gives the same data: every draw comes from generators
seeded with them, and record dates come from the story, not from the clock.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from tisserand.activities.models import (
    Action,
    Activity,
    Attendance,
    Headcount,
    Session,
    SessionContributor,
)
from tisserand.core.calendar import SchoolCalendarUnknown, check_school_calendar_covers
from tisserand.core.models import Centre, Contributor, Partner
from tisserand.demo.build import wipe_centre_data
from tisserand.desks.models import Appointment, Desk, DeskClosure, DeskSession
from tisserand.followup.models import Contact, FollowUpFile
from tisserand.people.models import (
    FamilyQuotient,
    Household,
    Membership,
    Person,
    SchoolEnrollment,
)
from tisserand.scale import desks as desk_plan
from tisserand.scale import followup
from tisserand.scale.participation import ParticipationPlanner
from tisserand.scale.plan import Busy, rng_for
from tisserand.scale.population import PopulationPlanner
from tisserand.scale.programme import (
    REFERENTS,
    Days,
    activity_count,
    plan_activities,
    plan_sessions,
)
from tisserand.scale.reference import (
    CENTRAL_TEAM,
    ContributorPlan,
    school_counts,
    write_actions,
    write_reference,
    write_team,
)
from tisserand.scale.store import write_activities, write_population, write_sessions
from tisserand.scale.writing import explicit_timestamps

DEFAULT_YEARS = (2019, 2020, 2021)
HOUSEHOLDS_PER_UNIT = 500
MAX_SCALE = 100  # about 4 GB of memory for the plan

# Fields stamped by Django on save, given their story's dates instead (see writing.py).
TIMESTAMPS = (
    (Household, "created_at"), (Person, "created_at"), (Attendance, "recorded_at"),
    (Appointment, "booked_at"), (Appointment, "updated_at"), (DeskClosure, "created_at"),
    (FollowUpFile, "created_at"), (Contact, "created_at"),
)

# (label, model) of the summary, in the order printed.
COUNTED = (
    ("foyers", Household), ("personnes", Person), ("quotients familiaux", FamilyQuotient),
    ("adhésions", Membership), ("scolarités", SchoolEnrollment),
    ("partenaires", Partner), ("salariés, bénévoles et intervenants", Contributor),
    ("actions", Action), ("ateliers", Activity), ("séances", Session),
    ("présences", Attendance), ("comptages anonymes", Headcount),
    ("présences de l'encadrement", SessionContributor), ("permanences", Desk),
    ("permanences du jour", DeskSession), ("rendez-vous", Appointment),
    ("dossiers d'accompagnement", FollowUpFile), ("contacts", Contact),
)


class CentreNotEmpty(Exception):
    """The database already holds a centre: nothing was written."""


@dataclass
class GenerationStats:
    """What was generated. ``stats.persons``, ``stats.attendances``... read ``counts``
    (keys: households, persons, quotients, memberships, enrollments, partners,
    contributors, actions, activities, sessions, attendances, headcounts,
    session_contributors, desks, desk_sessions, appointments, follow_up_files, contacts)."""

    scale: float
    seed: int
    years: tuple[int, ...]
    counts: dict[str, int] = field(default_factory=dict)
    cancelled_sessions: int = 0
    seconds: float = 0.0
    steps: list[tuple[str, float]] = field(default_factory=list)

    def __getattr__(self, name: str) -> int:
        # stats.persons, stats.attendances...: the counts by model name.
        counts = self.__dict__.get("counts", {})
        if name in counts:
            return counts[name]
        raise AttributeError(name)

    def summary(self) -> list[str]:
        """The French summary printed by the command."""
        lines = [
            f"Centre synthétique ×{self.scale:g} (graine {self.seed}, "
            f"{self.years[0]}-{self.years[-1]}) créé en {_number(self.seconds, 1)} s :"
        ]
        for label, model in COUNTED:
            count = self.counts[_key(model)]
            extra = ""
            if model is Session:
                extra = f" (dont {_number(self.cancelled_sessions)} annulées)"
            lines.append(f"  {label:<38} {_number(count):>10}{extra}")
        return lines


def _key(model) -> str:
    """The stats key of a model: "persons", "attendances", "desk_sessions"..."""
    return {
        Household: "households", Person: "persons", FamilyQuotient: "quotients",
        Membership: "memberships", SchoolEnrollment: "enrollments", Partner: "partners",
        Contributor: "contributors", Action: "actions", Activity: "activities",
        Session: "sessions", Attendance: "attendances", Headcount: "headcounts",
        SessionContributor: "session_contributors", Desk: "desks",
        DeskSession: "desk_sessions", Appointment: "appointments",
        FollowUpFile: "follow_up_files", Contact: "contacts",
    }[model]


def _number(value: float, decimals: int = 0) -> str:
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u202f").replace(".", ",")


def centre_exists() -> bool:
    return (Centre.objects.exists() or Person.objects.exists() or Action.objects.exists()
            or Household.objects.exists())


def check_arguments(scale: float, years: tuple[int, ...]) -> None:
    if not 0 < scale <= MAX_SCALE:
        raise ValueError(f"L'échelle doit être comprise entre 0 et {MAX_SCALE} (reçu : {scale}).")
    if not years or list(years) != list(range(years[0], years[0] + len(years))):
        raise ValueError("Les années doivent se suivre (par exemple 2019, 2020, 2021).")
    start, end = dt.date(years[0], 1, 1), dt.date(years[-1], 12, 31)
    if end >= timezone.localdate():
        raise ValueError("Les années générées doivent être terminées (pas de date future).")
    try:
        check_school_calendar_covers(start, end)
    except SchoolCalendarUnknown as exc:
        raise ValueError(str(exc)) from exc


def generate_centre(*, scale: float, seed: int = 1, years: tuple[int, ...] = DEFAULT_YEARS,
                    reset: bool = False, stdout=None) -> GenerationStats:
    """Create the synthetic centre in the current database, in one transaction.

    Refuses (``CentreNotEmpty``) a database that already holds a centre, unless ``reset``:
    then every centre record is deleted first. ``stdout`` receives one line per step.
    """
    years = tuple(years)
    check_arguments(scale, years)
    stats = GenerationStats(scale=scale, seed=seed, years=years)
    started = time.perf_counter()

    def step(label: str) -> None:
        now = time.perf_counter() - started
        stats.steps.append((label, now))
        if stdout is not None:
            stdout.write(f"[{_number(now, 1):>6} s] {label}")

    with transaction.atomic():
        if reset:
            step("Effacement des données du centre")
            wipe_centre_data()
        elif centre_exists():
            raise CentreNotEmpty(
                "La base contient déjà un centre (personnes, foyers ou actions) : rien n'a été "
                "modifié. Relancez avec --reset pour tout effacer et générer le centre."
            )
        with explicit_timestamps(*TIMESTAMPS):
            _build(scale, seed, years, step)
        step("Comptage")
        stats.counts = {_key(model): model.objects.count() for _label, model in COUNTED}
        stats.cancelled_sessions = Session.objects.filter(
            status=Session.Status.CANCELLED).count()
    stats.seconds = time.perf_counter() - started
    return stats


def _build(scale: float, seed: int, years: tuple[int, ...], step) -> None:
    start, end = dt.date(years[0], 1, 1), dt.date(years[-1], 12, 31)
    households = max(1, round(HOUSEHOLDS_PER_UNIT * scale))
    primaries, colleges = school_counts(households)
    step("Référentiel : lieux, secteurs, partenaires")
    refs = write_reference(scale=scale, years=years, households=households)

    step("Habitants : foyers et personnes")
    people = PopulationPlanner(rng_for(seed, "population"), start=start, end=end,
                               primaries=primaries, colleges=colleges)
    people.build(households)

    step("Programme : ateliers et séances")
    days = Days(start, end)
    activities = plan_activities(scale)
    sessions = plan_sessions(rng_for(seed, "sessions"), activities, days, scale)
    desks = desk_plan.plan_desks(scale, len(years), days)
    team = [ContributorPlan(key, kind, job) for key, (kind, job) in CENTRAL_TEAM.items()]
    team += _with_start_dates(rng_for(seed, "team"),
                              [p for a in activities for p in a.team], years)
    team += [p for d in desks for p in d.team]
    write_team(refs, team, rng_for(seed, "team-names"))
    write_actions(refs, REFERENTS, years[0])
    write_activities(refs, activities)

    step("Présences aux ateliers")
    busy = Busy()
    factor = min(1.0, scale * 6 / activity_count(scale))
    planner = ParticipationPlanner(rng_for(seed, "participation"), people.persons,
                                   people.households, busy, factor)
    participation = planner.plan(activities, sessions, {p.key: p.start_date for p in team})

    step("Permanences et rendez-vous")
    appointments = desk_plan.DeskPlanner(rng_for(seed, "desks"), people.persons, busy,
                                         days).plan(desks)
    step("Accompagnement individuel")
    files = followup.plan_follow_up(rng_for(seed, "followup"), people.persons, scale,
                                    start, end)

    step("Écriture : habitants")
    write_population(refs, people.households, people.persons, participation, years,
                     rng_for(seed, "quotients"))
    step("Écriture : séances et présences")
    write_sessions(refs, sessions, participation)
    step("Écriture : permanences")
    desk_plan.write_desks(refs, desks, appointments, rng_for(seed, "appointments"))
    step("Écriture : accompagnement")
    followup.write_follow_up(refs, files, rng_for(seed, "followup-write"))


def _with_start_dates(rng, plans: list[ContributorPlan], years) -> list[ContributorPlan]:
    """One volunteer in four joined at the start of the second or third season."""
    result = []
    for plan in plans:
        if plan.kind == Contributor.Kind.VOLUNTEER and rng.random() < 0.25:
            season = rng.choice(years[:-1]) if len(years) > 1 else years[0]
            plan = ContributorPlan(plan.key, plan.kind, plan.job_title, plan.organisation,
                                   dt.date(season, 9, 1))
        result.append(plan)
    return result
