"""Login throttling (failures counted per address, per account and per pair), the
addresses each account logged in from, each user's second factor and its enrolment code."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LoginThrottle(models.Model):
    """Failed logins, counted and never listed one by one (``accounts.throttle``).

    One row per scope and key: an address (every account tried from it), an account
    (every address it was tried from) or the pair of both. Only the normalised username,
    the address, a count and two dates are kept (no password, no user agent, nothing typed
    in the password box); a row is forgotten once quiet for its period and purged a day
    after its last failure at the latest."""

    class Scope(models.TextChoices):
        ADDRESS = "address", _("adresse")
        ACCOUNT = "account", _("compte")
        PAIR = "pair", _("compte depuis une adresse")

    scope = models.CharField(_("portée"), max_length=10, choices=Scope.choices)
    username = models.CharField(_("identifiant"), max_length=150, blank=True)
    address = models.CharField(_("adresse IP"), max_length=45, blank=True)
    failures = models.PositiveIntegerField(_("échecs"), default=0)
    first_at = models.DateTimeField(_("premier échec"))
    last_at = models.DateTimeField(_("dernier échec"), db_index=True)

    class Meta:
        verbose_name = _("échecs de connexion (compteur)")
        verbose_name_plural = _("échecs de connexion (compteurs)")
        ordering = ["-last_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "username", "address"], name="one_login_throttle_per_key"
            )
        ]

    def __str__(self):
        return f"{self.get_scope_display()} {self.username} {self.address}".strip()


class KnownAddress(models.Model):
    """An address this user logged in from successfully (keyed hash, never the address).

    The per-account ceiling and the per-address limit do not apply to it: a flood from
    elsewhere cannot lock the user out of their usual place."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("utilisateur"),
    )
    address_hash = models.CharField(_("empreinte de l'adresse"), max_length=64)
    last_success_at = models.DateTimeField(_("dernière connexion réussie"), db_index=True)

    class Meta:
        verbose_name = _("adresse habituelle")
        verbose_name_plural = _("adresses habituelles")
        constraints = [
            models.UniqueConstraint(fields=["user", "address_hash"], name="one_known_address")
        ]

    def __str__(self):
        return str(self.user)


class TwoFactor(models.Model):
    """A TOTP key for one user. Only a confirmed key (``confirmed_at`` set) is asked at login."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="two_factor",
        verbose_name=_("utilisateur"),
    )
    secret = models.CharField(_("clé secrète (base32)"), max_length=64)
    confirmed_at = models.DateTimeField(_("activée le"), null=True, blank=True)
    last_used_step = models.BigIntegerField(
        _("dernier pas de temps utilisé"),
        default=0,
        help_text=_("Un code déjà utilisé ne peut pas servir une seconde fois."),
    )

    class Meta:
        verbose_name = _("double authentification")
        verbose_name_plural = _("doubles authentifications")

    def __str__(self):
        return str(self.user)

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class EnrolmentCode(models.Model):
    """The one-time code that lets a user register their phone as second factor.

    Given by the direction when it creates the account or resets its second factor (or by
    the ``twofactor_code`` command on the server): whoever knows the password alone cannot
    enrol their own phone. Stored as a SHA-256 digest, valid until ``expires_at``, deleted
    when used; one per user (a new code replaces the previous one)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("utilisateur"),
    )
    code_hash = models.CharField(_("empreinte du code"), max_length=64)
    created_at = models.DateTimeField(_("créé le"))
    expires_at = models.DateTimeField(_("valable jusqu'au"))

    class Meta:
        verbose_name = _("code d'activation de la double authentification")
        verbose_name_plural = _("codes d'activation de la double authentification")

    def __str__(self):
        return str(self.user)
