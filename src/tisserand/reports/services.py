"""Writes on evaluation sheets and centre sections."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tisserand.activities.models import Action
from tisserand.audit.models import AuditEntry
from tisserand.audit.services import (
    last_change_of,
    log_action,
    log_create,
    log_delete,
    log_update,
    object_label,
    stored_values,
)
from tisserand.core.text import normalised_text
from tisserand.core.versioning import claim_version
from tisserand.reports.drafts import draft_answer
from tisserand.reports.models import (
    Answer,
    CentreSection,
    EvaluationGrid,
    EvaluationQuestion,
    EvaluationSheet,
)

# Drafts that describe one year's data: never copied from the year before.
COMPUTED_DRAFTS = (EvaluationQuestion.Draft.OPENING, EvaluationQuestion.Draft.PUBLIC)
SECTION_FIELDS = ("year", "title", "text", "position")


def default_grid() -> EvaluationGrid:
    grid = EvaluationGrid.objects.filter(is_default=True).first()
    if grid is None:
        raise ValidationError(_("Aucune grille d'évaluation par défaut n'est définie."))
    return grid


@transaction.atomic
def sheet_open(*, action: Action, year: int) -> EvaluationSheet:
    """The sheet of an action for a year, created on first opening with the orientations
    and the computed drafts filled in."""
    sheet, created = EvaluationSheet.objects.get_or_create(
        action=action, year=year, defaults={"grid": default_grid()}
    )
    if created:
        period = action.period_of_year(year)
        drafted = sheet.grid.questions.filter(
            draft__in=[EvaluationQuestion.Draft.ORIENTATIONS, EvaluationQuestion.Draft.OPENING,
                       EvaluationQuestion.Draft.PUBLIC]
        )
        answers = [
            Answer(sheet=sheet, question=q,
                   text=normalised_text(draft_answer(q.draft, action, period)))
            for q in drafted
        ]
        for answer in answers:
            answer.is_draft = bool(answer.text)  # to be read and kept by a person
        Answer.objects.bulk_create(answers)
    return sheet


@transaction.atomic
def answer_save(*, sheet: EvaluationSheet, question: EvaluationQuestion, text: str,
                draft: bool = False, touch_sheet: bool = True) -> Answer:
    """Save an answer written by a person (``draft``: written by Tisserand from the data,
    to be read and kept by a person before it counts as validated)."""
    if question.grid_id != sheet.grid_id:
        raise ValidationError(_("Cette question n'appartient pas à la grille de cette fiche."))
    previous = (
        Answer.objects.filter(sheet=sheet, question=question)
        .values_list("text", "is_draft").first()
    )
    answer, created = Answer.objects.update_or_create(
        sheet=sheet, question=question,
        defaults={"text": normalised_text(text), "is_draft": draft},
    )
    if touch_sheet:  # a whole form's save has touched (and versioned) the sheet once
        sheet.save(update_fields=["updated_at"])
    # Answers are free text that may name people: record that they changed, not what.
    if created:
        log_create(answer, ("text", "is_draft") if draft else ("text",), note=object_label(sheet))
    elif previous != (answer.text, answer.is_draft):
        fields = [name for name, before, now in (("text", previous[0], answer.text),
                                                 ("is_draft", previous[1], answer.is_draft))
                  if before != now]
        log_action(action=AuditEntry.Action.UPDATE, obj=answer, fields=fields,
                   note=object_label(sheet))
    return answer


def _excerpt(text: str, length: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def _same_text(a: str, b: str) -> bool:
    """Browsers send line breaks as CRLF: an answer left untouched is not a change."""
    return normalised_text(a) == normalised_text(b)


@transaction.atomic
def sheet_answers_save(
    *, sheet: EvaluationSheet, answers: list[tuple[EvaluationQuestion, str]],
    validated: set[int] = frozenset(), expected_version: int | None = None,
) -> int:
    """Save the answers of a sheet's form, all or none; returns how many changed (an
    answer whose text is the stored one is neither written nor audited). A draft that a
    person edits, or keeps as it is (its question in ``validated``), stops being a draft.
    ``EditConflict`` if the sheet was saved since ``expected_version`` (the version the
    form started from): its message names the answers that differ."""
    saved = {q: (text, draft) for q, text, draft in
             sheet.answers.values_list("question_id", "text", "is_draft")}

    def differences():
        return [(question.text, _excerpt(saved.get(question.pk, ("", False))[0]),
                 _excerpt(text)) for question, text in answers
                if not _same_text(text, saved.get(question.pk, ("", False))[0])]

    claim_version(sheet, expected_version, differences=differences, last_change=lambda: (
        last_change_of(Answer, sheet.answers.values_list("pk", flat=True))))
    sheet.save(update_fields=["updated_at", "version"])
    changed = 0
    for question, text in answers:
        stored, draft = saved.get(question.pk, ("", False))
        if _same_text(text, stored) and not (draft and question.pk in validated):
            continue
        answer_save(sheet=sheet, question=question, text=text, touch_sheet=False)
        changed += 1
    return changed


@transaction.atomic
def answer_regenerate(*, sheet: EvaluationSheet, question: EvaluationQuestion) -> Answer:
    """Replace an answer by a fresh draft from the data (for questions that have one)."""
    if not question.draft:
        raise ValidationError(_("Cette question n'a pas de brouillon automatique."))
    text = draft_answer(question.draft, sheet.action, sheet.action.period_of_year(sheet.year))
    return answer_save(sheet=sheet, question=question, text=text, draft=bool(text))


@transaction.atomic
def sheet_copy_previous_year(*, sheet: EvaluationSheet) -> int:
    """Copy last year's answers into the questions still empty; computed drafts are left
    alone since they describe this year's data. Returns how many answers were copied."""
    previous = EvaluationSheet.objects.filter(action=sheet.action, year=sheet.year - 1).first()
    if previous is None:
        raise ValidationError(
            _("Il n'y a pas de fiche %(year)s pour cette action.") % {"year": sheet.year - 1}
        )
    filled = set(
        sheet.answers.exclude(text="").values_list("question_id", flat=True)
    )
    copied = 0
    for old in previous.answers.select_related("question").exclude(text=""):
        if old.question_id in filled or old.question.grid_id != sheet.grid_id:
            continue
        if old.question.draft in COMPUTED_DRAFTS:
            continue
        answer, _created = Answer.objects.update_or_create(
            sheet=sheet, question_id=old.question_id, defaults={"text": old.text}
        )
        log_action(
            action=AuditEntry.Action.UPDATE, obj=answer, fields=["text"],
            note=_("copiée de %(sheet)s") % {"sheet": object_label(previous)},
        )
        copied += 1
    return copied


