"""Reads of the privacy app: current consents and everything held about a person.

``person_export_data`` is the content of the right-of-access export (article 15 RGPD): the
person's own data, their household's name, address, composition, family quotients and
memberships (not the other members' names: they are other people's data), their schooling,
consents, attendance history, their appointments at the desks, their follow-up files (notes,
contacts with their themes and notes, referrals) and the audit entries about them and their
files. Native values (dates, decimals) are kept: the JSON exporter serialises them, the PDF
template formats them. Each part costs a fixed number of queries.
"""

from django.apps import apps
from django.db.models import CharField, Prefetch, Q
from django.db.models.functions import Cast
from django.utils import timezone

from tisserand.core.selectors import current_centre
from tisserand.people.models import Anonymisation, Consent, Person


def consents_current(*, person: Person) -> list[dict]:
    """One row per kind of consent: the latest record, or ``None`` when never asked."""
    latest: dict[str, Consent] = {}
    for consent in Consent.objects.filter(person=person).order_by("-recorded_on", "-id"):
        latest.setdefault(consent.kind, consent)
    return [
        {"kind": kind, "label": label, "consent": latest.get(kind)}
        for kind, label in Consent.Kind.choices
    ]


def consent_history(*, person: Person):
    return (
        Consent.objects.filter(person=person)
        .select_related("recorded_by")
        .order_by("-recorded_on", "-id")
    )


def anonymisation_of(person: Person) -> Anonymisation | None:
    return Anonymisation.objects.filter(person_id=person.pk).first()


def _identity(person: Person) -> dict:
    mark = anonymisation_of(person)
    return {
        "id": person.pk,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "sex": person.sex,
        "sex_label": person.get_sex_display(),
        "birth_date": person.birth_date,
        "birth_year": person.birth_year,
        "phone": person.phone,
        "email": person.email,
        "priority_area": person.priority_area,
        "priority_area_label": person.get_priority_area_display(),
        "household_role": person.household_role,
        "household_role_label": person.get_household_role_display(),
        "notes": person.notes,
        "created_at": person.created_at,
        "anonymised_on": mark.anonymised_on if mark else None,
    }


def _household(person: Person) -> dict | None:
    household = person.household
    if household is None:
        return None
    return {
        "id": household.pk,
        "name": household.name,
        "composition": household.composition,
        "composition_label": household.get_composition_display(),
        "address": household.address,
        "postcode": household.postcode,
        "city": household.city,
        "neighbourhood": household.neighbourhood,
        "phone": household.phone,
        "member_count": household.members.count(),
        "family_quotients": [
            {"amount": q.amount, "valid_from": q.valid_from, "valid_to": q.valid_to}
            for q in household.quotients.order_by("-valid_from")
        ],
        "memberships": [
            {
                "season": f"{m.season}-{m.season + 1}",
                "paid_on": m.paid_on,
                "amount": m.amount,
            }
            for m in household.memberships.order_by("-season")
        ],
    }


def _schooling(person: Person) -> list[dict]:
    return [
        {
            "school_year": f"{e.school_year}-{e.school_year + 1}",
            "school": e.school.name if e.school else "",
            "level": e.level,
            "level_label": e.get_level_display(),
        }
        for e in person.enrollments.select_related("school").order_by("-school_year")
    ]


def _consents(person: Person) -> list[dict]:
    return [
        {
            "kind": c.kind,
            "kind_label": c.get_kind_display(),
            "given": c.given,
            "recorded_on": c.recorded_on,
        }
        for c in Consent.objects.filter(person=person).order_by("kind", "-recorded_on", "-id")
    ]


def _attendances(person: Person) -> list[dict]:
    from tisserand.activities.models import Attendance

    rows = (
        Attendance.objects.filter(person=person)
        .select_related("session__activity__action", "session__place")
        .order_by("session__date", "session__start_time", "pk")
    )
    return [
        {
            "date": a.session.date,
            "start_time": a.session.start_time,
            "end_time": a.session.end_time,
            "activity": a.session.activity.name,
            "action": a.session.activity.action.name,
            "place": a.session.place.name if a.session.place else "",
        }
        for a in rows
    ]


