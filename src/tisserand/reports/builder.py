"""Assemble the activity report once, as plain data, for every renderer (web, DOCX, PDF).

The structure follows the centre's own report: centre-wide sections, then sectors in order,
each with its actions, their figures compared with the previous period (with those of
their desks and follow-up, ``desk_blocks``), their ateliers and their evaluation sheet.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from tisserand.activities.figures.indicators import (
    Indicators,
    empty_indicators,
    indicators_by,
    indicators_for,
    session_figures_by,
)
from tisserand.activities.figures.participation import attendance_by_month_by
from tisserand.activities.figures.public import public_figures_by
from tisserand.activities.figures.scope import WHOLE_CENTRE
from tisserand.activities.models import Action, Activity, WeeklySlot
from tisserand.core.figures import FigureLine, Table
from tisserand.core.french import (
    format_date,
    format_hours,
    format_number,
    join_words,
    plural,
    typography,
    with_previous,
)
from tisserand.core.models import Sector
from tisserand.core.periods import Period
from tisserand.core.selectors import current_centre
from tisserand.reports import charts
from tisserand.reports.desk_blocks import DeskAndFollowUpFigures
from tisserand.reports.drafts import schedule_text
from tisserand.reports.models import Answer, CentreSection, EvaluationSheet
from tisserand.reports.richtext import Block, parse


@dataclass
class TextSection:
    title: str
    blocks: list[Block]


@dataclass
class ActivityBlock:
    name: str
    schedule: str
    place: str
    sessions_held: int
    outreach: int
    persons: int
    attendances: int


@dataclass
class ActionBlock:
    anchor: str
    name: str
    other_sectors: list[str]
    funding_schemes: list[str]
    figures: list[FigureLine]
    tables: list[Table]
    activities: list[ActivityBlock]
    answers: list[TextSection]
    indicators: Indicators


@dataclass
class SectorBlock:
    anchor: str
    name: str
    actions: list[ActionBlock]
    chart: charts.Chart | None = None


@dataclass
class Report:
    title: str
    centre_name: str
    period: Period
    previous: Period
    generated_on: dt.date
    centre_sections: list[TextSection]
    summary: list[FigureLine]
    charts: list[charts.Chart]
    sectors: list[SectorBlock] = field(default_factory=list)

    def actions(self):
        for sector in self.sectors:
            yield from sector.actions


@dataclass
class _Figures:
    """Every figure the report needs, computed per group in a fixed number of queries."""

    centre: Indicators
    centre_before: Indicators
    actions: dict[int, Indicators]
    actions_before: dict[int, Indicators]
    activity_sessions: dict
    activity_public: dict
    sector_months: dict
    empty: Indicators
    empty_before: Indicators
    desks_and_followup: DeskAndFollowUpFigures

    @classmethod
    def compute(cls, period: Period, previous: Period) -> "_Figures":
        return cls(
            centre=indicators_for(WHOLE_CENTRE, period),
            centre_before=indicators_for(WHOLE_CENTRE, previous),
            actions=indicators_by(period, "action"),
            actions_before=indicators_by(previous, "action"),
            activity_sessions=session_figures_by(period, "activity"),
            activity_public=public_figures_by(period, "activity"),
            sector_months=attendance_by_month_by(period, "sector"),
            empty=empty_indicators(period),
            empty_before=empty_indicators(previous),
            desks_and_followup=DeskAndFollowUpFigures.compute(period, previous),
        )


def build_report(period: Period, *, year_for_sheets: int | None = None, with_charts=True) -> Report:
    """Build the report of a period (calendar year, season or any range)."""
    previous = period.previous()
    sheets_year = year_for_sheets or period.end.year
    centre = current_centre()
    figures = _Figures.compute(period, previous)
    sheets = _answers_by_action(sheets_year)

    sectors = list(Sector.objects.order_by("position", "name"))
    actions = list(
        Action.objects.prefetch_related("sectors", "funding_schemes").order_by("position", "name")
    )
    activities = _activities_by_action()
    blocks = []
    for sector in sectors:
        sector_actions = []
        for action in actions:
            action_sectors = action.sectors_in_report_order()
            # A transversal action is told once, in its main sector.
            if not action_sectors or action_sectors[0].pk != sector.pk:
                continue
            block = _action_block(
                action, action_sectors, figures, activities.get(action.pk, []),
                sheets.get(action.pk, []),
            )
            if (block.indicators.sessions.planned or block.answers
                    or figures.desks_and_followup.has_figures(action.pk)):
                sector_actions.append(block)
        chart = None
        if with_charts and sector_actions:
            by_month = figures.sector_months.get(sector.pk, figures.empty.by_month)
            chart = charts.attendance_by_month(f"Présences par mois – {sector.name}", by_month)
        blocks.append(SectorBlock(f"secteur-{sector.pk}", sector.name, sector_actions, chart))

    report_charts = []
    if with_charts:
        report_charts = [
            charts.attendance_by_month(
                "Présences par mois – tout le centre", figures.centre.by_month
            ),
            charts.age_pyramid("Public par âge et par sexe", figures.centre.public.age_bands),
        ]
    return Report(
        title=f"Rapport d'activités {period.label}",
        centre_name=centre.name if centre else "Centre social",
        period=period,
        previous=previous,
        generated_on=timezone.localdate(),
        centre_sections=_centre_sections(sheets_year),
        summary=_summary(figures.centre, figures.centre_before, previous.label),
        charts=report_charts,
        sectors=blocks,
    )


def _answers_by_action(year: int) -> dict[int, list[TextSection]]:
    answers = (
        Answer.objects.filter(sheet__year=year)
        .exclude(text="")
        .select_related("question")
        .order_by("sheet__action_id", "question__position")
    )
    result: dict[int, list[TextSection]] = {}
    sheet_actions = dict(EvaluationSheet.objects.filter(year=year).values_list("id", "action_id"))
    for answer in answers:
        result.setdefault(sheet_actions[answer.sheet_id], []).append(
            TextSection(typography(answer.question.text), text_blocks(answer.text))
        )
    return result


def text_blocks(text: str) -> list[Block]:
    blocks = parse(text)
    for block in blocks:
        block.lines = [typography(line) for line in block.lines]
    return blocks


def _centre_sections(year: int) -> list[TextSection]:
    return [
        TextSection(typography(s.title), text_blocks(s.text))
        for s in CentreSection.objects.filter(year=year).order_by("position", "id")
    ]


def _activities_by_action() -> dict[int, list[Activity]]:
    result: dict[int, list[Activity]] = {}
    activities = Activity.objects.select_related("default_place").prefetch_related(
        Prefetch("slots", queryset=WeeklySlot.objects.order_by("weekday", "start_time"))
    )
    for activity in activities.order_by("name"):
        result.setdefault(activity.action_id, []).append(activity)
    return result


def _action_block(action, action_sectors, figures: _Figures, activities, answers) -> ActionBlock:
    now = figures.actions.get(action.pk, figures.empty)
    before = figures.actions_before.get(action.pk, figures.empty_before)
    activity_blocks = []
    for activity in activities:
        sessions = figures.activity_sessions.get(activity.pk)
        if sessions is None or not sessions.held:
            continue
        public = figures.activity_public.get(activity.pk, figures.empty.public)
        activity_blocks.append(
            ActivityBlock(
                name=activity.name,
                schedule=schedule_text(list(activity.slots.all())),
                place=str(activity.default_place or ""),
                sessions_held=sessions.held,
                outreach=sessions.held_outreach,
                persons=public.persons,
                attendances=public.passages,
            )
        )
    extra = figures.desks_and_followup
    if extra.has_figures(action.pk) and not (now.sessions.planned or before.sessions.planned):
        lines = []  # a desk or a follow-up without ateliers: no line of zero sessions
    else:
        lines = figure_lines(now, before, figures.empty_before.period.label)
    extra_lines = extra.lines(action.pk, {line.label for line in lines})
    return ActionBlock(
        anchor=f"action-{action.pk}",
        name=action.name,
        other_sectors=[s.name for s in action_sectors[1:]],
        funding_schemes=[f.code for f in action.funding_schemes.all()],
        figures=lines + extra_lines,
        tables=_school_tables(now) + extra.tables(action.pk),
        activities=activity_blocks,
        answers=answers,
        indicators=now,
    )


def figure_lines(now: Indicators, before: Indicators, label: str) -> list[FigureLine]:
    s, p = now.sessions, before.sessions
    pub, prev_pub = now.public, before.public
    lines = [
        FigureLine("Séances réalisées", with_previous(s.held, p.held, label)
                   + (f", dont {s.held_outreach} hors les murs" if s.held_outreach else "")),
    ]
    if s.cancelled:
        reasons = join_words([f"{r.lower()} : {n}" for r, n in s.cancelled_by_reason.items()])
        lines.append(FigureLine("Séances annulées", f"{s.cancelled} ({reasons})"))
    if s.hours:
        lines.append(FigureLine("Heures d'activité", format_hours(s.hours)))
    lines.append(FigureLine("Présences", with_previous(pub.passages, prev_pub.passages, label)))
    if pub.persons:
        lines += [
            FigureLine("Personnes différentes",
                       with_previous(pub.persons, prev_pub.persons, label)),
            FigureLine("Familles différentes",
                       with_previous(pub.households, prev_pub.households, label)),
            FigureLine("Nouvelles familles", format_number(now.participation.new_households)),
            FigureLine("Nouvelles personnes", format_number(now.participation.new_persons)),
            FigureLine("Femmes / hommes", f"{pub.female} / {pub.male}"),
            FigureLine("Enfants / adultes", f"{pub.children} / {pub.adults}"),
        ]
        if pub.youngest_age is not None:
            lines.append(FigureLine("Âges", f"de {pub.youngest_age} à {pub.oldest_age} ans"))
        if pub.fathers or pub.mothers:
            lines.append(FigureLine("Mamans / papas présents", f"{pub.mothers} / {pub.fathers}"))
        lines.append(FigureLine("Habitants d'un QPV", format_number(pub.priority_area)))
        lines.append(
            FigureLine("Participants réguliers", format_number(now.participation.regulars))
        )
    if pub.headcount:
        lines.append(FigureLine("Public compté (sans nom)", format_number(pub.headcount)))
    c = now.contributors
    if c.volunteers:
        lines.append(FigureLine(
            "Bénévoles", f"{c.volunteers} ({format_hours(c.volunteer_hours)} en séance)"
        ))
    if now.partners:
        lines.append(FigureLine("Partenaires", join_words([p.name for p in now.partners])))
    return [FigureLine(line.label, typography(line.value)) for line in lines]


def _school_tables(now: Indicators) -> list[Table]:
    tables = []
    for year in now.schooling:
        if not year.by_school:
            continue
        title = (
            f"Du {format_date(year.start)} au {format_date(year.end)} : "
            f"{plural(year.enrolled, 'enfant scolarisé', 'enfants scolarisés')}"
        )
        tables.append(Table(
            typography(title + ", par école"), ["École", "Enfants"],
            [[name, str(n)] for name, n in year.by_school.items()],
        ))
        tables.append(Table(
            typography(title + ", par classe"), ["Classe", "Enfants"],
            [[level, str(n)] for level, n in _by_school_order(year.by_level)],
        ))
    return tables


LEVEL_ORDER = ["PS", "MS", "GS", "CP", "CE1", "CE2", "CM1", "CM2", "6e", "5e", "4e", "3e"]


def _by_school_order(by_level: dict[str, int]) -> list[tuple[str, int]]:
    """Classes from the youngest up, unknown ones last."""
    def rank(item):
        level = item[0]
        return (LEVEL_ORDER.index(level) if level in LEVEL_ORDER else len(LEVEL_ORDER), level)

    return sorted(by_level.items(), key=rank)


def _summary(now: Indicators, before: Indicators, label: str) -> list[FigureLine]:
    return [
        FigureLine("Séances réalisées",
                   with_previous(now.sessions.held, before.sessions.held, label)),
        FigureLine("Séances annulées",
                   with_previous(now.sessions.cancelled, before.sessions.cancelled, label)),
        FigureLine("Présences", with_previous(now.public.passages, before.public.passages, label)),
        FigureLine("Personnes différentes",
                   with_previous(now.public.persons, before.public.persons, label)),
        FigureLine("Familles différentes",
                   with_previous(now.public.households, before.public.households, label)),
        FigureLine("Nouvelles familles", format_number(now.participation.new_households)),
        FigureLine("Bénévoles en séance",
                   with_previous(
                       now.contributors.volunteers, before.contributors.volunteers, label
                   )),
    ]
