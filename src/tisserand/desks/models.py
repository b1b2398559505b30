"""Appointment desks (*permanences*): their weekly slots, closures, desk sessions,
appointments and walk-ins, the kinds of request and the reminders sent the day before.

A desk session (one opening of the desk on one day) is generated from the weekly slots, like
the sessions of an atelier; a closure over a date range closes the sessions it covers and
cancels their appointments ("annulé par le centre"). An interview is an honoured appointment
or a walk-in (``walk_in``: received without a booking). Whether an interview is the person's
first visit to the desk is computed from their history (``selectors``), never typed.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tisserand.activities.models import Action, Weekday
from tisserand.core.models import CancellationReason, Contributor, Place
from tisserand.people.models import Person

MIN_APPOINTMENT_MINUTES = 5


def check_appointment_length(minutes: int | None) -> None:
    if minutes is not None and minutes < MIN_APPOINTMENT_MINUTES:
        raise ValidationError({"appointment_minutes": _(
            "Un rendez-vous dure au moins %(minutes)d minutes."
        ) % {"minutes": MIN_APPOINTMENT_MINUTES}})


class RequestKind(models.Model):
    """A kind of request received at a desk (configurable; the default list is the report's)."""

    class Group(models.TextChoices):
        LETTER = "letter", _("Courriers")
        FORM = "form", _("Imprimés")
        PHONE = "phone", _("Démarches téléphoniques")
        EXPLANATION = "explanation", _("Explication de courriers reçus")
        ONLINE = "online", _("Démarches en ligne")
        OTHER = "other", _("Autres demandes")

    group = models.CharField(_("famille"), max_length=20, choices=Group.choices)
    name = models.CharField(_("intitulé"), max_length=200)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    is_active = models.BooleanField(_("proposé à la saisie"), default=True)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "name"], name="unique_request_kind")
        ]
        verbose_name = _("type de demande")
        verbose_name_plural = _("types de demande")

    def __str__(self) -> str:
        return f"{self.get_group_display()} – {self.name}"


class Desk(models.Model):
    """A permanence on appointment (écrivains publics, aide aux démarches en ligne...)."""

    name = models.CharField(_("nom"), max_length=200, unique=True)
    action = models.ForeignKey(
        Action, on_delete=models.PROTECT, null=True, blank=True, related_name="desks",
        verbose_name=_("action du rapport"),
        help_text=_("Les chiffres de la permanence figurent dans la partie de cette action."),
    )
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("lieu"),
    )
    description = models.TextField(_("présentation"), blank=True)
    on_duty = models.ManyToManyField(
        Contributor, blank=True, related_name="desks",
        verbose_name=_("salariés et bénévoles de permanence"),
    )
    parallel_appointments = models.PositiveSmallIntegerField(
        _("rendez-vous en même temps"), default=1,
        help_text=_("1 quand l'équipe reçoit ensemble une personne à la fois."),
    )
    closed_during_school_holidays = models.BooleanField(
        _("fermée pendant les vacances scolaires"), default=False
    )
    sends_reminders = models.BooleanField(_("rappel la veille du rendez-vous"), default=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("permanence")
        verbose_name_plural = _("permanences")

    def __str__(self) -> str:
        return self.name


class DeskSlot(models.Model):
    """A weekly opening of a desk, cut into appointments of a fixed length."""

    desk = models.ForeignKey(
        Desk, on_delete=models.CASCADE, related_name="slots", verbose_name=_("permanence")
    )
    weekday = models.PositiveSmallIntegerField(_("jour"), choices=Weekday.choices)
    start_time = models.TimeField(_("début"))
    end_time = models.TimeField(_("fin"))
    appointment_minutes = models.PositiveSmallIntegerField(
        _("durée d'un rendez-vous (minutes)"), default=30
    )

    class Meta:
        ordering = ["desk_id", "weekday", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_time__lt=F("end_time")), name="desk_slot_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(appointment_minutes__gte=MIN_APPOINTMENT_MINUTES),
                name="desk_slot_appointment_length",
            ),
        ]
        verbose_name = _("créneau de permanence")
        verbose_name_plural = _("créneaux de permanence")

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start_time:%H:%M}-{self.end_time:%H:%M}"

    def clean(self):
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError(
                {"end_time": _("Le créneau doit se terminer après son heure de début.")}
            )
        check_appointment_length(self.appointment_minutes)


class DeskClosure(models.Model):
    """The desk is closed from one date to another (lockdown, summer, volunteers away)."""

    desk = models.ForeignKey(
        Desk, on_delete=models.CASCADE, related_name="closures", verbose_name=_("permanence")
    )
    start_date = models.DateField(_("du"))
    end_date = models.DateField(_("au"))
    reason = models.ForeignKey(
        CancellationReason, on_delete=models.PROTECT, related_name="+", verbose_name=_("motif")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("saisie par"),
    )
    created_at = models.DateTimeField(_("saisie le"), auto_now_add=True)

    class Meta:
        ordering = ["desk_id", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__lte=F("end_date")), name="desk_closure_dates"
            )
        ]
        verbose_name = _("fermeture de permanence")
        verbose_name_plural = _("fermetures de permanence")

    def __str__(self) -> str:
        return f"{self.desk} : {self.start_date:%d/%m/%Y} – {self.end_date:%d/%m/%Y}"

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("La fin de la fermeture précède son début.")})


