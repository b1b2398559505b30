"""Failed logins (for the lockout) and each user's second factor."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LoginFailure(models.Model):
    """One failed login attempt. Only the normalised username, the address and the time are
    kept (no password, no user agent); rows are purged after a day."""

    username = models.CharField(_("identifiant"), max_length=150)
    ip = models.GenericIPAddressField(_("adresse IP"), null=True, blank=True)
    at = models.DateTimeField(_("date"), db_index=True)

    class Meta:
        verbose_name = _("échec de connexion")
        verbose_name_plural = _("échecs de connexion")
        ordering = ["-at"]
        indexes = [models.Index(fields=["username", "at"], name="accounts_failure_user_at")]

    def __str__(self):
        return f"{self.username} {self.at:%Y-%m-%d %H:%M}"


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
