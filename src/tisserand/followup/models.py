"""Individual follow-up (*accompagnement individuel*): a confidential file per person (or per
household), its contacts, its referrals to partners.

Only the follow-up role (médiation / CESF) and the direction open these files: the
permission matrix declares it (``core/permissions.py``, ``FOLLOW_UP``) and every opening is
written to the audit trail. The report reads only aggregates of them.

``last_contact_on`` is kept by the services (the latest contact's date, else the opening
date): the retention rule erases a file's notes some years after it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tisserand.activities.models import Action
from tisserand.core.models import Contributor, Partner
from tisserand.core.versioning import Versioned
from tisserand.people.models import Person


class Theme(models.Model):
    """What a contact was about (accès aux droits, numérique, logement...): configurable."""

    name = models.CharField(_("intitulé"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    is_active = models.BooleanField(_("proposé à la saisie"), default=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("thème d'accompagnement")
        verbose_name_plural = _("thèmes d'accompagnement")

    def __str__(self) -> str:
        return self.name


class FollowUpFile(Versioned):
    class Status(models.TextChoices):
        OPEN = "open", _("En cours")
        CLOSED = "closed", _("Clos")

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="follow_up_files",
        verbose_name=_("personne"),
    )
    whole_household = models.BooleanField(
        _("suivi du foyer"), default=False,
        help_text=_("L'accompagnement concerne tout le foyer de la personne."),
    )
    action = models.ForeignKey(
        Action, on_delete=models.PROTECT, null=True, blank=True, related_name="follow_up_files",
        verbose_name=_("action du rapport"),
    )
    referent = models.ForeignKey(
        Contributor, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("référent"),
    )
    status = models.CharField(_("état"), max_length=10, choices=Status.choices,
                              default=Status.OPEN)
    opened_on = models.DateField(_("ouvert le"))
    closed_on = models.DateField(_("clos le"), null=True, blank=True)
    notes = models.TextField(_("notes confidentielles"), blank=True)
    last_contact_on = models.DateField(_("dernier contact"), db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("ouvert par"),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    # Set when retention erased the notes (dates and kinds stay, for the figures).
    notes_erased_on = models.DateField(_("notes effacées le"), null=True, blank=True)

    class Meta:
        ordering = ["-last_contact_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "action"], condition=Q(status="open"),
                name="one_open_follow_up_per_person_and_action",
            ),
            models.CheckConstraint(
                condition=Q(status="open") | Q(closed_on__isnull=False),
                name="closed_follow_up_has_date",
            ),
        ]
        verbose_name = _("dossier d'accompagnement")
        verbose_name_plural = _("dossiers d'accompagnement")

    def __str__(self) -> str:
        return _("Dossier n° %(number)s") % {"number": self.pk}

    def clean(self):
        today = timezone.localdate()
        if self.opened_on and self.opened_on > today:
            raise ValidationError({"opened_on": _("La date d'ouverture est dans le futur.")})
        if self.closed_on and self.opened_on and self.closed_on < self.opened_on:
            raise ValidationError(
                {"closed_on": _("La date de clôture précède la date d'ouverture.")}
            )
        if self.status == self.Status.CLOSED and not self.closed_on:
            raise ValidationError({"closed_on": _("Indiquez la date de clôture.")})

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Contact(models.Model):
    class Mode(models.TextChoices):
        CENTRE = "centre", _("Au centre")
        PHONE = "phone", _("Par téléphone")
        HOME = "home", _("Visite à domicile")
        OUTREACH = "outreach", _("Dans le quartier (aller vers)")

    file = models.ForeignKey(
        FollowUpFile, on_delete=models.CASCADE, related_name="contacts",
        verbose_name=_("dossier"),
    )
    date = models.DateField(_("date"), db_index=True)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices)
    minutes = models.PositiveSmallIntegerField(_("durée (minutes)"), null=True, blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="contacts",
                                    verbose_name=_("thèmes"))
    note = models.TextField(_("note confidentielle"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("saisi par"),
    )
    created_at = models.DateTimeField(_("saisi le"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} – {self.get_mode_display()}"

    def clean(self):
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": _("La date du contact est dans le futur.")})
        if self.date and self.file_id and self.date < self.file.opened_on:
            raise ValidationError(
                {"date": _("La date du contact précède l'ouverture du dossier.")}
            )


class Referral(models.Model):
    """An orientation of the person towards a partner, and what came of it."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("En attente")
        DONE = "done", _("Aboutie")
        NOT_DONE = "not_done", _("Sans suite")

    file = models.ForeignKey(
        FollowUpFile, on_delete=models.CASCADE, related_name="referrals",
        verbose_name=_("dossier"),
    )
    date = models.DateField(_("date"))
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("partenaire")
    )
    reason = models.CharField(_("motif"), max_length=300)
    outcome = models.CharField(_("suite"), max_length=10, choices=Outcome.choices,
                               default=Outcome.PENDING)
    outcome_note = models.CharField(_("précisions sur la suite"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("saisi par"),
    )

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("orientation vers un partenaire")
        verbose_name_plural = _("orientations vers des partenaires")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} – {self.partner}"

    def clean(self):
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": _("La date de l'orientation est dans le futur.")})
