"""Lockout after repeated failures, and the TOTP second factor (writes and checks)."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tisserand.accounts import totp
from tisserand.accounts.models import LoginFailure, TwoFactor
from tisserand.audit.models import AuditEntry
from tisserand.audit.services import log_action
from tisserand.core.permissions import has_any_role

FAILURE_RETENTION = dt.timedelta(days=1)


def normalise_username(username: str) -> str:
    return (username or "").strip().casefold()[:150]


def _max_failures() -> int:
    return settings.TISSERAND_LOGIN_MAX_FAILURES


def _lock_period() -> dt.timedelta:
    return dt.timedelta(minutes=settings.TISSERAND_LOGIN_LOCK_MINUTES)


def lock_expires_at(*, username: str) -> dt.datetime | None:
    """When the lock on ``username`` ends, or None if it is not locked.

    Locked when the last MAX failures all fall within LOCK_MINUTES of each other, for
    LOCK_MINUTES after the last of them. Refused attempts during the lock are not failures
    (they are not checked), so waiting is enough to get in again.
    """
    now = timezone.now()
    period = _lock_period()
    recent = list(
        LoginFailure.objects.filter(
            username=normalise_username(username), at__gt=now - 2 * period
        )
        .order_by("-at")
        .values_list("at", flat=True)[: _max_failures()]
    )
    if len(recent) < _max_failures() or recent[0] - recent[-1] >= period:
        return None
    until = recent[0] + period
    return until if until > now else None


def lock_message() -> str:
    minutes = settings.TISSERAND_LOGIN_LOCK_MINUTES
    return _(
        "Trop d'essais : ce compte est bloqué pendant %(minutes)s minutes. Attendez puis "
        "réessayez, ou demandez à la direction de vérifier votre identifiant."
    ) % {"minutes": minutes}


@transaction.atomic
def login_failure_record(*, username: str, ip: str | None) -> bool:
    """Record a failed attempt; return True if the account is now locked."""
    now = timezone.now()
    LoginFailure.objects.filter(at__lt=now - FAILURE_RETENTION).delete()
    LoginFailure.objects.create(username=normalise_username(username), ip=ip or None, at=now)
    return lock_expires_at(username=username) is not None


def login_failures_clear(*, username: str) -> None:
    """A successful login resets the count."""
    LoginFailure.objects.filter(username=normalise_username(username)).delete()


# --- second factor ------------------------------------------------------------------------


def twofactor_mandatory(user) -> bool:
    """True if this user must use the second factor (see TISSERAND_REQUIRE_2FA)."""
    return bool(
        settings.TISSERAND_REQUIRE_2FA
        and user.is_authenticated
        and has_any_role(user, frozenset(settings.TISSERAND_2FA_ROLES))
    )


def twofactor_confirmed(user) -> TwoFactor | None:
    if not user.is_authenticated:
        return None
    return TwoFactor.objects.filter(user=user, confirmed_at__isnull=False).first()


@transaction.atomic
def twofactor_begin(*, user) -> TwoFactor:
    """The user's pending (unconfirmed) key, created on first visit and kept until confirmed,
    so reloading the page shows the same key."""
    two_factor, _created = TwoFactor.objects.select_for_update().get_or_create(
        user=user, defaults={"secret": totp.generate_secret()}
    )
    if two_factor.is_confirmed:
        raise ValidationError(_("La double authentification est déjà activée."))
    return two_factor


def _accept_code(two_factor: TwoFactor, code: str) -> bool:
    """Check ``code`` and burn its time step; the row must be locked by the caller."""
    step = totp.matching_step(two_factor.secret, code, timezone.now())
    if step is None or step <= two_factor.last_used_step:
        return False
    two_factor.last_used_step = step
    return True


@transaction.atomic
def twofactor_confirm(*, user, code: str) -> TwoFactor:
    """Activate the pending key with a first code from the app."""
    two_factor = TwoFactor.objects.select_for_update().filter(user=user).first()
    if two_factor is None or two_factor.is_confirmed:
        raise ValidationError(_("Aucune activation en cours : rechargez la page."))
    if not _accept_code(two_factor, code):
        raise ValidationError(
            _(
                "Code incorrect. Vérifiez que l'heure du téléphone est juste et saisissez "
                "le code à 6 chiffres affiché en ce moment."
            )
        )
    two_factor.confirmed_at = timezone.now()
    two_factor.save(update_fields=["confirmed_at", "last_used_step"])
    log_action(action=AuditEntry.Action.TWO_FACTOR_ON, obj=user, actor=user)
    return two_factor


@transaction.atomic
def twofactor_verify(*, user, code: str) -> bool:
    """Login second step: True if ``code`` is valid and was not used before."""
    two_factor = (
        TwoFactor.objects.select_for_update()
        .filter(user=user, confirmed_at__isnull=False)
        .first()
    )
    if two_factor is None or not _accept_code(two_factor, code):
        return False
    two_factor.save(update_fields=["last_used_step"])
    return True


@transaction.atomic
def twofactor_disable(*, user) -> None:
    if twofactor_mandatory(user):
        raise ValidationError(
            _("La double authentification est obligatoire pour votre rôle : elle reste active.")
        )
    if TwoFactor.objects.filter(user=user).delete()[0]:
        log_action(action=AuditEntry.Action.TWO_FACTOR_OFF, obj=user, actor=user)
