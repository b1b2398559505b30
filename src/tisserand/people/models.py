"""Inhabitants (persons), their households, family quotients, memberships and schooling;
their consents and the mark left by an anonymisation (RGPD: the processes that use them
live in ``tisserand.privacy``)."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tisserand.core.calendar import age_on
from tisserand.core.limits import LimitedTextField
from tisserand.core.models import Partner
from tisserand.core.phones import normalised_phone, validate_phone
from tisserand.core.text import search_key
from tisserand.core.versioning import Versioned

# Birth dates and years before this are typing mistakes (1800 for 1980).
FIRST_BIRTH_DATE = dt.date(1900, 1, 1)


class PriorityArea(models.TextChoices):
    YES = "yes", _("Oui")
    NO = "no", _("Non")
    UNKNOWN = "unknown", _("Inconnu")


class Household(Versioned):
    class Composition(models.TextChoices):
        COUPLE_WITH_CHILDREN = "couple_children", _("Couple avec enfant(s)")
        SINGLE_PARENT = "single_parent", _("Famille monoparentale")
        COUPLE = "couple", _("Couple sans enfant")
        ALONE = "alone", _("Personne seule")
        OTHER = "other", _("Autre")

    name = models.CharField(_("nom du foyer"), max_length=200)
    composition = models.CharField(
        _("composition"), max_length=20, choices=Composition.choices, blank=True
    )
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    postcode = models.CharField(_("code postal"), max_length=10, blank=True)
    city = models.CharField(_("ville"), max_length=100, blank=True)
    neighbourhood = models.CharField(_("quartier"), max_length=200, blank=True)
    phone = models.CharField(
        _("téléphone"), max_length=30, blank=True, validators=[validate_phone]
    )
    # E.164 ("+33612345678"), whatever the way the number was typed: what the search reads.
    phone_normalised = models.CharField(
        max_length=30, editable=False, db_index=True, default=""
    )
    search_name = models.CharField(max_length=200, editable=False, db_index=True, default="")
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("foyer")
        verbose_name_plural = _("foyers")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_name = search_key(self.name)
        self.phone_normalised = normalised_phone(self.phone)
        super().save(*args, **kwargs)


class Person(Versioned):
    class Sex(models.TextChoices):
        FEMALE = "F", _("Femme")
        MALE = "M", _("Homme")
        UNSPECIFIED = "", _("Non précisé")

    class HouseholdRole(models.TextChoices):
        PARENT = "parent", _("Parent")
        CHILD = "child", _("Enfant")
        OTHER = "other", _("Autre membre")

    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    sex = models.CharField(_("sexe"), max_length=1, choices=Sex.choices, blank=True)
    birth_date = models.DateField(_("date de naissance"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("année de naissance"), null=True, blank=True,
        help_text=_("À défaut de la date exacte."),
    )
    household = models.ForeignKey(
        Household, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="members", verbose_name=_("foyer"),
    )
    household_role = models.CharField(
        _("rôle dans le foyer"), max_length=10, choices=HouseholdRole.choices, blank=True
    )
    phone = models.CharField(
        _("téléphone"), max_length=30, blank=True, validators=[validate_phone]
    )
    phone_normalised = models.CharField(
        max_length=30, editable=False, db_index=True, default=""
    )
    email = models.EmailField(_("courriel"), blank=True)
    priority_area = models.CharField(
        _("habite en QPV"), max_length=10, choices=PriorityArea.choices,
        default=PriorityArea.UNKNOWN,
        help_text=_("Quartier prioritaire de la politique de la ville."),
    )
    notes = LimitedTextField(_("remarques"), blank=True)
    # Lower-case, accent-free "last first" so that search ignores accents on every database.
    search_name = models.CharField(max_length=220, editable=False, db_index=True, default="")
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("personne")
        verbose_name_plural = _("personnes")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def save(self, *args, **kwargs):
        self.search_name = search_key(f"{self.last_name} {self.first_name}")
        self.phone_normalised = normalised_phone(self.phone)
        super().save(*args, **kwargs)

    def clean(self):
        today = timezone.localdate()
        if self.birth_date and self.birth_date < FIRST_BIRTH_DATE:
            raise ValidationError(
                {"birth_date": _("La date de naissance doit être postérieure au 01/01/1900.")}
            )
        if self.birth_year is not None and self.birth_year < FIRST_BIRTH_DATE.year:
            raise ValidationError(
                {"birth_year": _("L'année de naissance doit être 1900 ou après.")}
            )
        if self.birth_date and self.birth_date > today:
            raise ValidationError(
                {"birth_date": _("La date de naissance ne peut pas être dans le futur.")}
            )
        if self.birth_year and self.birth_year > today.year:
            raise ValidationError(
                {"birth_year": _("L'année de naissance ne peut pas être dans le futur.")}
            )
        if self.birth_date and self.birth_year and self.birth_date.year != self.birth_year:
            raise ValidationError(
                {"birth_year": _("L'année de naissance ne correspond pas à la date de naissance.")}
            )

    @property
    def effective_birth_year(self) -> int | None:
        return self.birth_date.year if self.birth_date else self.birth_year

    def age_on(self, day: dt.date) -> int | None:
        """Age in whole years on ``day``: exact from the birth date (a person born on 29
        February has a birthday on 1 March in other years), else from the birth year
        alone; ``None`` when neither is known."""
        if self.birth_date:
            return age_on(self.birth_date, day)
        if self.birth_year:
            return day.year - self.birth_year
        return None

    @property
    def age_is_exact(self) -> bool:
        return self.birth_date is not None


class FamilyQuotient(models.Model):
    """The CAF family quotient of a household over a validity period (tariffs depend on it)."""

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="quotients", verbose_name=_("foyer")
    )
    amount = models.PositiveIntegerField(_("quotient familial (€)"))
    valid_from = models.DateField(_("valable du"))
    valid_to = models.DateField(_("au"))

    class Meta:
        ordering = ["household_id", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__lte=F("valid_to")), name="quotient_valid_from_before_to"
            ),
        ]
        verbose_name = _("quotient familial")
        verbose_name_plural = _("quotients familiaux")

    def __str__(self) -> str:
        return f"{self.amount} € ({self.valid_from:%d/%m/%Y} – {self.valid_to:%d/%m/%Y})"

    def clean(self):
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError(
                {"valid_to": _("La fin de validité précède le début de validité.")}
            )
        if self.household_id and self.valid_from and self.valid_to:
            overlapping = FamilyQuotient.objects.filter(
                household_id=self.household_id,
                valid_from__lte=self.valid_to,
                valid_to__gte=self.valid_from,
            ).exclude(pk=self.pk)
            if overlapping.exists():
                raise ValidationError(
                    _(
                        "Ce foyer a déjà un quotient familial sur une partie de ces dates : "
                        "les périodes de validité ne peuvent pas se chevaucher."
                    )
                )


class Membership(models.Model):
    """A household's *adhésion* for a season (September to August)."""

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("foyer")
    )
    season = models.PositiveSmallIntegerField(
        _("saison"), help_text=_("Année de début : 2019 pour la saison 2019-2020.")
    )
    paid_on = models.DateField(_("date d'adhésion"))
    amount = models.DecimalField(_("montant (€)"), max_digits=7, decimal_places=2, default=0)

    class Meta:
        ordering = ["-season"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "season"], name="one_membership_per_season"
            )
        ]
        verbose_name = _("adhésion")
        verbose_name_plural = _("adhésions")

    def __str__(self) -> str:
        return f"{self.household} {self.season}-{self.season + 1}"


