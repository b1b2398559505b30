"""Which appointments of a day may get a reminder: one query, whatever their number."""

import datetime as dt

from django.db.models import OuterRef, Subquery

from tisserand.desks.models import Appointment, DeskSession
from tisserand.people.models import Consent


def reminder_candidates(day: dt.date) -> list[Appointment]:
    """The booked appointments (not walk-ins) of the open desk sessions of ``day`` at the
    desks that send reminders, with their person, desk and reminder if any.

    Each carries ``reminders_given``: the person's latest choice about reminders (``None``
    when never asked, which means yes: reminders are an opt-out)."""
    latest_choice = (
        Consent.objects.filter(person=OuterRef("person_id"), kind=Consent.Kind.REMINDERS)
        .order_by("-recorded_on", "-id")
        .values("given")[:1]
    )
    return list(
        Appointment.objects.filter(
            session__date=day,
            session__status=DeskSession.Status.OPEN,
            session__desk__sends_reminders=True,
            status=Appointment.Status.BOOKED,
            walk_in=False,
        )
        .select_related("session__desk", "person", "reminder")
        .annotate(reminders_given=Subquery(latest_choice))
        .order_by("session__start_time", "start_time", "id")
    )
