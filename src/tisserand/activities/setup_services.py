"""Writes on the centre's settings and on the reference data of the programme: places,
sectors, partners, funding schemes and reasons for cancelling sessions.

They live here, not in ``core`` where most of these models are: every write is audited,
and the audit trail sits above ``core``. ``activities`` is the lowest app that owns the
programme and may import both.

A record in use is never deleted: the refusal says where it is used, so that nothing that
points to it (sessions, ateliers, actions) loses data.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tisserand.activities.models import FundingScheme
from tisserand.activities.programme_services import name_taken
from tisserand.activities.selectors import record_usages
from tisserand.audit.models import AuditEntry
from tisserand.audit.services import log_action, log_create, log_delete, log_update, stored_values
from tisserand.core.images import centre_pictures_set
from tisserand.core.models import (
    CancellationReason,
    Centre,
    Contributor,
    Partner,
    Place,
    Sector,
)

CENTRE_FIELDS = (
    "name", "address", "postcode", "city", "neighbourhood", "phone", "email",
    "caf_approval_start", "caf_approval_end", "records_start", "regular_share",
)


@dataclass(frozen=True)
class ReferenceKind:
    """One kind of reference record: its fields and the one that names it (unique; none
    for persons of the team, who may share a name)."""

    model: type[models.Model]
    fields: tuple[str, ...]
    unique_field: str | None
    duplicate: str  # the message when another record has the same name


REFERENCE_KINDS = {
    Place: ReferenceKind(Place, ("name", "address", "is_outreach"), "name",
                         gettext_lazy("Un lieu porte déjà ce nom.")),
    Sector: ReferenceKind(Sector, ("name", "position", "description"), "name",
                          gettext_lazy("Un secteur porte déjà ce nom.")),
    Partner: ReferenceKind(Partner, ("name", "kind", "contact", "notes"), "name",
                           gettext_lazy("Un partenaire porte déjà ce nom.")),
    FundingScheme: ReferenceKind(FundingScheme, ("code", "name"), "code",
                                 gettext_lazy("Un dispositif porte déjà ce sigle.")),
    CancellationReason: ReferenceKind(CancellationReason, ("label",), "label",
                                      gettext_lazy("Ce motif existe déjà.")),
    # The team (staff, volunteers, external facilitators): referents of actions, teams of
    # ateliers. Their user account is linked by the direction, on the users' screen.
    Contributor: ReferenceKind(
        Contributor,
        ("first_name", "last_name", "kind", "job_title", "organisation", "phone", "email",
         "start_date", "end_date"),
        None, "",
    ),
}


def _kind_of(instance: models.Model) -> ReferenceKind:
    return REFERENCE_KINDS[type(instance)]


@transaction.atomic
def reference_save(*, instance: models.Model, fields: dict) -> models.Model:
    """Create (no pk yet) or update a place, a sector, a partner or a funding scheme.
    A name already used, whatever its case, is refused in French."""
    kind = _kind_of(instance)
    unknown = set(fields) - set(kind.fields)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    before = None if instance.pk is None else stored_values(instance, kind.fields)
    for name, value in fields.items():
        setattr(instance, name, value.strip() if isinstance(value, str) else value)
    if kind.unique_field and name_taken(
        kind.model.objects.all(), getattr(instance, kind.unique_field),
        exclude_pk=instance.pk, field=kind.unique_field,
    ):
        raise ValidationError({kind.unique_field: str(kind.duplicate)})
    instance.full_clean()
    instance.save()
    if before is None:
        log_create(instance, kind.fields)
    else:
        log_update(instance, before)
    return instance


@transaction.atomic
def reference_delete(*, instance: models.Model) -> None:
    """Delete a record nothing uses; refused, with where it is used, otherwise."""
    _kind_of(instance)
    usages = record_usages(instance)
    if usages:
        raise ValidationError(
            _("« %(name)s » est utilisé (%(usages)s) : il n'est pas supprimé, pour ne rien "
              "perdre de ce qui s'y rattache.") % {"name": instance, "usages": ", ".join(usages)}
        )
    log_delete(instance)
    instance.delete()


@transaction.atomic
def centre_save(*, centre: Centre | None, fields: dict, logo: bytes | None = None,
                photo: bytes | None = None, remove_logo: bool = False,
                remove_photo: bool = False) -> Centre:
    """Create or update the centre's settings and pictures (checked by ``core.images``:
    a picture refused keeps nothing of the whole save)."""
    unknown = set(fields) - set(CENTRE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    creating = centre is None or centre.pk is None
    centre = centre or Centre()
    before = None if creating else stored_values(centre, CENTRE_FIELDS)
    had_logo, had_photo = bool(centre.logo), bool(centre.cover_photo)
    for name, value in fields.items():
        setattr(centre, name, value)
    centre.full_clean()
    centre.save()
    centre_pictures_set(centre=centre, logo=logo, photo=photo, remove_logo=remove_logo,
                        remove_photo=remove_photo)
    pictures = []
    if logo is not None or (remove_logo and had_logo):
        pictures.append("logo")
    if photo is not None or (remove_photo and had_photo):
        pictures.append("cover_photo")
    if creating:
        log_create(centre, CENTRE_FIELDS)
    else:
        changed = [name for name in CENTRE_FIELDS if before[name] != getattr(centre, name)]
        if changed or pictures:
            log_action(action=AuditEntry.Action.UPDATE, obj=centre, fields=changed + pictures)
    return centre
