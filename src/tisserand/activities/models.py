"""The programme (actions and their ateliers), sessions, attendance and headcounts."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tisserand.core.limits import LimitedTextField
from tisserand.core.models import (
    CancellationReason,
    Contributor,
    Orientation,
    Partner,
    Place,
    Sector,
)
from tisserand.core.periods import Period, calendar_year, season
from tisserand.core.versioning import Versioned
from tisserand.people.models import Person

# The oldest age an atelier's public may be given, and the most places it may have (the
# screens refuse more: a typing slip, not a real atelier).
MAX_AGE = 120
MAX_CAPACITY = 1000


def _check_dates(errors: dict, start, end) -> None:
    if start and end and end < start:
        errors["end_date"] = _("La date de fin précède la date de début.")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("lundi")
    TUESDAY = 1, _("mardi")
    WEDNESDAY = 2, _("mercredi")
    THURSDAY = 3, _("jeudi")
    FRIDAY = 4, _("vendredi")
    SATURDAY = 5, _("samedi")
    SUNDAY = 6, _("dimanche")


class FundingScheme(models.Model):
    """A funding scheme an action belongs to (CLAS, REAAP, LALP, ACM, ARS...)."""

    code = models.CharField(_("sigle"), max_length=20, unique=True)
    name = models.CharField(_("intitulé"), max_length=200)

    class Meta:
        ordering = ["code"]
        verbose_name = _("dispositif")
        verbose_name_plural = _("dispositifs")

    def __str__(self) -> str:
        return self.code


class Action(Versioned):
    """An action of the activity report (*fiche action*), in one or more sectors."""

    class Kind(models.TextChoices):
        GENERAL = "general", _("Action générale")
        PARENT_CHILD = "parent_child", _("Parents et enfants (parentalité)")
        SCHOOL = "school", _("Accompagnement à la scolarité")
        YOUTH = "youth", _("Jeunesse")
        ADULTS = "adults", _("Adultes et seniors")
        EVENT = "event", _("Événement, temps fort")
        DESK = "desk", _("Permanence ou accompagnement individuel")

    class ReportPeriod(models.TextChoices):
        YEAR = "year", _("Année civile")
        SEASON = "season", _("Saison (septembre à août)")

    name = models.CharField(_("intitulé"), max_length=200, unique=True)
    sectors = models.ManyToManyField(Sector, related_name="actions", verbose_name=_("secteurs"))
    main_sector = models.ForeignKey(
        Sector, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("secteur principal"),
        help_text=_(
            "Pour une action transversale : le secteur où le rapport la présente "
            "(les autres secteurs la mentionnent)."
        ),
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    summary = LimitedTextField(_("présentation"), blank=True)
    orientations = models.ManyToManyField(
        Orientation, blank=True, related_name="actions", verbose_name=_("orientations")
    )
    funding_schemes = models.ManyToManyField(
        FundingScheme, blank=True, related_name="actions", verbose_name=_("dispositifs")
    )
    referents = models.ManyToManyField(
        Contributor, blank=True, related_name="referent_of", verbose_name=_("référents")
    )
    partners = models.ManyToManyField(
        Partner, through="ActionPartner", blank=True, related_name="actions",
        verbose_name=_("partenaires"),
    )
    start_date = models.DateField(_("début"), null=True, blank=True)
    end_date = models.DateField(_("fin"), null=True, blank=True)
    kind = models.CharField(
        _("type d'action"), max_length=20, choices=Kind.choices, default=Kind.GENERAL,
        help_text=_("Donne les chiffres présentés par défaut dans le rapport."),
    )
    figures = models.JSONField(
        _("chiffres présentés"), default=list, blank=True,
        help_text=_("Vide : ceux du type d'action."),
    )
    report_period = models.CharField(
        _("période du bilan"), max_length=10, choices=ReportPeriod.choices,
        default=ReportPeriod.YEAR,
        help_text=_(
            "Une action menée par saison (danse, de septembre à juin) se présente sur sa "
            "saison, même dans le rapport d'une année civile ; sa fiche bilan aussi."
        ),
    )
    records_start = models.DateField(
        _("données complètes depuis le"), null=True, blank=True,
        help_text=_(
            "Avant cette date, les séances et les présences de l'action n'ont pas toutes été "
            "saisies : le rapport ne compare pas avec une période antérieure. Vide : la date "
            "du centre."
        ),
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        from tisserand.activities.figure_sets import unknown_figures

        errors = {}
        if not isinstance(self.figures, list) or unknown_figures(self.figures):
            errors["figures"] = _("Chiffre inconnu dans la liste choisie.")
        _check_dates(errors, self.start_date, self.end_date)
        if errors:
            raise ValidationError(errors)

    def period_of_year(self, year: int) -> Period:
        """What the action's sheet and figures of ``year`` are about: the calendar year, or
        the season ending in it for an action reported by season."""
        if self.report_period == self.ReportPeriod.SEASON:
            return season(year - 1)
        return calendar_year(year)

    def sectors_in_report_order(self) -> list[Sector]:
        """The action's sectors, the one whose part of the report tells it first: the main
        sector when it is one of them, else the first in the sectors' order. Reads the
        prefetched ``sectors``."""
        sectors = sorted(self.sectors.all(), key=lambda s: (s.position, s.name))
        main = [s for s in sectors if s.pk == self.main_sector_id]
        return main + [s for s in sectors if s.pk != self.main_sector_id]


class ActionPartner(models.Model):
    class Role(models.TextChoices):
        OPERATIONAL = "operational", _("Partenaire opérationnel")
        REFERRER = "referrer", _("Oriente le public")
        FUNDER = "funder", _("Financeur")
        FACILITATION = "facilitation", _("Anime ou intervient")
        DONOR = "donor", _("Don, mise à disposition")

    action = models.ForeignKey(Action, on_delete=models.CASCADE, verbose_name=_("action"))
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, verbose_name=_("partenaire"))
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    description = models.CharField(_("précisions"), max_length=300, blank=True)
    start_date = models.DateField(_("depuis"), null=True, blank=True)
    end_date = models.DateField(_("jusqu'au"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["action", "partner", "role"], name="unique_action_partner_role"
            )
        ]
        verbose_name = _("partenariat")
        verbose_name_plural = _("partenariats")

    def __str__(self) -> str:
        return f"{self.partner} – {self.get_role_display()}"


class Activity(Versioned):
    """An atelier of an action, with its public, its place and its weekly rhythm."""

    action = models.ForeignKey(
        Action, on_delete=models.PROTECT, related_name="activities", verbose_name=_("action")
    )
    name = models.CharField(_("intitulé"), max_length=200)
    description = LimitedTextField(_("description"), blank=True)
    min_age = models.PositiveSmallIntegerField(_("âge minimum"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("âge maximum"), null=True, blank=True)
    default_place = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("lieu habituel"),
    )
    capacity = models.PositiveSmallIntegerField(_("places"), null=True, blank=True)
    contributors = models.ManyToManyField(
        Contributor, blank=True, related_name="activities",
        verbose_name=_("salariés, bénévoles et intervenants"),
    )
    start_date = models.DateField(_("début"), null=True, blank=True)
    end_date = models.DateField(_("fin"), null=True, blank=True)

    class Meta:
        ordering = ["action_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["action", "name"], name="unique_activity_name"),
            models.CheckConstraint(
                condition=Q(min_age__isnull=True)
                | Q(max_age__isnull=True)
                | Q(min_age__lte=F("max_age")),
                name="activity_age_range",
            ),
        ]
        verbose_name = _("atelier")
        verbose_name_plural = _("ateliers")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        # French messages before the database's age-range rule (its own message is not).
        errors = {}
        for name in ("min_age", "max_age"):
            age = getattr(self, name)
            if age is not None and age > MAX_AGE:
                errors[name] = _("Indiquez un âge de 0 à %(max)d ans.") % {"max": MAX_AGE}
        if not errors and None not in (self.min_age, self.max_age) and \
                self.min_age > self.max_age:
            errors["max_age"] = _("L'âge maximum doit être au moins égal à l'âge minimum.")
        if self.capacity is not None and not 1 <= self.capacity <= MAX_CAPACITY:
            errors["capacity"] = _("Indiquez de 1 à %(max)d places, ou laissez vide.") % {
                "max": MAX_CAPACITY}
        _check_dates(errors, self.start_date, self.end_date)
        if errors:
            raise ValidationError(errors)


class WeeklySlot(models.Model):
    """One weekly time slot of an activity ("jeudi de 17 h 00 à 18 h 00")."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="slots", verbose_name=_("atelier")
    )
    weekday = models.PositiveSmallIntegerField(_("jour"), choices=Weekday.choices)
    start_time = models.TimeField(_("début"))
    end_time = models.TimeField(_("fin"))
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("lieu"), help_text=_("Laisser vide pour le lieu habituel de l'atelier."),
    )

    class Meta:
        ordering = ["activity_id", "weekday", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_time__lt=F("end_time")), name="slot_ends_after_start"
            )
        ]
        verbose_name = _("créneau hebdomadaire")
        verbose_name_plural = _("créneaux hebdomadaires")

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start_time:%H:%M}-{self.end_time:%H:%M}"

    def clean(self):
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError(
                {"end_time": _("Le créneau doit se terminer après son heure de début.")}
            )


