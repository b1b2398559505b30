"""Consents of a person and the record of anonymisations (RGPD).

A consent is never overwritten: each change is a new dated record, and the latest record of
a kind is the person's current choice. Anonymisation keeps the person row (its links are
what past reports count) and notes here that the identity was erased.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tisserand.people.models import Person


class Consent(models.Model):
    class Kind(models.TextChoices):
        PHOTOS = "photos", _("Droit à l'image (photos)")
        NEWSLETTER = "newsletter", _("Lettre d'information")
        PARTNERS = "partners", _("Partage avec les partenaires")
        # Reminders are sent unless the latest record of this kind says no (opt-out).
        REMINDERS = "reminders", _("Rappels de rendez-vous (SMS, courriel)")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="consents", verbose_name=_("personne")
    )
    kind = models.CharField(_("objet"), max_length=20, choices=Kind.choices)
    given = models.BooleanField(_("accordé"))
    recorded_on = models.DateField(_("date du recueil"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("recueilli par"),
    )
    created_at = models.DateTimeField(_("saisi le"), auto_now_add=True)

    class Meta:
        ordering = ["person", "kind", "-recorded_on", "-id"]
        indexes = [models.Index(fields=["person", "kind", "recorded_on"])]
        verbose_name = _("consentement")
        verbose_name_plural = _("consentements")

    def __str__(self) -> str:
        state = _("oui") if self.given else _("non")
        return f"{self.get_kind_display()} : {state} ({self.recorded_on:%d/%m/%Y})"

    def clean(self):
        if self.recorded_on and self.recorded_on > timezone.localdate():
            raise ValidationError(
                {"recorded_on": _("La date du recueil ne peut pas être dans le futur.")}
            )


class Anonymisation(models.Model):
    """The mark left on a person whose identity was erased (right to erasure or retention).

    Its number is the neutral number shown instead of the name ("Anonyme 12")."""

    class Reason(models.TextChoices):
        REQUEST = "request", _("Demande de la personne ou décision de la direction")
        RETENTION = "retention", _("Fin de la durée de conservation")

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="anonymisation",
        verbose_name=_("personne"),
    )
    anonymised_on = models.DateField(_("anonymisée le"))
    reason = models.CharField(_("motif"), max_length=20, choices=Reason.choices)

    class Meta:
        ordering = ["-anonymised_on", "-id"]
        verbose_name = _("anonymisation")
        verbose_name_plural = _("anonymisations")

    def __str__(self) -> str:
        return f"{self.person_id} ({self.anonymised_on:%d/%m/%Y})"
