"""Assemble the activity report once, as plain data, for every renderer (web, DOCX, PDF).

The structure follows the centre's own report: centre-wide sections, then sectors in order,
each with its actions: their figures (the action's figure set, ``figure_lines``) compared
with the previous period when it can be compared, those of their desks and follow-up
(``desk_blocks``), their ateliers (when, where, how many, who) and their evaluation sheet.
An action reported by season is told over its season inside a calendar-year report.
"""

import base64
import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from tisserand.activities.figure_sets import Figure, action_figures
from tisserand.activities.figures.indicators import (
    ATELIER_PARTS,
    COMPARED_PARTS,
    Indicators,
    empty_indicators,
    indicators_by,
    indicators_for,
)
from tisserand.activities.figures.public import persons_and_households_by
from tisserand.activities.figures.rhythm import Rhythm, held_sessions_by
from tisserand.activities.figures.scope import WHOLE_CENTRE, Scope
from tisserand.activities.models import Action, Activity, WeeklySlot
from tisserand.core.figures import FigureLine, Table
from tisserand.core.french import format_date, format_number, plural, typography
from tisserand.core.images import image_type
from tisserand.core.models import Sector
from tisserand.core.periods import Period, calendar_year, season
from tisserand.core.selectors import current_centre
from tisserand.desks.models import Desk
from tisserand.followup.figures import followed_persons_by
from tisserand.followup.models import FollowUpFile
from tisserand.reports import charts
from tisserand.reports.comparison import Comparison, comparison_for
from tisserand.reports.desk_blocks import DeskAndFollowUpFigures
from tisserand.reports.drafts import schedule_text
from tisserand.reports.figure_lines import (
    ActivityBlock,
    action_lines,
    activities_table,
    activity_block,
    age_bands_table,
    months_table,
    typeset,
    weekly_spans,
)
from tisserand.reports.models import Answer, CentreSection, EvaluationSheet
from tisserand.reports.richtext import Block, parse
from tisserand.reports.trends import (
    EarlierFigures,
    TrendPoint,
    trend_chart,
    trend_table,
    with_availability,
)


@dataclass
class TextSection:
    title: str
    blocks: list[Block]


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
    period: Period  # the action's own period (its season in a calendar-year report)
    notes: list[str] = field(default_factory=list)
    trend_charts: list[charts.Chart] = field(default_factory=list)

    @property
    def activities_table(self) -> Table | None:
        return activities_table(self.activities) if self.activities else None


@dataclass
class SectorBlock:
    anchor: str
    name: str
    actions: list[ActionBlock]
    chart: charts.Chart | None = None
    figures: list[FigureLine] = field(default_factory=list)


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
    summary_notes: list[str] = field(default_factory=list)
    summary_tables: list[Table] = field(default_factory=list)
    centre_address: str = ""
    logo: bytes | None = None
    cover_photo: bytes | None = None

    @property
    def logo_uri(self) -> str:
        return _data_uri(self.logo)

    @property
    def cover_photo_uri(self) -> str:
        return _data_uri(self.cover_photo)

    def actions(self):
        for sector in self.sectors:
            yield from sector.actions


def _data_uri(data: bytes | None) -> str:
    kind = image_type(data)
    return f"data:{kind};base64,{base64.b64encode(bytes(data)).decode()}" if kind else ""


@dataclass
class _PeriodFigures:
    """Every figure of the actions told over one period, per group, in a fixed number of
    queries."""

    period: Period
    previous: Period
    actions: dict[int, Indicators]
    actions_before: dict[int, Indicators]
    activities: dict[int, Indicators]
    rhythms: dict[int, Rhythm]
    empty: Indicators
    empty_before: Indicators
    desks_and_followup: DeskAndFollowUpFigures
    earlier: EarlierFigures

    @classmethod
    def compute(cls, period: Period, threshold: float,
                scope: Scope = WHOLE_CENTRE) -> "_PeriodFigures":
        """The figures of the actions of ``scope`` (every action, or those told over their
        season); the desks' and follow-ups' only when one of them has a desk or files."""
        previous = period.previous()
        if scope.action_ids is None or _have_desks_or_files(scope.action_ids):
            desks_and_followup = DeskAndFollowUpFigures.compute(period, previous)
        else:
            desks_and_followup = DeskAndFollowUpFigures.none(period, previous)
        return cls(
            period=period,
            previous=previous,
            actions=indicators_by(period, "action", scope, regular_threshold=threshold),
            actions_before=indicators_by(previous, "action", scope, parts=COMPARED_PARTS),
            activities=indicators_by(period, "activity", scope, regular_threshold=threshold,
                                     parts=ATELIER_PARTS),
            rhythms=held_sessions_by(period, "activity", scope),
            empty=empty_indicators(period),
            empty_before=empty_indicators(previous),
            desks_and_followup=desks_and_followup,
            earlier=EarlierFigures.compute(previous, scope=scope),
        )


def _have_desks_or_files(action_ids) -> bool:
    return (Desk.objects.filter(action__in=action_ids).exists()
            or FollowUpFile.objects.filter(action__in=action_ids).exists())


