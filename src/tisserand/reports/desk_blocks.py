"""The figures of the appointment desks and of the individual follow-up in the report: lines
and tables added to the block of their action, each compared with the previous period
("Rendez-vous pris : 78 (79 en 2019)").

Computed for every action at once (``desks.figures``, ``followup.figures``): a fixed
number of queries for the whole report.
"""

from dataclasses import dataclass

from tisserand.core.figures import FigureLine, Table
from tisserand.core.french import (
    format_hours,
    format_number,
    join_words,
    plural,
    typography,
)
from tisserand.core.models import Contributor
from tisserand.core.periods import Period
from tisserand.desks.figures import EMPTY as NO_DESK_FIGURES
from tisserand.desks.figures import DeskFigures, desk_figures_by
from tisserand.desks.models import Desk
from tisserand.followup.figures import (
    FollowUpFigures,
    contact_modes,
    empty_followup,
    followup_figures_by,
    followup_tables,
)
from tisserand.reports.comparison import Comparison


@dataclass
class DeskAndFollowUpFigures:
    period: Period
    previous: Period
    desk_actions: set[int]
    desks: dict[int, DeskFigures]
    desks_before: dict[int, DeskFigures]
    followup: dict[int, FollowUpFigures]
    followup_before: dict[int, FollowUpFigures]
    desks_of_action: dict[int, list[Desk]]

    @classmethod
    def compute(cls, period: Period, previous: Period, action=None) -> "DeskAndFollowUpFigures":
        """Every action's figures (the report), or one ``action``'s (its page)."""
        desks = Desk.objects.filter(action__isnull=False)
        if action is not None:
            desks = desks.filter(action=action)
        desks_of_action: dict[int, list[Desk]] = {}
        for desk in desks.prefetch_related("slots", "on_duty").order_by("name"):
            desks_of_action.setdefault(desk.action_id, []).append(desk)
        return cls(
            period=period,
            previous=previous,
            desk_actions=set(desks.values_list("action", flat=True).distinct().order_by()),
            desks=desk_figures_by(period, "action", action=action),
            desks_before=desk_figures_by(previous, "action", action=action),
            followup=followup_figures_by(period, "action", action=action),
            followup_before=followup_figures_by(previous, "action", action=action),
            desks_of_action=desks_of_action,
        )

    @classmethod
    def none(cls, period: Period, previous: Period) -> "DeskAndFollowUpFigures":
        """For actions with neither desk nor follow-up files: nothing to query."""
        return cls(period, previous, set(), {}, {}, {}, {}, {})

    def _desk(self, action_id: int) -> tuple[DeskFigures, DeskFigures] | None:
        """The action's desk figures, when it has a desk that did something in either
        period."""
        if action_id not in self.desk_actions:
            return None
        now = self.desks.get(action_id, NO_DESK_FIGURES)
        before = self.desks_before.get(action_id, NO_DESK_FIGURES)
        return None if now.is_empty and before.is_empty else (now, before)

    def _followup(self, action_id: int) -> tuple[FollowUpFigures, FollowUpFigures] | None:
        now = self.followup.get(action_id)
        before = self.followup_before.get(action_id)
        if now is None and before is None:
            return None
        return (now or empty_followup(self.period), before or empty_followup(self.previous))

    def has_figures(self, action_id: int) -> bool:
        return self._desk(action_id) is not None or self._followup(action_id) is not None

    def had_figures_before(self, action_id: int) -> bool:
        """Did the action's desk or follow-up do anything in the previous period?"""
        desk = self.desks_before.get(action_id)
        return (desk is not None and not desk.is_empty) or action_id in self.followup_before

    def lines(self, action_id: int, taken: set[str] = frozenset(),
              comparison: Comparison | None = None) -> list[FigureLine]:
        """The action's desk and follow-up lines. A label already ``taken`` by the lines
        of its ateliers ("Habitants d'un QPV") says that it is about the follow-up."""
        lines = []
        comparison = comparison or Comparison(self.previous.label)
        if desk := self._desk(action_id):
            lines += desk_setting_lines(self.desks_of_action.get(action_id, []))
            lines += desk_lines(*desk, comparison)
        if followup := self._followup(action_id):
            lines += [
                FigureLine(f"{line.label} (accompagnement individuel)", line.value)
                if line.label in taken else line
                for line in followup_lines(*followup, comparison)
            ]
        return [FigureLine(line.label, typography(line.value)) for line in lines]

    def tables(self, action_id: int) -> list[Table]:
        tables = []
        if desk := self._desk(action_id):
            tables += desk_tables(desk[0])
        if followup := self._followup(action_id):
            tables += followup_tables(*followup, self.period, self.previous)
        for table in tables:
            table.title = typography(table.title)
            table.rows = [[typography(cell) for cell in row] for row in table.rows]
        return tables


