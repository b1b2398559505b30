"""Reads for the report screens: default period, sheets of a year, one sheet's questions
and figures, centre sections. A fixed number of queries per page, whatever the data."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from tisserand.activities.figure_sets import action_figures
from tisserand.activities.figures.indicators import (
    comparison_indicators,
    headline_indicators,
)
from tisserand.activities.figures.scope import HELD, Scope
from tisserand.activities.models import Action, Session
from tisserand.core.models import Sector
from tisserand.core.periods import Period, calendar_year
from tisserand.core.selectors import current_centre
from tisserand.reports.comparison import comparison_for
from tisserand.reports.drafts import draft_answer
from tisserand.reports.figure_lines import action_lines
from tisserand.reports.models import (
    Answer,
    CentreSection,
    EvaluationGrid,
    EvaluationQuestion,
    EvaluationSheet,
)

# Questions whose draft is shown beside the answer instead of replacing it.
SUGGESTED_DRAFTS = (EvaluationQuestion.Draft.VOLUNTEERS, EvaluationQuestion.Draft.PARTNERS)

DEFAULT_SECTION_TITLES = (
    "Vie associative",
    "Ressources humaines",
    "Communication",
    "Actions de l'année",
    "Formations",
    "Aspects budgétaires",
)


# --- the sheets of a year --------------------------------------------------------------


@dataclass
class SheetRow:
    action: Action
    other_sectors: list[str]
    has_sheet: bool
    answered: int
    sessions_held: int


@dataclass
class SectorSheets:
    name: str
    rows: list[SheetRow] = field(default_factory=list)


def actions_of_year(year: int) -> QuerySet[Action]:
    """Actions running at some point of the year."""
    period = calendar_year(year)
    return Action.objects.filter(
        Q(start_date__isnull=True) | Q(start_date__lte=period.end),
        Q(end_date__isnull=True) | Q(end_date__gte=period.start),
    )


def sheets_overview(year: int) -> list[SectorSheets]:
    """Every action of the year under its main sector (as in the report), with how many
    questions of its sheet are answered and how many sessions were held."""
    period = calendar_year(year)
    sheets = EvaluationSheet.objects.filter(action=OuterRef("pk"), year=year)
    answered = (
        Answer.objects.filter(sheet__action=OuterRef("pk"), sheet__year=year)
        .exclude(text="")
        .order_by()
        .values("sheet__action")
        .annotate(n=Count("id"))
        .values("n")
    )
    held = (
        Session.objects.filter(
            activity__action=OuterRef("pk"), status=HELD,
            date__range=(period.start, period.end),
        )
        .order_by()
        .values("activity__action")
        .annotate(n=Count("id"))
        .values("n")
    )
    actions = (
        actions_of_year(year)
        .annotate(
            has_sheet=Exists(sheets),
            answered=Coalesce(Subquery(answered, output_field=IntegerField()), 0),
            sessions_held=Coalesce(Subquery(held, output_field=IntegerField()), 0),
        )
        .prefetch_related("sectors")
        .order_by("position", "name")
    )
    groups = {s.pk: SectorSheets(s.name) for s in Sector.objects.order_by("position", "name")}
    without_sector = SectorSheets("Sans secteur")
    for action in actions:
        sectors = action.sectors_in_report_order()
        group = groups[sectors[0].pk] if sectors else without_sector
        group.rows.append(SheetRow(
            action=action,
            other_sectors=[s.name for s in sectors[1:]],
            has_sheet=action.has_sheet,
            answered=action.answered,
            sessions_held=action.sessions_held,
        ))
    result = [g for g in groups.values() if g.rows]
    return result + ([without_sector] if without_sector.rows else [])


def default_question_count() -> int:
    grid = EvaluationGrid.objects.filter(is_default=True).annotate(n=Count("questions")).first()
    return grid.n if grid else 0


# --- one sheet -------------------------------------------------------------------------


@dataclass
class AnswerRow:
    """One question of a sheet as the edit page shows it."""

    question: EvaluationQuestion
    field_name: str
    text: str
    errors: list[str] = field(default_factory=list)
    suggestions: str = ""
    is_draft: bool = False

    @property
    def can_regenerate(self) -> bool:
        return bool(self.question.draft)


def sheet_questions(sheet: EvaluationSheet) -> list[EvaluationQuestion]:
    return list(sheet.grid.questions.order_by("position"))


def sheet_texts(sheet: EvaluationSheet) -> dict[int, str]:
    """The saved answer of each question, by question id."""
    return dict(sheet.answers.values_list("question_id", "text"))


def sheet_drafts(sheet: EvaluationSheet) -> set[int]:
    """The questions whose answer is still a draft written from the data."""
    return set(sheet.answers.filter(is_draft=True).exclude(text="")
               .values_list("question_id", flat=True))


@dataclass
class SheetToValidate:
    action: Action
    drafts: int


def sheets_with_drafts(year: int) -> list[SheetToValidate]:
    """The year's sheets that still hold drafts no person has read and kept."""
    rows = (
        Answer.objects.filter(sheet__year=year, is_draft=True).exclude(text="")
        .values("sheet__action").annotate(n=Count("id")).order_by()
    )
    counts = {row["sheet__action"]: row["n"] for row in rows}
    actions = Action.objects.filter(pk__in=counts).order_by("position", "name")
    return [SheetToValidate(action, counts[action.pk]) for action in actions]