class SchoolLevel(models.TextChoices):
    PS = "PS", _("Petite section")
    MS = "MS", _("Moyenne section")
    GS = "GS", _("Grande section")
    CP = "CP", "CP"
    CE1 = "CE1", "CE1"
    CE2 = "CE2", "CE2"
    CM1 = "CM1", "CM1"
    CM2 = "CM2", "CM2"
    SIXIEME = "6e", _("6e")
    CINQUIEME = "5e", _("5e")
    QUATRIEME = "4e", _("4e")
    TROISIEME = "3e", _("3e")
    LYCEE = "lycee", _("Lycée")


class SchoolEnrollment(models.Model):
    """Where a child goes to school and in which class, for one school year.

    Levels change every September, so the CLAS figures of the spring and of the autumn of
    one calendar year read two different enrolments.
    """

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="enrollments", verbose_name=_("enfant")
    )
    school_year = models.PositiveSmallIntegerField(
        _("année scolaire"), help_text=_("Année de la rentrée : 2019 pour 2019-2020.")
    )
    school = models.ForeignKey(
        Partner, on_delete=models.PROTECT, null=True, blank=True, related_name="pupils",
        limit_choices_to={"kind": Partner.Kind.SCHOOL}, verbose_name=_("école"),
    )
    level = models.CharField(_("classe"), max_length=6, choices=SchoolLevel.choices, blank=True)

    class Meta:
        ordering = ["person_id", "-school_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "school_year"], name="one_enrollment_per_school_year"
            )
        ]
        verbose_name = _("scolarité")
        verbose_name_plural = _("scolarités")

    def __str__(self) -> str:
        return f"{self.person} {self.school_year}-{self.school_year + 1} {self.level}"


# --- RGPD -----------------------------------------------------------------------------


class Consent(models.Model):
    """A person's choice for one kind of consent, as given on a date.

    A consent is never overwritten: each change is a new dated record, and the latest
    record of a kind is the person's current choice."""

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
        ordering = ["person_id", "kind", "-recorded_on", "-id"]
        indexes = [models.Index(fields=["person", "kind", "recorded_on"],
                                name="people_consent_latest_idx")]
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
    """The mark left on a person whose identity was erased (right to erasure or retention):
    the person row stays for the figures, the apps refuse to complete it.

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
