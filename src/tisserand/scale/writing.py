"""Bulk writing helpers: batch size, and the record timestamps of a generated centre.

``bulk_create`` skips ``save()`` but still stamps ``auto_now``/``auto_now_add`` fields with
the current time; a generated centre must carry the dates of its story instead (a person
recorded on their first visit, an attendance marked on the day), so that two runs give the
same data and the retention rules see realistic dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from django.db import models
from django.utils import timezone

BATCH = 2000


@cache
def moment(day: dt.date, time: dt.time = dt.time(10, 0)) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))


@contextmanager
def explicit_timestamps(*fields: tuple[type[models.Model], str]) -> Iterator[None]:
    """Within the block, the given date fields keep the values set on the instances.

    Django stamps ``auto_now``/``auto_now_add`` fields in ``pre_save`` whatever the instance
    holds; the flags are lowered for the block and restored after it, even on error. Only
    the generator uses this, inside its own transaction.
    """
    saved = []
    for model, name in fields:
        field = model._meta.get_field(name)
        saved.append((field, field.auto_now, field.auto_now_add))
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def bulk(model: type[models.Model], rows: list) -> list:
    """``bulk_create`` in batches; the rows come back with their ids (SQLite, PostgreSQL)."""
    return model.objects.bulk_create(rows, batch_size=BATCH)