class Session(models.Model):
    """One séance of an activity."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Prévue")
        HELD = "held", _("Réalisée")
        CANCELLED = "cancelled", _("Annulée")

    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("atelier")
    )
    date = models.DateField(_("date"), db_index=True)
    start_time = models.TimeField(_("début"))
    end_time = models.TimeField(_("fin"))
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="sessions",
        verbose_name=_("lieu"),
    )
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    cancellation_reason = models.ForeignKey(
        CancellationReason, on_delete=models.PROTECT, null=True, blank=True,
        related_name="sessions", verbose_name=_("motif d'annulation"),
    )
    journal = LimitedTextField(_("journal de séance"), blank=True)
    # The journal's own version (core.versioning): two people writing it at once lose
    # nothing, while the rest of the session (status, attendance) changes freely.
    journal_version = models.PositiveIntegerField(default=1, editable=False)
    facilitators = models.ManyToManyField(
        Contributor, through="SessionContributor", blank=True, related_name="sessions",
        verbose_name=_("encadrement présent"),
    )

    class Meta:
        ordering = ["date", "start_time", "id"]
        indexes = [models.Index(fields=["activity", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_time__lt=F("end_time")), name="session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | Q(cancellation_reason__isnull=False),
                name="cancelled_session_has_reason",
            ),
        ]
        verbose_name = _("séance")
        verbose_name_plural = _("séances")

    def __str__(self) -> str:
        return f"{self.activity} – {self.date:%d/%m/%Y}"

    def clean(self):
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError(
                {"end_time": _("La séance doit se terminer après son heure de début.")}
            )
        if self.status == self.Status.CANCELLED and not self.cancellation_reason_id:
            raise ValidationError(
                {"cancellation_reason": _("Indiquez le motif de l'annulation.")}
            )
        if self.status != self.Status.CANCELLED:
            self.cancellation_reason = None

    @property
    def is_outreach(self) -> bool:
        return bool(self.place and self.place.is_outreach)

    @property
    def duration(self) -> dt.timedelta:
        start = dt.datetime.combine(self.date, self.start_time)
        return dt.datetime.combine(self.date, self.end_time) - start

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class SessionContributor(models.Model):
    """A staff member, volunteer or facilitator present at a session (volunteer hours)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="presences")
    contributor = models.ForeignKey(Contributor, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "contributor"], name="unique_session_contributor"
            )
        ]
        verbose_name = _("présence d'un intervenant")
        verbose_name_plural = _("présences des intervenants")

    def __str__(self) -> str:
        return f"{self.contributor} @ {self.session}"


