"""A fingerprint of a centre's content, without database ids (they depend on the database's
history, not on the data): two generations with the same N and seed must give the same
fingerprint, on SQLite as on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

from tisserand.activities.models import (
    Action,
    ActionPartner,
    Activity,
    Attendance,
    Headcount,
    Session,
    SessionContributor,
    WeeklySlot,
)
from tisserand.core.models import Centre, Contributor, Partner, Place, Sector
from tisserand.desks.models import Appointment, Desk, DeskClosure, DeskSession, DeskSlot
from tisserand.followup.models import Contact, FollowUpFile, Referral
from tisserand.people.models import (
    FamilyQuotient,
    Household,
    Membership,
    Person,
    SchoolEnrollment,
)

PERSON = ("last_name", "first_name", "birth_date")


def _of(prefix: str, fields=PERSON) -> tuple[str, ...]:
    return tuple(f"{prefix}__{f}" for f in fields)


SESSION = ("session__activity__name", "session__date", "session__start_time")
DESK_SESSION = ("session__desk__name", "session__date", "session__start_time")
FILE = (*_of("file__person"), "file__action__name", "file__opened_on")

# (model, fields): the rows are sorted in Python, not by the database, whose collation
# orders text differently from one engine (and locale) to another.
CONTENT = (
    (Centre, ("name", "caf_approval_start", "caf_approval_end")),
    (Place, ("name", "is_outreach")),
    (Sector, ("name", "position")),
    (Partner, ("name", "kind")),
    (Contributor, ("last_name", "first_name", "kind", "job_title", "organisation__name",
                   "start_date")),
    (Action, ("name", "main_sector__name", "position")),
    (ActionPartner, ("action__name", "partner__name", "role", "start_date")),
    (Activity, ("action__name", "name", "min_age", "max_age", "default_place__name",
                "capacity")),
    (WeeklySlot, ("activity__name", "weekday", "start_time", "end_time")),
    (Household, ("name", "address", "composition", "neighbourhood", "search_name",
                 "created_at")),
    (Person, (*PERSON, "sex", "household__address", "household_role", "phone",
              "priority_area", "search_name", "created_at")),
    (FamilyQuotient, ("household__name", "household__address", "valid_from", "amount")),
    (Membership, ("household__name", "household__address", "season", "paid_on", "amount")),
    (SchoolEnrollment, (*_of("person"), "school_year", "school__name", "level")),
    (Session, ("activity__name", "date", "start_time", "end_time", "place__name", "status",
               "cancellation_reason__label", "journal")),
    (SessionContributor, (*SESSION, "contributor__last_name", "contributor__first_name")),
    (Headcount, (*SESSION, "category", "count")),
    (Attendance, (*SESSION, *_of("person"), "recorded_at")),
    (Desk, ("name", "parallel_appointments", "closed_during_school_holidays")),
    (DeskSlot, ("desk__name", "weekday", "start_time", "end_time", "appointment_minutes")),
    (DeskClosure, ("desk__name", "start_date", "end_date", "reason__label", "created_at")),
    (DeskSession, ("desk__name", "date", "start_time", "status", "closure_reason__label")),
    (Appointment, (*DESK_SESSION, "start_time", *_of("person"), "status", "walk_in",
                   "subject", "minutes_spent", "booked_at", "updated_at")),
    (Appointment.kinds.through, (*_of("appointment", (*DESK_SESSION, "start_time",
                                                      *_of("person"))),
                                 "requestkind__name")),
    (FollowUpFile, (*_of("person"), "action__name", "opened_on", "status", "closed_on",
                    "last_contact_on", "referent__last_name", "created_at")),
    (Contact, (*FILE, "date", "mode", "minutes", "note", "created_at")),
    (Contact.themes.through, (*_of("contact", (*FILE, "date")), "theme__name")),
    (Referral, (*FILE, "date", "partner__name", "reason", "outcome")),
)


def _canon(value) -> str:
    """One spelling per value whatever the database driver returns."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return repr(value)


def fingerprint() -> str:
    """SHA-256 of the centre's content, table by table."""
    digest = hashlib.sha256()
    for model, fields in CONTENT:
        digest.update(f"\n{model._meta.label}\n".encode())
        rows = sorted(
            "|".join(_canon(value) for value in row)
            for row in model.objects.order_by().values_list(*fields).iterator(chunk_size=5000)
        )
        for row in rows:
            digest.update(row.encode())
            digest.update(b"\n")
    return digest.hexdigest()
