"""Reading the audit trail."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils import timezone

from tisserand.audit.models import AuditEntry

SYSTEM = "systeme"


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_entries(
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    actor: str | int | None = None,
    action: str = "",
    content_type: ContentType | None = None,
) -> QuerySet[AuditEntry]:
    """Entries, newest first, filtered by local dates (both included), author (a user id,
    or ``SYSTEM`` for entries written by no one), action and type of object."""
    entries = AuditEntry.objects.select_related("content_type")
    if start:
        entries = entries.filter(when__gte=_start_of(start))
    if end:
        entries = entries.filter(when__lt=_start_of(end + dt.timedelta(days=1)))
    if actor == SYSTEM:
        entries = entries.filter(actor__isnull=True)
    elif actor:
        entries = entries.filter(actor_id=actor)
    if action:
        entries = entries.filter(action=action)
    if content_type is not None:
        entries = entries.filter(content_type=content_type)
    return entries.order_by("-when", "-id")


def audit_actors() -> list[tuple[int, str]]:
    """Accounts (id, username) to choose from when filtering by author."""
    User = get_user_model()
    return list(
        User._default_manager.order_by(User.USERNAME_FIELD).values_list(
            "pk", User.USERNAME_FIELD
        )
    )


def audit_content_types() -> QuerySet[ContentType]:
    """Types of object that appear in the trail."""
    used = AuditEntry.objects.order_by().values("content_type").distinct()
    return ContentType.objects.filter(pk__in=used).order_by("app_label", "model")


def last_entry_noted(obj, note_start: str) -> AuditEntry | None:
    """The latest entry on ``obj`` whose note starts with ``note_start`` (the last time
    an action was done on it: notices sent for a desk day)."""
    return (
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(type(obj), for_concrete_model=False),
            object_id=str(obj.pk), note__startswith=note_start,
        ).order_by("-when", "-id").first()
    )
