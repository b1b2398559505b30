"""Prepare a database for the load test: the staff accounts and the plan of the scenario.

Run by ``benchmarks/load/run.py`` in the environment of the server (TISSERAND_DATA_DIR or
DATABASE_URL), after the centre's data was loaded (``loaddemo`` or ``generate``):

    python benchmarks/load/prepare.py --users 20 --out data/load/plan.json

Creates (or resets) the accounts ``charge01``... with the roles accueil and animateur (no
second factor for these roles), and writes the ids the virtual users work on: sessions
to mark, persons, search terms, and for each user its own free appointment times, so
that no two users ever compete for the same time and the desk never fills.
"""

import argparse
import json
import os
import random
import sys

USERNAME = "charge{:02d}"
# Only used on a throwaway benchmark database; passes Django's password validators.
PASSWORD = "Charge-de-test-Tisserand-2026"
ROLES = ("accueil", "animateur")
MARKING_SESSIONS = 12  # the recent sessions everyone marks: concurrent writers on the same rows
PERSONS = 400
SEARCH_TERMS = 40
TIMES_PER_USER = 6


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tisserand.settings")
    import django

    django.setup()


def create_users(count: int) -> list[str]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from tisserand.accounts.models import LoginFailure

    User = get_user_model()
    groups = [Group.objects.get_or_create(name=role)[0] for role in ROLES]
    names = []
    for index in range(1, count + 1):
        username = USERNAME.format(index)
        user, _ = User.objects.get_or_create(
            username=username, defaults={"first_name": "Charge", "last_name": f"{index:02d}"}
        )
        user.is_active = True
        user.set_password(PASSWORD)
        user.save()
        user.groups.set(groups)
        names.append(username)
    # A previous run must not leave a lockout behind.
    LoginFailure.objects.filter(username__in=names).delete()
    return names


def _free_times(count: int) -> list[list[list]]:
    """Per user, its own (desk, desk session, time, date) bookable now: open sessions,
    times with a free place, shared out round-robin so that users never compete."""
    from django.db.models import Count, Q

    from tisserand.desks.models import Appointment, DeskSession

    sessions = (
        DeskSession.objects.filter(status=DeskSession.Status.OPEN)
        .select_related("desk")
        .annotate(
            taken=Count("appointments", filter=Q(appointments__status__in=Appointment.HOLDING))
        )
        .order_by("-date", "start_time")
    )
    holding = {}
    for session_id, start, walk_in in Appointment.objects.filter(
        status__in=Appointment.HOLDING, session__status=DeskSession.Status.OPEN
    ).values_list("session_id", "start_time", "walk_in"):
        if not walk_in:
            holding[(session_id, start)] = holding.get((session_id, start), 0) + 1
    free = []
    for session in sessions:
        for start in session.appointment_times():
            if holding.get((session.pk, start), 0) < session.desk.parallel_appointments:
                free.append(
                    [session.desk_id, session.pk, start.strftime("%H:%M"), session.date.isoformat()]
                )
    if len(free) < count:
        sys.exit(f"Trop peu d'heures de rendez-vous libres ({len(free)}) pour {count} usagers.")
    per_user = [free[i::count][:TIMES_PER_USER] for i in range(count)]
    return per_user


def _database_version(connection) -> str:
    if connection.vendor == "sqlite":
        return ".".join(str(part) for part in connection.Database.sqlite_version_info)
    connection.ensure_connection()
    number = connection.connection.info.server_version  # e.g. 150020 for 15.20
    return f"{number // 10000}.{number % 10000}"


def build_plan(users: list[str], seed: int) -> dict:
    from django.db import connection

    from tisserand.activities.models import Action, Activity, Attendance, Session
    from tisserand.people.models import Person

    rng = random.Random(seed)
    open_sessions = Session.objects.exclude(status=Session.Status.CANCELLED)
    marking = list(open_sessions.order_by("-date", "-id").values_list("pk", flat=True)[
        :MARKING_SESSIONS
    ])
    browsing = list(open_sessions.order_by("-date", "-id").values_list("pk", flat=True)[:200])
    persons = list(Person.objects.values_list("pk", flat=True))
    names = list(Person.objects.values_list("last_name", flat=True))
    rng.shuffle(persons)
    terms = sorted({name[:3].lower() for name in names if len(name) >= 3})
    rng.shuffle(terms)
    # Persons to book: no appointment at all, and each user its own (no double booking).
    free_persons = list(
        Person.objects.filter(appointments__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)[: 5 * len(users)]
    )
    return {
        "password": PASSWORD,
        "users": users,
        "actions": list(Action.objects.values_list("pk", flat=True)),
        "activities": list(Activity.objects.values_list("pk", flat=True)),
        "marking_sessions": marking,
        "browsing_sessions": browsing,
        "persons": persons[:PERSONS],
        "search_terms": terms[:SEARCH_TERMS],
        "booking": [
            {"times": times, "persons": free_persons[i :: len(users)]}
            for i, times in enumerate(_free_times(len(users)))
        ],
        "database": {"vendor": connection.vendor, "version": _database_version(connection)},
        "counts": {
            "persons": Person.objects.count(),
            "sessions": Session.objects.count(),
            "attendances": Attendance.objects.count(),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    _django()
    from django.db import transaction

    with transaction.atomic():
        users = create_users(args.users)
        plan = build_plan(users, args.seed)
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(plan, handle, indent=1)


if __name__ == "__main__":
    main()
