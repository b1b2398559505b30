"""Shared checks for the audit tests."""

from tisserand.audit.models import AuditEntry

# Columns an entry could carry a value in by mistake (``when`` is the clock, ids are ids).
TEXT_COLUMNS = ("actor_label", "action", "object_id", "object_label", "fields", "note")


def entry_text(entry: AuditEntry) -> str:
    return " | ".join(str(getattr(entry, column)) for column in TEXT_COLUMNS).casefold()


def assert_no_values(*values) -> None:
    """No entry of the trail holds any of these values in any of its columns."""
    entries = list(AuditEntry.objects.all())
    assert entries, "the trail is empty: nothing was checked"
    for entry in entries:
        text = entry_text(entry)
        for value in values:
            assert str(value).casefold() not in text, (value, text)


def only_entry(**filters) -> AuditEntry:
    entries = list(AuditEntry.objects.filter(**filters))
    assert len(entries) == 1, entries
    return entries[0]
