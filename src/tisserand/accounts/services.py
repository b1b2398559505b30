"""Login throttling (``throttle``), the TOTP second factor and its enrolment codes."""

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from tisserand.accounts import throttle, totp
from tisserand.accounts.models import EnrolmentCode, TwoFactor
from tisserand.audit.models import AuditEntry
from tisserand.audit.services import log_action
from tisserand.core.permissions import has_any_role

ENROLMENT_CODE_LENGTH = 16
# Lower case, no 0/o, 1/l/i: a code read aloud or copied from paper (about 79 bits).
ENROLMENT_CODE_CHARS = "abcdefghjkmnpqrstuvwxyz23456789"


def normalise_username(username: str) -> str:
    return throttle.normalise_username(username)


def login_refusal(*, username: str, ip: str | None) -> throttle.Refusal | None:
    """Why a login attempt is refused before its password is checked (``throttle``)."""
    return throttle.refusal(username=username, ip=ip)


def _account(username: str):
    User = get_user_model()
    return User._default_manager.filter(
        **{f"{User.USERNAME_FIELD}__iexact": (username or "").strip()}
    ).first()


def login_failure_record(*, username: str, ip: str | None, user=None):
    """Count a failed attempt (password or code); the refusal the next attempt meets.

    Failures are counted, not listed: an unknown username writes nothing to the audit
    trail. For an existing account, the trail gets the first failure of a series from an
    address and the moment a limit is reached, never one entry per attempt."""
    counts, refused = throttle.record_failure(username=username, ip=ip)
    account = user or _account(username)
    if account is not None:
        notes = []
        if counts[throttle.Scope.PAIR] == 1:
            notes.append(_("premier échec d'une série depuis une adresse"))
        if counts[throttle.Scope.PAIR] == throttle.rule(throttle.Scope.PAIR).limit:
            notes.append(_("connexion bloquée depuis une adresse"))
        if counts[throttle.Scope.ACCOUNT] == throttle.rule(throttle.Scope.ACCOUNT).limit:
            notes.append(_("plafond du compte atteint : nouveaux appareils refusés"))
        if notes:
            log_action(action=AuditEntry.Action.LOGIN_FAILED, obj=account,
                       note=" ; ".join(notes))
    return refused


def login_success_record(*, user, ip: str | None) -> None:
    throttle.record_success(user=user, ip=ip)


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
def twofactor_confirm(*, user, code: str, enrolment_digest: str) -> TwoFactor:
    """Activate the pending key with a first code from the app. The enrolment code checked
    before (``enrolment_code_check``, whose digest the session keeps) must still be valid:
    it is used up here."""
    enrolment = EnrolmentCode.objects.select_for_update().filter(user=user).first()
    if (
        enrolment is None
        or enrolment.expires_at <= timezone.now()
        or not hmac.compare_digest(enrolment.code_hash, enrolment_digest or "")
    ):
        raise ValidationError(
            _("Le code d'activation n'est plus valable : demandez-en un nouveau à la direction.")
        )
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
    enrolment.delete()  # single use
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


# --- enrolment codes ----------------------------------------------------------------------


def enrolment_days() -> int:
    return int(getattr(settings, "TISSERAND_2FA_ENROLMENT_DAYS", 7))


def _normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "") if ch.isalnum()).lower()[:64]


def enrolment_digest(code: str) -> str:
    """SHA-256 of the normalised code: the code is random (about 79 bits), a plain digest
    is enough and the table never holds the code itself."""
    return hashlib.sha256(_normalise_code(code).encode()).hexdigest()


def group_code(code: str) -> str:
    """``"abcdefghjkmnpqrs"`` -> ``"abcd-efgh-jkmn-pqrs"``."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


@transaction.atomic
def enrolment_code_issue(*, user, by=None) -> str:
    """A new one-time enrolment code for ``user``, shown once to the direction.

    It replaces any previous code and resets the user's second factor (a lost phone): the
    user registers their phone again with this code. Written to the audit trail, never the
    code."""
    code = get_random_string(ENROLMENT_CODE_LENGTH, allowed_chars=ENROLMENT_CODE_CHARS)
    now = timezone.now()
    if TwoFactor.objects.filter(user=user).delete()[0]:
        log_action(action=AuditEntry.Action.TWO_FACTOR_OFF, obj=user, actor=by,
                   note=_("double authentification réinitialisée"))
    EnrolmentCode.objects.update_or_create(
        user=user,
        defaults={
            "code_hash": enrolment_digest(code),
            "created_at": now,
            "expires_at": now + dt.timedelta(days=enrolment_days()),
        },
    )
    log_action(action=AuditEntry.Action.UPDATE, obj=user, actor=by,
               note=_("code d'activation de la double authentification remis"))
    return group_code(code)


def enrolment_code_check(*, user, code: str) -> str | None:
    """The digest of ``code`` if it is this user's valid enrolment code, else None."""
    digest = enrolment_digest(code)
    enrolment = EnrolmentCode.objects.filter(user=user, expires_at__gt=timezone.now()).first()
    if enrolment is None or not hmac.compare_digest(enrolment.code_hash, digest):
        return None
    return digest


def enrolment_pending(*, user) -> EnrolmentCode | None:
    return EnrolmentCode.objects.filter(user=user, expires_at__gt=timezone.now()).first()


def password_changed_record(*, user) -> None:
    """The trail of a password changed by its owner: which field, never its value."""
    log_action(action=AuditEntry.Action.UPDATE, obj=user, fields=["password"], actor=user,
               note=_("mot de passe changé par l'utilisateur"))
