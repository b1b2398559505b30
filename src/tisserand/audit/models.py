"""The audit trail: who did what to which record, and when.

An entry never holds the value of a field: only the names of the fields that changed and
a non-personal label of the object ("Personne n° 42"). Entries are append-only: saving an
existing entry or deleting entries through the application raises an error.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

APPEND_ONLY = _("Le journal des accès ne peut être ni modifié ni effacé.")
REDACTABLE_FIELDS = frozenset({"actor_label", "object_label", "fields", "note"})


class AuditQuerySet(models.QuerySet):
    """Refuses bulk updates and deletes: the trail only grows."""

    def update(self, **kwargs):
        raise PermissionDenied(APPEND_ONLY)

    def delete(self):
        raise PermissionDenied(APPEND_ONLY)

    update.queryset_only = True
    delete.queryset_only = True

    def redact(self, pk, **values) -> int:
        """The one change the trail accepts: an anonymisation replaces, in the text of an
        entry, the identity of the person it erases (``tisserand.privacy.redaction``).
        Only text columns; the date, author, action and object stay."""
        unknown = set(values) - REDACTABLE_FIELDS
        if unknown:
            raise PermissionDenied(APPEND_ONLY)
        return models.QuerySet.update(self.filter(pk=pk), **values)


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("Création")
        UPDATE = "update", _("Modification")
        DELETE = "delete", _("Suppression")
        VIEW = "view", _("Consultation")
        EXPORT = "export", _("Export")
        ANONYMISE = "anonymise", _("Anonymisation")
        LOGIN = "login", _("Connexion")
        LOGIN_FAILED = "login_failed", _("Échec de connexion")
        LOGOUT = "logout", _("Déconnexion")
        PURGE = "purge", _("Purge (durée de conservation)")
        TWO_FACTOR_ON = "2fa_on", _("Double authentification activée")
        TWO_FACTOR_OFF = "2fa_off", _("Double authentification désactivée")

    when = models.DateTimeField(_("date"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("auteur"),
    )
    # Kept when the account is deleted; "système" for commands and automatic tasks.
    actor_label = models.CharField(_("auteur (libellé)"), max_length=150)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices, db_index=True)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("type d'objet"),
    )
    object_id = models.CharField(_("identifiant de l'objet"), max_length=64, blank=True)
    object_label = models.CharField(_("objet"), max_length=200, blank=True)
    fields = models.JSONField(_("champs concernés"), default=list, blank=True)
    note = models.CharField(_("remarque"), max_length=200, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-when", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="audit_object")]
        verbose_name = _("entrée du journal")
        verbose_name_plural = _("journal des accès")

    def __str__(self) -> str:
        return f"{self.when:%d/%m/%Y %H:%M} {self.actor_label} {self.action} {self.object_label}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionDenied(APPEND_ONLY)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied(APPEND_ONLY)

    @property
    def fields_display(self) -> str:
        """The changed fields by their French names where the model still knows them."""
        model = self.content_type.model_class() if self.content_type_id else None
        labels = []
        for name in self.fields or []:
            try:
                labels.append(str(model._meta.get_field(name).verbose_name))
            except (AttributeError, LookupError, FieldDoesNotExist):
                labels.append(name)
        return ", ".join(labels)

    @property
    def object_type_label(self) -> str:
        model = self.content_type.model_class() if self.content_type_id else None
        return str(model._meta.verbose_name).capitalize() if model else ""
