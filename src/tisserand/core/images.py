"""The centre's pictures (logo, cover photo): checked before they are kept, offered to the
documents as bytes with their type."""

import io

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

MAX_BYTES = 3 * 1024 * 1024
MAX_SIDE = 6000
TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}


def image_type(data: bytes | None) -> str | None:
    """``image/png`` or ``image/jpeg`` from the first bytes (``None`` for anything else)."""
    if not data:
        return None
    data = bytes(data)
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return TYPES["PNG"]
    if data.startswith(b"\xff\xd8\xff"):
        return TYPES["JPEG"]
    return None


def checked_image(data: bytes, what: str) -> bytes:
    """The bytes of a PNG or JPEG picture of a sensible size, or a French error."""
    from PIL import Image, UnidentifiedImageError

    if len(data) > MAX_BYTES:
        raise ValidationError(_("%(what)s : le fichier dépasse 3 Mo.") % {"what": what})
    try:
        with Image.open(io.BytesIO(data)) as picture:
            picture.verify()
            kind, size = picture.format, picture.size
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
        raise ValidationError(
            _("%(what)s : ce fichier n'est pas une image lisible.") % {"what": what}
        ) from error
    if kind not in TYPES:
        raise ValidationError(_("%(what)s : choisissez une image PNG ou JPEG.") % {"what": what})
    if max(size) > MAX_SIDE:
        raise ValidationError(_("%(what)s : l'image est trop grande.") % {"what": what})
    return data


@transaction.atomic
def centre_pictures_set(*, centre, logo: bytes | None = None, photo: bytes | None = None,
                        remove_logo: bool = False, remove_photo: bool = False):
    """Keep or remove the centre's logo and cover photo (checked first: nothing is kept
    when one of them is refused)."""
    changed = []
    if logo is not None:
        centre.logo = checked_image(logo, _("Logo"))
        changed.append("logo")
    elif remove_logo and centre.logo:
        centre.logo = None
        changed.append("logo")
    if photo is not None:
        centre.cover_photo = checked_image(photo, _("Photo de couverture"))
        changed.append("cover_photo")
    elif remove_photo and centre.cover_photo:
        centre.cover_photo = None
        changed.append("cover_photo")
    if changed:
        centre.save(update_fields=changed)
    return centre
