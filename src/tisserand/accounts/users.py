"""The users of the centre: reads and writes for the user management screens (direction).

Users are never deleted (the audit trail names them): they are deactivated. A user's
roles are Django groups (``tisserand.core.roles``); the direction also gets ``is_staff``,
which opens the Django admin site (reference data), whose own check is ``is_staff``.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from tisserand.audit.models import AuditEntry
from tisserand.audit.services import log_action, stored_values
from tisserand.core.roles import ALL_ROLES, DIRECTION, ROLE_LABELS

User = get_user_model()

# No 0/O, 1/l/I: a password read aloud or copied from the screen.
PASSWORD_CHARS = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
PASSWORD_LENGTH = 14
AUDITED_FIELDS = ("username", "first_name", "last_name", "email", "is_active", "is_staff")


# --- reads -------------------------------------------------------------------------------


@dataclass(frozen=True)
class UserRow:
    user: object
    roles: list[str]  # French labels, in the order of ROLE_LABELS


def _role_groups() -> Prefetch:
    return Prefetch("groups", queryset=Group.objects.filter(name__in=ALL_ROLES))


def user_list() -> list[UserRow]:
    """Every user, active ones first, with the labels of their roles (two queries)."""
    users = User.objects.prefetch_related(_role_groups()).order_by(
        "-is_active", "last_name", "first_name", "username"
    )
    rows = []
    for user in users:
        names = {group.name for group in user.groups.all()}
        rows.append(UserRow(user, [str(ROLE_LABELS[r]) for r in ALL_ROLES if r in names]))
    return rows


def user_role_names(user) -> list[str]:
    return list(user.groups.filter(name__in=ALL_ROLES).values_list("name", flat=True))


# --- writes ------------------------------------------------------------------------------


def generate_password() -> str:
    return get_random_string(PASSWORD_LENGTH, allowed_chars=PASSWORD_CHARS)


def _check_roles(roles) -> list[str]:
    roles = list(dict.fromkeys(roles))
    unknown = set(roles) - set(ALL_ROLES)
    if unknown:
        raise ValidationError(
            _("Rôle inconnu : %(roles)s.") % {"roles": ", ".join(sorted(unknown))}
        )
    if not roles:
        raise ValidationError(_("Choisissez au moins un rôle."))
    return roles


def _set_roles(user, roles: list[str]) -> None:
    kept = user.groups.exclude(name__in=ALL_ROLES)  # groups that are not roles stay
    user.groups.set([*kept, *Group.objects.filter(name__in=roles)])


@transaction.atomic
def user_create(
    *,
    username: str,
    first_name: str,
    last_name: str,
    email: str = "",
    roles,
    password: str = "",
):
    """Create an active user with these roles. Without a password, one is generated.

    Returns ``(user, generated_password)``; the generated password is ``""`` when one was
    given. It is shown once to the direction and stored hashed only."""
    roles = _check_roles(roles)
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("Cet identifiant est déjà utilisé.")})
    user = User(
        username=username,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email.strip(),
        is_active=True,
        is_staff=DIRECTION in roles,
    )
    generated = "" if password else generate_password()
    if password:
        validate_password(password, user)
    user.set_password(password or generated)
    user.full_clean()
    user.save()
    _set_roles(user, roles)
    log_action(
        action=AuditEntry.Action.CREATE,
        obj=user,
        fields=[name for name in AUDITED_FIELDS if getattr(user, name)] + ["groups"],
        note=_("rôles : %(roles)s") % {"roles": ", ".join(roles)},
    )
    return user, generated


@transaction.atomic
def user_update(
    *,
    user,
    first_name: str,
    last_name: str,
    email: str = "",
    roles,
    is_active: bool,
    password: str = "",
    by=None,
):
    """Change a user's name, email, roles, active state, and (optionally) password.

    A direction user may neither deactivate their own account nor take the direction role
    from themselves (nobody would be left to give it back)."""
    roles = _check_roles(roles)
    if by is not None and by.pk == user.pk:
        if not is_active:
            raise ValidationError(_("Vous ne pouvez pas désactiver votre propre compte."))
        if DIRECTION not in roles and not user.is_superuser:
            raise ValidationError(
                _("Vous ne pouvez pas retirer votre propre rôle Direction.")
            )
    before = stored_values(user, AUDITED_FIELDS)
    old_roles = set(user_role_names(user))
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.email = email.strip()
    user.is_active = is_active
    user.is_staff = DIRECTION in roles or user.is_superuser
    if password:
        validate_password(password, user)
        user.set_password(password)
    user.full_clean()
    user.save()
    _set_roles(user, roles)
    fields = [name for name in AUDITED_FIELDS if before[name] != getattr(user, name)]
    if set(roles) != old_roles:
        fields.append("groups")
    if password:
        fields.append("password")
    if fields:
        note = ""
        if "groups" in fields:
            note = _("rôles : %(roles)s") % {"roles": ", ".join(sorted(roles))}
        log_action(action=AuditEntry.Action.UPDATE, obj=user, fields=fields, note=note)
    return user