# --- desks ------------------------------------------------------------------------------


def desk_setting_lines(desks: list[Desk]) -> list[FigureLine]:
    """When the action's desks are open, and how many volunteers hold them."""
    from tisserand.reports.drafts import schedule_text

    days = [schedule_text(list(desk.slots.all())) for desk in desks]
    lines = []
    if days := [text for text in days if text]:
        lines.append(FigureLine("Jours et horaires", "; ".join(days) + ", sur rendez-vous"))
    volunteers = {c.pk for desk in desks for c in desk.on_duty.all()
                  if c.kind == Contributor.Kind.VOLUNTEER}
    if volunteers:
        lines.append(FigureLine("Bénévoles de permanence", plural(len(volunteers), "bénévole")))
    return lines


def desk_lines(now: DeskFigures, before: DeskFigures,
               comparison: Comparison) -> list[FigureLine]:
    def compare(name):
        return comparison.value(getattr(now, name), getattr(before, name))

    lines = [FigureLine("Permanences tenues", compare("sessions_held"))]
    if now.sessions_closed:
        reasons = join_words([f"{r.lower()} : {n}" for r, n in now.closed_by_reason.items()])
        lines.append(FigureLine("Permanences fermées", f"{now.sessions_closed} ({reasons})"))
    lines += [
        FigureLine("Rendez-vous pris", compare("booked")),
        FigureLine("Absences aux rendez-vous", compare("absent")),
    ]
    if now.cancellations or before.cancellations:
        value = comparison.value(now.cancellations, before.cancellations)
        by_whom = [
            f"{format_number(n)} {who}"
            for n, who in ((now.cancelled_by_person, "par la personne"),
                           (now.cancelled_by_centre, "par le centre"))
            if n
        ]
        if len(by_whom) == 2:
            value += ", dont " + join_words(by_whom)
        elif by_whom:
            value += ", " + by_whom[0].split(" ", 1)[1]
        lines.append(FigureLine("Annulations", value))
    lines += [
        FigureLine("Sans rendez-vous", compare("walk_ins")),
        FigureLine("Nombre d'entretiens", compare("interviews")),
        FigureLine("Premières venues", compare("first_visits")),
        FigureLine("Personnes reçues", compare("persons")),
    ]
    if now.minutes:
        lines.append(FigureLine("Temps passé en entretien", format_hours(now.minutes / 60)))
    return lines


def desk_tables(now: DeskFigures) -> list[Table]:
    if not now.kind_families:
        return []
    rows = [
        [family.label, format_number(family.interviews),
         " ; ".join(f"{name} : {format_number(n)}" for name, n in family.kinds)]
        for family in now.kind_families
    ]
    return [Table("Demandes traitées en entretien, par famille",
                  ["Famille de demandes", "Entretiens", "Détail"], rows)]


# --- follow-up --------------------------------------------------------------------------


def followup_lines(now: FollowUpFigures, before: FollowUpFigures,
                   comparison: Comparison) -> list[FigureLine]:
    lines = [
        FigureLine("Personnes accompagnées", comparison.value(now.persons, before.persons)),
        FigureLine("Foyers accompagnés", comparison.value(now.households, before.households)),
        FigureLine("Nouveaux accompagnements",
                   comparison.value(now.new_persons, before.new_persons)),
        FigureLine("Habitants d'un QPV",
                   f"{format_number(now.priority_area)} sur {format_number(now.persons)}"),
        FigureLine("Contacts", comparison.value(now.contacts, before.contacts)),
    ]
    for mode in contact_modes(now, before):
        lines.append(FigureLine(
            f"dont {mode[0].lower()}{mode[1:]}",
            comparison.value(now.contacts_by_mode.get(mode, 0),
                          before.contacts_by_mode.get(mode, 0)),
        ))
    if now.contact_minutes:
        lines.append(FigureLine("Temps des contacts", format_hours(now.contact_minutes / 60)))
    return lines