class DeskSession(models.Model):
    """One opening of a desk on one day. Held when open and its date has come."""

    class Status(models.TextChoices):
        OPEN = "open", _("Ouverte")
        CLOSED = "closed", _("Fermée")

    desk = models.ForeignKey(
        Desk, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("permanence")
    )
    date = models.DateField(_("date"), db_index=True)
    start_time = models.TimeField(_("début"))
    end_time = models.TimeField(_("fin"))
    appointment_minutes = models.PositiveSmallIntegerField(
        _("durée d'un rendez-vous (minutes)"), default=30
    )
    status = models.CharField(_("état"), max_length=10, choices=Status.choices,
                              default=Status.OPEN)
    closure_reason = models.ForeignKey(
        CancellationReason, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("motif de fermeture"),
    )
    on_duty = models.ManyToManyField(
        Contributor, blank=True, related_name="desk_sessions", verbose_name=_("de permanence")
    )

    class Meta:
        ordering = ["date", "start_time", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["desk", "date", "start_time"], name="one_desk_session_per_start"
            ),
            models.CheckConstraint(
                condition=Q(start_time__lt=F("end_time")), name="desk_session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closure_reason__isnull=False),
                name="closed_desk_session_has_reason",
            ),
            # At 0 minutes the times of the day would never end (``appointment_times``).
            models.CheckConstraint(
                condition=Q(appointment_minutes__gte=MIN_APPOINTMENT_MINUTES),
                name="desk_session_appointment_length",
            ),
        ]
        indexes = [models.Index(fields=["desk", "date"])]
        verbose_name = _("permanence du jour")
        verbose_name_plural = _("permanences du jour")

    def __str__(self) -> str:
        return f"{self.desk} – {self.date:%d/%m/%Y}"

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    def clean(self):
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError(
                {"end_time": _("La permanence doit se terminer après son heure de début.")}
            )
        check_appointment_length(self.appointment_minutes)

    def appointment_times(self) -> list[dt.time]:
        """The start times of the appointments of this opening."""
        times, step = [], dt.timedelta(minutes=self.appointment_minutes)
        moment = dt.datetime.combine(self.date, self.start_time)
        end = dt.datetime.combine(self.date, self.end_time)
        while moment + step <= end:
            times.append(moment.time())
            moment += step
        return times


class Appointment(models.Model):
    """A booking at a desk session, or a walk-in received without one."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("Pris")
        HONOURED = "honoured", _("Reçu")
        ABSENT = "absent", _("Absent")
        CANCELLED_BY_PERSON = "cancelled_person", _("Annulé par la personne")
        CANCELLED_BY_CENTRE = "cancelled_centre", _("Annulé par le centre")

    # Statuses that hold the time slot (a cancelled appointment frees it).
    HOLDING = (Status.BOOKED, Status.HONOURED, Status.ABSENT)
    CANCELLED = (Status.CANCELLED_BY_PERSON, Status.CANCELLED_BY_CENTRE)

    session = models.ForeignKey(
        DeskSession, on_delete=models.PROTECT, related_name="appointments",
        verbose_name=_("permanence du jour"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("personne")
    )
    start_time = models.TimeField(_("heure"))
    walk_in = models.BooleanField(_("sans rendez-vous"), default=False)
    status = models.CharField(_("état"), max_length=20, choices=Status.choices,
                              default=Status.BOOKED)
    subject = models.CharField(
        _("objet"), max_length=200, blank=True,
        help_text=_("En quelques mots, sans détail personnel : « courrier CAF »."),
    )
    kinds = models.ManyToManyField(
        RequestKind, blank=True, related_name="appointments", verbose_name=_("demandes traitées")
    )
    minutes_spent = models.PositiveSmallIntegerField(_("temps passé (minutes)"), null=True,
                                                     blank=True)
    booked_at = models.DateTimeField(_("pris le"), auto_now_add=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("pris par"),
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    # The interview's own version (core.versioning): two people recording the same
    # interview lose nothing, while reception changes the status freely.
    interview_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["session_id", "start_time", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(walk_in=False) | Q(status="honoured"),
                name="walk_in_is_an_interview",
            ),
            # A person holds one place at most per desk session (booked, received or
            # absent); cancelled appointments do not count.
            models.UniqueConstraint(
                fields=["session", "person"],
                condition=Q(status__in=["booked", "honoured", "absent"]),
                name="one_holding_appointment_per_person",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "status"]),
            models.Index(fields=["session", "start_time"]),
        ]
        verbose_name = _("rendez-vous")
        verbose_name_plural = _("rendez-vous")

    def __str__(self) -> str:
        return f"{self.session} {self.start_time:%H:%M}"

    @property
    def is_interview(self) -> bool:
        return self.status == self.Status.HONOURED


class Reminder(models.Model):
    """The reminder of one appointment, sent the day before. One per appointment: the
    one-to-one key is what makes the sending command safe to run twice."""

    class Channel(models.TextChoices):
        SMS = "sms", _("SMS")
        EMAIL = "email", _("Courriel")

    class Status(models.TextChoices):
        SENDING = "sending", _("En cours d'envoi")
        SENT = "sent", _("Envoyé")
        FAILED = "failed", _("Échec")

    appointment = models.OneToOneField(
        Appointment, on_delete=models.CASCADE, related_name="reminder",
        verbose_name=_("rendez-vous"),
    )
    channel = models.CharField(_("canal"), max_length=10, choices=Channel.choices)
    status = models.CharField(_("état"), max_length=10, choices=Status.choices,
                              default=Status.SENDING)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    # A short technical reason, never the message or the address.
    error = models.CharField(_("erreur"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("rappel")
        verbose_name_plural = _("rappels")

    def __str__(self) -> str:
        return f"{self.get_channel_display()} – {self.get_status_display()}"