class Attendance(models.Model):
    """A person present at a session (a *passage*)."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("séance")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("personne")
    )
    recorded_at = models.DateTimeField(_("pointé le"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("pointé par"),
    )
    # The person was created at this session ("nouveau venu"): taking back this mark may
    # take back the person too, when nothing else was recorded about them.
    person_created_here = models.BooleanField(_("fiche créée à cette séance"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="one_attendance_per_person")
        ]
        indexes = [models.Index(fields=["person", "session"])]
        verbose_name = _("présence")
        verbose_name_plural = _("présences")

    def __str__(self) -> str:
        return f"{self.person} @ {self.session}"

    def clean(self):
        if self.session_id and self.session.is_cancelled:
            raise ValidationError(
                _("Cette séance est annulée : on ne peut pas y pointer de présence.")
            )


class Headcount(models.Model):
    """Anonymous count of people at an open event where no names are taken."""

    class Category(models.TextChoices):
        CHILDREN = "children", _("Enfants (0-10 ans)")
        YOUTH = "youth", _("Jeunes (11-17 ans)")
        ADULTS = "adults", _("Adultes")
        SENIORS = "seniors", _("Seniors (60 ans et plus)")
        EVERYONE = "everyone", _("Tout public (non détaillé)")

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="headcounts", verbose_name=_("séance")
    )
    category = models.CharField(_("catégorie"), max_length=10, choices=Category.choices)
    count = models.PositiveIntegerField(_("nombre"))

    class Meta:
        ordering = ["session_id", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "category"], name="one_headcount_per_category"
            )
        ]
        verbose_name = _("comptage anonyme")
        verbose_name_plural = _("comptages anonymes")

    def __str__(self) -> str:
        return f"{self.get_category_display()} : {self.count}"


class Enrolment(models.Model):
    """A person registered for an atelier over one season (*inscription*), or waiting for a
    place when the atelier is full (``Activity.capacity``)."""

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Inscrit·e")
        WAITING = "waiting", _("Liste d'attente")
        WITHDRAWN = "withdrawn", _("Désinscrit·e")

    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("atelier")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("personne")
    )
    season = models.PositiveSmallIntegerField(
        _("saison"), help_text=_("Année où commence la saison (septembre à août).")
    )
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.ENROLLED
    )
    enrolled_on = models.DateField(_("inscrit·e le"))
    # Order on the waiting list (smallest first); empty when not waiting.
    waiting_position = models.PositiveIntegerField(_("rang d'attente"), null=True, blank=True)
    withdrawn_on = models.DateField(_("désinscrit·e le"), null=True, blank=True)

    class Meta:
        ordering = ["activity_id", "season", "enrolled_on", "id"]
        indexes = [models.Index(fields=["activity", "season", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "person", "season"],
                condition=~Q(status="withdrawn"),
                name="one_live_enrolment",
            ),
            models.CheckConstraint(
                condition=Q(status="waiting", waiting_position__isnull=False)
                | (~Q(status="waiting") & Q(waiting_position__isnull=True)),
                name="waiting_position_when_waiting",
            ),
        ]
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")

    def __str__(self) -> str:
        return f"{self.person} – {self.activity} ({self.season}-{self.season + 1})"

    @property
    def season_period(self) -> Period:
        return season(self.season)

    def preferred_on_merge(self, other: "Enrolment") -> "Enrolment":
        """Of two live enrolments of one person (two records merged, ``people.merging``),
        the one to keep: a place before a waiting rank, then the earlier or better ranked."""
        def rank(enrolment):
            waiting = enrolment.status == self.Status.WAITING
            return (waiting, enrolment.waiting_position or 0, enrolment.enrolled_on, enrolment.pk)
        return min(self, other, key=rank)