def action_period(action: Action, period: Period) -> Period:
    """The period an action is told over in a report of ``period``: its season (September
    to August, ending in the report's year) for an action reported by season, when the
    report covers a calendar year."""
    if action.report_period == Action.ReportPeriod.SEASON and period == calendar_year(
        period.start.year
    ):
        return season(period.start.year - 1)
    return period


# What the centre's summary and charts read: no schools or partners.
CENTRE_PARTS = frozenset({"participation", "contributors", "by_month"})


def build_report(period: Period, *, with_charts=True) -> Report:
    """Build the report of a period (calendar year, season or any range)."""
    previous = period.previous()
    centre = current_centre()
    threshold = (centre.regular_share if centre else 50) / 100
    records_start = centre.records_start if centre else None
    actions = list(
        Action.objects.prefetch_related("sectors", "funding_schemes").order_by("position", "name")
    )
    # Every action's figures over the report's period (the sectors' charts read them), and
    # the season's figures of the actions told over their season.
    told_over: dict[Period, set[int]] = {}
    for action in actions:
        told_over.setdefault(action_period(action, period), set()).add(action.pk)
    bundles = {period: _PeriodFigures.compute(period, threshold)}
    for own, action_ids in told_over.items():
        if own != period:
            bundles[own] = _PeriodFigures.compute(own, threshold, Scope(action_ids=action_ids))
    main = bundles[period]
    centre_now = indicators_for(WHOLE_CENTRE, period, regular_threshold=threshold,
                                parts=CENTRE_PARTS)
    centre_before = indicators_for(WHOLE_CENTRE, previous, parts=frozenset({"contributors"}))
    sheets = _answers_by_action(period.end.year)
    activities = _activities_by_action()
    sector_public = persons_and_households_by(period, "sector")
    sector_followup = followed_persons_by(period, "sector")

    blocks = []
    for sector in Sector.objects.order_by("position", "name"):
        sector_actions = []
        for action in actions:
            action_sectors = action.sectors_in_report_order()
            # A transversal action is told once, in its main sector.
            if not action_sectors or action_sectors[0].pk != sector.pk:
                continue
            bundle = bundles[action_period(action, period)]
            block = _action_block(
                action, action_sectors, bundle, activities.get(action.pk, []),
                sheets.get(action.pk, []) if _sheet_applies(action, period) else [],
                records_start, with_charts,
            )
            if (block.indicators.sessions.planned or block.answers
                    or bundle.desks_and_followup.has_figures(action.pk)):
                sector_actions.append(block)
        chart = None
        if with_charts and sector_actions:
            told_here = [a for a in actions if _main_sector_id(a) == sector.pk]
            chart = charts.attendance_by_month(
                f"Présences par mois – {sector.name}", _sector_months(main, told_here)
            )
        blocks.append(SectorBlock(
            f"secteur-{sector.pk}", typography(sector.name), sector_actions, chart,
            _sector_lines(sector_public.get(sector.pk), sector_followup.get(sector.pk)),
        ))

    centre_trend = with_availability(
        EarlierFigures.compute_centre(previous).points() + [
            TrendPoint(previous, centre_before.sessions, centre_before.public),
            TrendPoint(period, centre_now.sessions, centre_now.public),
        ], records_start=records_start, started_on=None,
    )
    report_charts = []
    if with_charts:
        report_charts = [
            charts.attendance_by_month("Présences par mois – tout le centre", centre_now.by_month),
            charts.age_pyramid("Public par âge et par sexe", centre_now.public.age_bands),
        ]
        if chart := trend_chart("Personnes différentes, année après année", centre_trend):
            report_charts.append(chart)
    comparison = comparison_for(period, previous, records_start=records_start)
    return Report(
        title=f"Rapport d'activités {period.label}",
        centre_name=typography(centre.name) if centre else "Centre social",
        period=period,
        previous=previous,
        generated_on=timezone.localdate(),
        centre_sections=_centre_sections(period.end.year),
        summary=_summary(centre_now, centre_before, comparison),
        summary_notes=comparison.notes(),
        summary_tables=[t for t in [trend_table(centre_trend)] if t],
        centre_address=_address(centre),
        logo=bytes(centre.logo) if centre and centre.logo else None,
        cover_photo=bytes(centre.cover_photo) if centre and centre.cover_photo else None,
        charts=report_charts,
        sectors=blocks,
    )


def _address(centre) -> str:
    if centre is None:
        return ""
    place = " ".join(filter(None, [centre.postcode, centre.city]))
    return typography(", ".join(filter(None, [centre.address, place])))


def _main_sector_id(action: Action) -> int | None:
    sectors = action.sectors_in_report_order()
    return sectors[0].pk if sectors else None


def _sector_months(figures: _PeriodFigures, actions: list[Action]) -> list:
    """Passages by month of the actions told in the sector: a transversal action counts
    once, in its main sector, so that the sectors add up to the centre."""
    totals = dict(figures.empty.by_month)
    for action in actions:
        for month, passages in figures.actions.get(action.pk, figures.empty).by_month:
            totals[month] = totals.get(month, 0) + passages
    return sorted(totals.items())