def sheet_suggestions(sheet: EvaluationSheet, questions) -> dict[int, str]:
    """The volunteers and partners recorded for the action that year, shown beside the
    answer as suggestions (never written into it)."""
    period = sheet.action.period_of_year(sheet.year)
    return {
        q.pk: draft_answer(q.draft, sheet.action, period)
        for q in questions
        if q.draft in SUGGESTED_DRAFTS
    }


# --- centre sections -------------------------------------------------------------------


def centre_sections(year: int) -> list[CentreSection]:
    return list(CentreSection.objects.filter(year=year).order_by("position", "id"))


# --- an action's year, for its page ----------------------------------------------------------


@dataclass
class ActionYear:
    year: int
    figures: list
    answers: list
    has_sheet: bool
    period: Period
    notes: list[str]


def action_year_overview(action: Action, year: int) -> ActionYear:
    """The figures of an action for a year (compared with the year before, when they can
    be) and the answers of its sheet, as the report shows them."""
    from tisserand.reports.builder import TextSection, text_blocks
    from tisserand.reports.desk_blocks import DeskAndFollowUpFigures

    period = action.period_of_year(year)
    previous = period.previous()
    now = headline_indicators(Scope(action=action), period)
    before = comparison_indicators(Scope(action=action), previous)
    sheet = EvaluationSheet.objects.filter(action=action, year=year).first()
    answers = []
    if sheet is not None:
        answers = [
            TextSection(a.question.text, text_blocks(a.text))
            for a in sheet.answers.select_related("question").exclude(text="")
            .order_by("question__position")
        ]
    extra = DeskAndFollowUpFigures.compute(period, previous, action=action)
    centre = current_centre()
    comparison = comparison_for(
        period, previous,
        records_start=action.records_start or (centre.records_start if centre else None),
        started_on=action.start_date,
        had_before=bool(before.sessions.planned) or extra.had_figures_before(action.pk),
    )
    if extra.has_figures(action.pk) and not (now.sessions.planned or before.sessions.planned):
        lines = []  # a desk or a follow-up without ateliers: no line of zero sessions
    else:
        lines = action_lines(action_figures(action), now, before, comparison,
                             children_only=action.kind == Action.Kind.PARENT_CHILD)
    lines += extra.lines(action.pk, {line.label for line in lines}, comparison)
    return ActionYear(year, lines, answers, sheet is not None, period, comparison.notes())