def _appointments(person: Person) -> list[dict]:
    from tisserand.desks.models import Appointment

    rows = (
        Appointment.objects.filter(person=person)
        .select_related("session__desk")
        .prefetch_related("kinds")
        .order_by("session__date", "start_time", "pk")
    )
    return [
        {
            "date": a.session.date,
            "start_time": a.start_time,
            "desk": a.session.desk.name,
            "walk_in": a.walk_in,
            "status": a.status,
            "status_label": a.get_status_display(),
            "subject": a.subject,
            "kinds": [str(kind) for kind in a.kinds.all()],
            "minutes_spent": a.minutes_spent,
        }
        for a in rows
    ]


def _follow_up_files(person: Person) -> list[dict]:
    from tisserand.followup.models import Contact, FollowUpFile, Referral

    files = (
        FollowUpFile.objects.filter(person=person)
        .select_related("action", "referent")
        .prefetch_related(
            Prefetch(
                "contacts",
                queryset=Contact.objects.prefetch_related("themes").order_by("date", "pk"),
            ),
            Prefetch(
                "referrals",
                queryset=Referral.objects.select_related("partner").order_by("date", "pk"),
            ),
        )
        .order_by("opened_on", "pk")
    )
    return [
        {
            "id": f.pk,
            "status": f.status,
            "status_label": f.get_status_display(),
            "whole_household": f.whole_household,
            "action": f.action.name if f.action else "",
            "referent": str(f.referent) if f.referent else "",
            "opened_on": f.opened_on,
            "closed_on": f.closed_on,
            "last_contact_on": f.last_contact_on,
            "notes": f.notes,
            "notes_erased_on": f.notes_erased_on,
            "contacts": [
                {
                    "date": c.date,
                    "mode": c.mode,
                    "mode_label": c.get_mode_display(),
                    "minutes": c.minutes,
                    "themes": [t.name for t in c.themes.all()],
                    "note": c.note,
                }
                for c in f.contacts.all()
            ],
            "referrals": [
                {
                    "date": r.date,
                    "partner": r.partner.name,
                    "reason": r.reason,
                    "outcome": r.outcome,
                    "outcome_label": r.get_outcome_display(),
                    "outcome_note": r.outcome_note,
                }
                for r in f.referrals.all()
            ],
        }
        for f in files
    ]


def _audit_entries(person: Person) -> list[dict] | None:
    """Entries of the audit trail about the person and about their follow-up files (who
    opened them is part of what the centre holds about them); ``None`` without a trail."""
    if not apps.is_installed("tisserand.audit"):
        return None
    from django.contrib.contenttypes.models import ContentType

    from tisserand.audit.models import AuditEntry
    from tisserand.followup.models import FollowUpFile

    # Object ids are text in the trail: compare with the files' ids as text, in the query.
    file_ids = (
        FollowUpFile.objects.filter(person=person)
        .annotate(text_id=Cast("pk", CharField()))
        .values("text_id")
    )
    types = ContentType.objects.get_for_models(Person, FollowUpFile)
    entries = AuditEntry.objects.filter(
        Q(content_type=types[Person], object_id=str(person.pk))
        | Q(content_type=types[FollowUpFile], object_id__in=file_ids)
    ).order_by("when", "pk")
    return [
        {
            "when": e.when,
            "action": e.action,
            "action_label": e.get_action_display(),
            "object": e.object_label,
            "fields": list(e.fields or []),
        }
        for e in entries
    ]


def person_export_data(*, person: Person) -> dict:
    """Everything held about one person, as plain data (see the module docstring)."""
    person = Person.objects.select_related("household").get(pk=person.pk)
    centre = current_centre()
    data = {
        "export": {
            "generated_at": timezone.now(),
            "centre": centre.name if centre else "",
        },
        "person": _identity(person),
        "household": _household(person),
        "schooling": _schooling(person),
        "consents": _consents(person),
        "attendances": _attendances(person),
        "appointments": _appointments(person),
        "follow_up_files": _follow_up_files(person),
    }
    audit_entries = _audit_entries(person)
    if audit_entries is not None:
        data["audit"] = audit_entries
    return data


def identity_mentions(person: Person) -> list:
    """Where the person's name, phone or e-mail appear in the free texts of the database
    (to be replaced by the anonymisation), and where their last name appears alone (to be
    read by a human): shown on the confirmation page, by record number, never by text."""
    from tisserand.privacy import redaction

    redactor = redaction.Redactor([redaction.identity_of(person)])
    return redaction.scan(redactor, with_review=True, exclude=[(Person, person.pk)])