def _sector_lines(public: tuple[int, int] | None,
                  followup: tuple[int, int] | None) -> list[FigureLine]:
    """The sector's distinct public over all its actions (a person who came to two of them
    counts once; a transversal action counts in each of its sectors here), and the persons
    its actions followed individually."""
    lines = []
    if public:
        persons, households = public
        lines += [
            FigureLine("Personnes différentes (toutes les actions du secteur)",
                       format_number(persons)),
            FigureLine("Familles différentes (toutes les actions du secteur)",
                       format_number(households)),
        ]
    if followup and followup[0]:
        persons, priority_area = followup
        lines.append(FigureLine(
            "Personnes accompagnées individuellement (toutes les actions du secteur)",
            f"{format_number(persons)}, dont {format_number(priority_area)} habitant un QPV",
        ))
    return typeset(lines)


def _sheet_applies(action: Action, period: Period) -> bool:
    """A sheet tells its action's own period: the year sheet of an action reported by
    calendar year has no place in a season report."""
    is_season = period == season(period.start.year)
    return not (is_season and action.report_period == Action.ReportPeriod.YEAR)


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


def _action_block(action, action_sectors, figures: _PeriodFigures, activities, answers,
                  records_start: dt.date | None, with_charts: bool = True) -> ActionBlock:
    now = figures.actions.get(action.pk, figures.empty)
    before = figures.actions_before.get(action.pk, figures.empty_before)
    extra = figures.desks_and_followup
    keys = action_figures(action)
    comparison = comparison_for(
        figures.period, figures.previous, records_start=action.records_start or records_start,
        started_on=action.start_date,
        had_before=bool(before.sessions.planned) or extra.had_figures_before(action.pk),
    )
    children_only = action.kind == Action.Kind.PARENT_CHILD
    followed = {  # the slots the period's sessions followed (Rhythm.followed)
        activity.pk: slots for activity in activities
        if (slots := list(activity.slots.all()))
        and (figures.rhythms.get(activity.pk) or Rhythm()).followed(slots)
    }
    activity_blocks = [
        activity_block(keys, activity, figures.activities[activity.pk],
                       figures.rhythms.get(activity.pk) or Rhythm(), figures.period,
                       schedule_text(followed.get(activity.pk, [])),
                       children_only=children_only)
        for activity in activities
        if activity.pk in figures.activities and figures.activities[activity.pk].sessions.held
    ]
    slots = [slot for activity_slots in followed.values() for slot in activity_slots]
    days = weekly_spans(slots) if len({slot.activity_id for slot in slots}) > 1 else ""
    if extra.has_figures(action.pk) and not (now.sessions.planned or before.sessions.planned):
        lines = []  # a desk or a follow-up without ateliers: no line of zero sessions
    else:
        lines = action_lines(keys, now, before, comparison, days=days,
                             children_only=children_only)
    extra_lines = extra.lines(action.pk, {line.label for line in lines}, comparison)
    tables = school_tables(now)
    if Figure.AGE_BANDS in keys and now.public.persons:
        tables.append(age_bands_table(now.public))
    if Figure.MONTHS in keys and activity_blocks:
        tables.append(months_table(figures.period, activities, figures.rhythms))
    action_charts = []
    if Figure.TRENDS in keys:
        points = with_availability(
            figures.earlier.points(action.pk) + [
                TrendPoint(figures.previous, before.sessions, before.public),
                TrendPoint(figures.period, now.sessions, now.public),
            ],
            records_start=action.records_start or records_start, started_on=action.start_date,
        )
        if table := trend_table(points):
            tables.append(table)
        if with_charts and (chart := trend_chart(f"{action.name} : personnes différentes",
                                                 points)):
            action_charts.append(chart)
    return ActionBlock(
        anchor=f"action-{action.pk}",
        name=typography(action.name),  # typed in the admin: French spaces set here
        other_sectors=[typography(s.name) for s in action_sectors[1:]],
        funding_schemes=[f.code for f in action.funding_schemes.all()],
        figures=lines + extra_lines,
        tables=tables + extra.tables(action.pk),
        activities=activity_blocks,
        answers=answers,
        indicators=now,
        period=figures.period,
        notes=comparison.notes(),
        trend_charts=action_charts,
    )


def school_tables(now: Indicators) -> list[Table]:
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


def _summary(now: Indicators, before: Indicators, comparison: Comparison) -> list[FigureLine]:
    value = comparison.value
    return typeset([
        FigureLine("Séances réalisées", value(now.sessions.held, before.sessions.held)),
        FigureLine("Séances annulées", value(now.sessions.cancelled, before.sessions.cancelled)),
        FigureLine("Présences", value(now.public.passages, before.public.passages)),
        FigureLine("Personnes différentes", value(now.public.persons, before.public.persons)),
        FigureLine("Familles différentes",
                   value(now.public.households, before.public.households)),
        FigureLine("Nouvelles familles", format_number(now.participation.new_households)),
        FigureLine("Bénévoles en séance",
                   value(now.contributors.volunteers, before.contributors.volunteers)),
    ])
