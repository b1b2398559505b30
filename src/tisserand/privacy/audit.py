"""The privacy app's entries in the audit trail (``tisserand.audit``).

Entries never carry a name: the trail labels the object "Personne n° 42" itself, names
the fields erased (not their values), and the purge entry gives a count and a date.
"""

from collections.abc import Iterable

from tisserand.audit.services import log_action


def record(action: str, *, actor=None, obj=None, fields: Iterable[str] = (), note: str = ""):
    """One entry: ``export``, ``anonymise`` or ``purge``."""
    return log_action(action=action, actor=actor, obj=obj, fields=fields, note=note)