@transaction.atomic
def centre_section_save(
    *, year: int, title: str, text: str, position: int = 0,
    section: CentreSection | None = None,
) -> CentreSection:
    """Create or update the section of that title; with ``section``, update that one
    (its title may change)."""
    created = False
    if section is None:
        section, created = CentreSection.objects.get_or_create(
            year=year, title=title.strip(), defaults={"position": position}
        )
    elif section.year != year:
        raise ValidationError(_("Cette partie ne concerne pas l'année %(year)s.") % {"year": year})
    before = stored_values(section, SECTION_FIELDS)
    section.title = title.strip()
    section.text = normalised_text(text)
    section.position = position
    section.full_clean()
    section.save()
    if created:
        log_create(section, SECTION_FIELDS)
    else:
        log_update(section, before)
    return section


@transaction.atomic
def centre_section_delete(*, section: CentreSection) -> None:
    log_delete(section)
    section.delete()


@dataclass(frozen=True)
class SectionChange:
    """One row of the centre sections' form: a new or an existing section (``section_id``),
    to save or to delete."""

    section_id: int | None
    title: str
    text: str
    position: int
    delete: bool = False


@transaction.atomic
def centre_sections_save(*, year: int, changes: list[SectionChange]) -> int:
    """Apply the changed rows of the year's centre sections, all or none; returns how many
    sections were written or deleted. A section deleted meanwhile by someone else stops
    everything (``ValidationError``)."""
    sections = CentreSection.objects.select_for_update().in_bulk(
        [c.section_id for c in changes if c.section_id]
    )
    done = 0
    for change in changes:
        section = sections.get(change.section_id)
        if change.section_id and (section is None or section.year != year):
            raise ValidationError(_("Une partie a été supprimée entre-temps ; rechargez."))
        if change.delete:
            if section is not None:
                centre_section_delete(section=section)
                done += 1
            continue
        centre_section_save(
            year=year, title=change.title, text=change.text, position=change.position,
            section=section,
        )
        done += 1
    return done
