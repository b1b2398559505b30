"""Login throttling that holds a flood and cannot be turned against a user.

Failures are counted (``LoginThrottle``) in three scopes:

- **the pair (account, address)**: progressive delays after the 2nd failure (1 s, 2 s,
  4 s...), then refusal for ``TISSERAND_LOGIN_LOCK_MINUTES`` after
  ``TISSERAND_LOGIN_MAX_FAILURES`` failures. It only ever blocks that account *from that
  address*: someone elsewhere cannot lock the user out.
- **the address (every account)**: free for ``ADDRESS_FREE`` failures, then delays doubling
  up to a minute, then refusal for an hour after ``TISSERAND_LOGIN_ADDRESS_MAX_FAILURES``.
- **the account (every address)**: a much higher ceiling
  (``TISSERAND_LOGIN_ACCOUNT_MAX_FAILURES`` an hour) against a flood spread over many
  addresses; once reached, the account is refused from *new* addresses for an hour.

The address and account limits do not apply to an address the account logged in from
successfully in the last ``TISSERAND_LOGIN_KNOWN_ADDRESS_DAYS`` days (``KnownAddress``,
stored as a keyed hash): the user at their usual place still gets in during a flood.

A refused attempt is not checked and not counted: waiting is always enough. A counter is
forgotten once quiet for its period; rows are purged a day after their last failure at
the latest, known addresses after their period. A delay is a refusal with "wait N
seconds", never a sleep that would hold a server worker.
"""

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tisserand.accounts.models import KnownAddress, LoginThrottle

Scope = LoginThrottle.Scope
RETENTION = dt.timedelta(days=1)
MAX_DELAY_SECONDS = 60


@dataclass(frozen=True)
class Rule:
    free: int  # failures before the first delay
    limit: int  # failures that start the refusal
    period: dt.timedelta  # refusal length, and quiet time after which the count restarts
    delays: bool = True


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def rule(scope: str) -> Rule:
    if scope == Scope.PAIR:
        return Rule(
            free=1,
            limit=_setting("TISSERAND_LOGIN_MAX_FAILURES", 5),
            period=dt.timedelta(minutes=_setting("TISSERAND_LOGIN_LOCK_MINUTES", 15)),
        )
    if scope == Scope.ADDRESS:
        return Rule(
            free=_setting("TISSERAND_LOGIN_ADDRESS_FREE", 10),
            limit=_setting("TISSERAND_LOGIN_ADDRESS_MAX_FAILURES", 50),
            period=dt.timedelta(minutes=_setting("TISSERAND_LOGIN_ADDRESS_LOCK_MINUTES", 60)),
        )
    return Rule(
        free=0,
        limit=_setting("TISSERAND_LOGIN_ACCOUNT_MAX_FAILURES", 100),
        period=dt.timedelta(minutes=_setting("TISSERAND_LOGIN_ACCOUNT_LOCK_MINUTES", 60)),
        delays=False,
    )


def known_address_period() -> dt.timedelta:
    return dt.timedelta(days=_setting("TISSERAND_LOGIN_KNOWN_ADDRESS_DAYS", 30))


def normalise_username(username: str) -> str:
    return (username or "").strip().casefold()[:150]


def _address(ip: str | None) -> str:
    return (ip or "")[:45]


def _key(scope: str, username: str, ip: str | None) -> dict:
    return {
        "scope": scope,
        "username": "" if scope == Scope.ADDRESS else normalise_username(username),
        "address": "" if scope == Scope.ACCOUNT else _address(ip),
    }


def address_hash(ip: str | None) -> str:
    """A keyed digest of the address: the table of known addresses holds no address."""
    key = f"tisserand.accounts.known-address:{settings.SECRET_KEY}".encode()
    return hmac.new(key, _address(ip).encode(), hashlib.sha256).hexdigest()


def delay_after(failures: int, r: Rule) -> dt.timedelta:
    """The wait imposed after ``failures`` failures (0 while free)."""
    if not r.delays or failures <= r.free:
        return dt.timedelta(0)
    return dt.timedelta(seconds=min(2 ** (failures - r.free - 1), MAX_DELAY_SECONDS))


