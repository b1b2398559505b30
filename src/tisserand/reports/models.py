"""Evaluation grid and sheets (the CAF *grille d'évaluation* answered for every action) and
the centre-wide free-text sections of a yearly report."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tisserand.activities.models import Action
from tisserand.core.versioning import Versioned


class EvaluationGrid(models.Model):
    name = models.CharField(_("nom"), max_length=200, unique=True)
    is_default = models.BooleanField(_("grille par défaut"), default=False)

    class Meta:
        ordering = ["-is_default", "name"]
        verbose_name = _("grille d'évaluation")
        verbose_name_plural = _("grilles d'évaluation")

    def __str__(self) -> str:
        return self.name


class EvaluationQuestion(models.Model):
    class Draft(models.TextChoices):
        """Which answers the software can draft from the recorded data."""

        NONE = "", _("Aucune")
        ORIENTATIONS = "orientations", _("Orientations de l'action")
        OPENING = "opening", _("Lieux, jours et séances")
        PUBLIC = "public", _("Public accueilli")
        VOLUNTEERS = "volunteers", _("Bénévoles et salariés")
        PARTNERS = "partners", _("Partenaires")

    grid = models.ForeignKey(
        EvaluationGrid, on_delete=models.CASCADE, related_name="questions",
        verbose_name=_("grille"),
    )
    position = models.PositiveSmallIntegerField(_("ordre"))
    text = models.CharField(_("question"), max_length=400)
    draft = models.CharField(
        _("brouillon automatique"), max_length=20, choices=Draft.choices, blank=True
    )

    class Meta:
        ordering = ["grid_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["grid", "position"], name="unique_question_position")
        ]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text


class EvaluationSheet(Versioned):
    """The evaluation of one action for one year (*fiche bilan*): the calendar year, or the
    season that ends in that year for an action reported by season."""

    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="sheets", verbose_name=_("action")
    )
    year = models.PositiveSmallIntegerField(_("année"))
    grid = models.ForeignKey(
        EvaluationGrid, on_delete=models.PROTECT, related_name="sheets", verbose_name=_("grille")
    )
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        ordering = ["-year", "action_id"]
        constraints = [
            models.UniqueConstraint(fields=["action", "year"], name="one_sheet_per_action_year")
        ]
        verbose_name = _("fiche bilan")
        verbose_name_plural = _("fiches bilan")

    def __str__(self) -> str:
        return f"{self.action} – {self.year}"


class Answer(models.Model):
    """An answer: plain text where a blank line separates paragraphs and lines starting
    with "- " or "• " are bullet points (rendered as lists in every format)."""

    sheet = models.ForeignKey(
        EvaluationSheet, on_delete=models.CASCADE, related_name="answers",
        verbose_name=_("fiche"),
    )
    question = models.ForeignKey(
        EvaluationQuestion, on_delete=models.PROTECT, related_name="answers",
        verbose_name=_("question"),
    )
    text = models.TextField(_("réponse"), blank=True)
    # Written by Tisserand from the data and not yet read and kept by a person.
    is_draft = models.BooleanField(_("brouillon à valider"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sheet", "question"], name="one_answer_per_question")
        ]
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")

    def __str__(self) -> str:
        return f"{self.sheet} – {self.question.position}"


class CentreSection(models.Model):
    """A free-text section about the centre as a whole for a year (vie associative,
    ressources humaines, communication, formations, aspects budgétaires...)."""

    year = models.PositiveSmallIntegerField(_("année"))
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    title = models.CharField(_("titre"), max_length=200)
    text = models.TextField(_("texte"), blank=True)

    class Meta:
        ordering = ["year", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["year", "title"], name="unique_centre_section")
        ]
        verbose_name = _("partie sur la vie du centre")
        verbose_name_plural = _("parties sur la vie du centre")

    def __str__(self) -> str:
        return f"{self.year} – {self.title}"
