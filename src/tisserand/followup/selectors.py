"""Reads of follow-up files for their own screens (the figures are in ``figures.py``).

Every read here serves a screen that only the follow-up role and the direction open (the
permission matrix); each list or page costs a fixed number of queries, whatever the
number of files, contacts or referrals.
"""

from django.db.models import Count, Prefetch, Q, QuerySet

from tisserand.core.models import Contributor
from tisserand.core.text import search_key
from tisserand.followup.models import Contact, FollowUpFile, Referral, Theme
from tisserand.people.models import Person


class StatusFilter:
    OPEN = "open"
    CLOSED = "closed"
    ALL = "all"
    CHOICES = (OPEN, CLOSED, ALL)


def follow_up_list(
    *,
    status: str = StatusFilter.OPEN,
    referent_id: int | None = None,
    person_id: int | None = None,
    query: str = "",
    limit: int = 50,
) -> QuerySet[FollowUpFile]:
    """Files, latest contact first; ``query`` matches the person's name, accents ignored."""
    files = FollowUpFile.objects.select_related(
        "person__household", "action", "referent"
    ).annotate(contact_count=Count("contacts"))
    if status == StatusFilter.OPEN:
        files = files.filter(status=FollowUpFile.Status.OPEN)
    elif status == StatusFilter.CLOSED:
        files = files.filter(status=FollowUpFile.Status.CLOSED)
    if referent_id:
        files = files.filter(referent_id=referent_id)
    if person_id:
        files = files.filter(person_id=person_id)
    for word in search_key(query).split():
        files = files.filter(person__search_name__contains=word)
    return files.order_by("-last_contact_on", "-id")[:limit]


def follow_up_for_page() -> QuerySet[FollowUpFile]:
    """Files ready for their page: person and household, contacts with their themes and
    author, referrals with their partner (a fixed number of queries)."""
    return FollowUpFile.objects.select_related(
        "person__household", "action", "referent", "created_by"
    ).prefetch_related(
        Prefetch(
            "contacts",
            queryset=Contact.objects.select_related("recorded_by")
            .prefetch_related("themes")
            .order_by("-date", "-id"),
        ),
        Prefetch(
            "referrals",
            queryset=Referral.objects.select_related("partner").order_by("-date", "-id"),
        ),
    )


def follow_up_referral(*, pk: int) -> Referral | None:
    return Referral.objects.select_related("file").filter(pk=pk).first()


def person_candidates(*, query: str, limit: int = 20) -> QuerySet[Person]:
    """Persons for a new file, with their count of open files (anonymised persons left
    out: nobody opens a file for them)."""
    persons = Person.objects.filter(anonymisation__isnull=True).select_related("household")
    for word in search_key(query).split():
        persons = persons.filter(search_name__contains=word)
    return persons.annotate(
        open_files=Count("follow_up_files", filter=Q(follow_up_files__status="open"))
    ).order_by("last_name", "first_name", "id")[:limit]


def person_for_new_file(*, pk: int) -> Person | None:
    return (
        Person.objects.filter(anonymisation__isnull=True)
        .select_related("household")
        .filter(pk=pk)
        .first()
    )


def referent_choices() -> QuerySet[Contributor]:
    """The centre's staff, and whoever is already the referent of a file."""
    return (
        Contributor.objects.filter(
            Q(kind=Contributor.Kind.STAFF) | Q(pk__in=FollowUpFile.objects.values("referent_id"))
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


def list_referents() -> QuerySet[Contributor]:
    """Referents of at least one file (the list's filter)."""
    return Contributor.objects.filter(
        pk__in=FollowUpFile.objects.values("referent_id")
    ).order_by("last_name", "first_name")


def active_themes() -> QuerySet[Theme]:
    return Theme.objects.filter(is_active=True).order_by("position", "name")