@dataclass(frozen=True)
class Refusal:
    scope: str
    until: dt.datetime
    locked: bool  # refusal (limit reached) rather than a delay

    def message(self) -> str:
        if not self.locked:
            seconds = max(1, int((self.until - timezone.now()).total_seconds() + 0.999))
            return ngettext(
                "Trop d'essais : attendez %(seconds)d seconde avant de réessayer.",
                "Trop d'essais : attendez %(seconds)d secondes avant de réessayer.",
                seconds,
            ) % {"seconds": seconds}
        minutes = int(rule(self.scope).period.total_seconds() // 60)
        if self.scope == Scope.PAIR:
            text = _(
                "Trop d'essais : ce compte est bloqué pendant %(minutes)s minutes depuis cet "
                "appareil. Attendez puis réessayez, ou demandez à la direction de vérifier "
                "votre identifiant."
            )
        elif self.scope == Scope.ADDRESS:
            text = _(
                "Trop d'essais depuis cette adresse : la connexion est refusée pendant "
                "%(minutes)s minutes."
            )
        else:
            text = _(
                "Trop d'essais sur ce compte : la connexion depuis un nouvel appareil est "
                "refusée pendant %(minutes)s minutes. Depuis votre poste habituel, elle "
                "reste possible."
            )
        return text % {"minutes": minutes}


def _current(row: LoginThrottle | None, r: Rule, now) -> int:
    """The row's count, 0 once it has been quiet for the rule's period."""
    if row is None or row.last_at <= now - r.period:
        return 0
    return row.failures


def is_known_address(*, username: str, ip: str | None, now=None) -> bool:
    now = now or timezone.now()
    User = get_user_model()
    return KnownAddress.objects.filter(
        user__in=User._default_manager.filter(
            **{f"{User.USERNAME_FIELD}__iexact": (username or "").strip()}
        ),
        address_hash=address_hash(ip),
        last_success_at__gt=now - known_address_period(),
    ).exists()


def refusal(*, username: str, ip: str | None) -> Refusal | None:
    """Why this attempt is refused before checking anything, or None."""
    now = timezone.now()
    scopes = [Scope.PAIR]
    if not is_known_address(username=username, ip=ip, now=now):
        scopes += [Scope.ADDRESS, Scope.ACCOUNT]
    wanted = Q()
    for scope in scopes:
        wanted |= Q(**_key(scope, username, ip))
    by_scope = {
        row.scope: row
        for row in LoginThrottle.objects.filter(wanted, last_at__gt=now - RETENTION)
    }
    found = []
    for scope in scopes:
        r = rule(scope)
        row = by_scope.get(scope)
        failures = _current(row, r, now)
        if failures >= r.limit:
            until = row.last_at + r.period
            if until > now:
                found.append(Refusal(scope, until, locked=True))
                continue
        wait = delay_after(failures, r)
        if wait and row.last_at + wait > now:
            found.append(Refusal(scope, row.last_at + wait, locked=False))
    if not found:
        return None
    # A refusal first, then the longest wait.
    return max(found, key=lambda f: (f.locked, f.until))


def _bump(key: dict, r: Rule, now) -> int:
    """Add one failure to this key's row (created on first use); its new count."""
    row = LoginThrottle.objects.select_for_update().filter(**key).first()
    if row is None:
        try:
            with transaction.atomic():
                LoginThrottle.objects.create(**key, failures=1, first_at=now, last_at=now)
            return 1
        except IntegrityError:  # created meanwhile by a concurrent attempt
            row = LoginThrottle.objects.select_for_update().get(**key)
    if _current(row, r, now) == 0:
        row.failures, row.first_at = 0, now
    row.failures += 1
    row.last_at = now
    row.save(update_fields=["failures", "first_at", "last_at"])
    return row.failures


@transaction.atomic
def record_failure(*, username: str, ip: str | None) -> tuple[dict, Refusal | None]:
    """Count a failed attempt in its three scopes.

    Returns the new count of each scope and the refusal the next attempt would meet (None
    if it is allowed at once)."""
    now = timezone.now()
    purge(now=now)
    counts = {
        scope: _bump(_key(scope, username, ip), rule(scope), now)
        for scope in (Scope.PAIR, Scope.ADDRESS, Scope.ACCOUNT)
    }
    return counts, refusal(username=username, ip=ip)


@transaction.atomic
def record_success(*, user, ip: str | None) -> None:
    """The pair's count restarts, and the address becomes one of the user's usual ones.

    The address and account counts stay: a success does not reopen the door to a flood."""
    now = timezone.now()
    purge(now=now)
    LoginThrottle.objects.filter(**_key(Scope.PAIR, user.get_username(), ip)).delete()
    KnownAddress.objects.update_or_create(
        user=user, address_hash=address_hash(ip), defaults={"last_success_at": now}
    )


def purge(*, now=None) -> int:
    """Forget counters a day after their last failure and known addresses after their
    period. Called on every failed and every successful login."""
    now = now or timezone.now()
    deleted = LoginThrottle.objects.filter(last_at__lt=now - RETENTION).delete()[0]
    deleted += KnownAddress.objects.filter(
        last_success_at__lt=now - known_address_period()
    ).delete()[0]
    return deleted
