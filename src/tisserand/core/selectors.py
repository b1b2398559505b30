"""Reads of the centre's reference data."""

from tisserand.core.models import Centre


def current_centre() -> Centre | None:
    return Centre.objects.order_by("id").first()
