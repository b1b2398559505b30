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
    typography,
    with_previous,
)
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


@dataclass
class DeskAndFollowUpFigures:
    period: Period
    previous: Period
    desk_actions: set[int]
    desks: dict[int, DeskFigures]
    desks_before: dict[int, DeskFigures]
    followup: dict[int, FollowUpFigures]
    followup_before: dict[int, FollowUpFigures]

    @classmethod
    def compute(cls, period: Period, previous: Period, action=None) -> "DeskAndFollowUpFigures":
        """Every action's figures (the report), or one ``action``'s (its page)."""
        desks = Desk.objects.filter(action__isnull=False)
        if action is not None:
            desks = desks.filter(action=action)
        return cls(
            period=period,
            previous=previous,
            desk_actions=set(desks.values_list("action", flat=True).distinct().order_by()),
            desks=desk_figures_by(period, "action", action=action),
            desks_before=desk_figures_by(previous, "action", action=action),
            followup=followup_figures_by(period, "action", action=action),
            followup_before=followup_figures_by(previous, "action", action=action),
        )

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

    def lines(self, action_id: int, taken: set[str] = frozenset()) -> list[FigureLine]:
        """The action's desk and follow-up lines. A label already ``taken`` by the lines
        of its ateliers ("Habitants d'un QPV") says that it is about the follow-up."""
        lines = []
        label = self.previous.label
        if desk := self._desk(action_id):
            lines += desk_lines(*desk, label)
        if followup := self._followup(action_id):
            lines += [
                FigureLine(f"{line.label} (accompagnement individuel)", line.value)
                if line.label in taken else line
                for line in followup_lines(*followup, label)
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


def desk_lines(now: DeskFigures, before: DeskFigures, label: str) -> list[FigureLine]:
    def compare(name):
        return with_previous(getattr(now, name), getattr(before, name), label)

    lines = [FigureLine("Permanences tenues", compare("sessions_held"))]
    if now.sessions_closed:
        reasons = join_words([f"{r.lower()} : {n}" for r, n in now.closed_by_reason.items()])
        lines.append(FigureLine("Permanences fermées", f"{now.sessions_closed} ({reasons})"))
    lines += [
        FigureLine("Rendez-vous pris", compare("booked")),
        FigureLine("Absences aux rendez-vous", compare("absent")),
    ]
    if now.cancellations or before.cancellations:
        value = with_previous(now.cancellations, before.cancellations, label)
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


def followup_lines(now: FollowUpFigures, before: FollowUpFigures, label: str) -> list[FigureLine]:
    lines = [
        FigureLine("Personnes accompagnées", with_previous(now.persons, before.persons, label)),
        FigureLine("Foyers accompagnés", with_previous(now.households, before.households, label)),
        FigureLine("Nouveaux accompagnements",
                   with_previous(now.new_persons, before.new_persons, label)),
        FigureLine("Habitants d'un QPV",
                   f"{format_number(now.priority_area)} sur {format_number(now.persons)}"),
        FigureLine("Contacts", with_previous(now.contacts, before.contacts, label)),
    ]
    for mode in contact_modes(now, before):
        lines.append(FigureLine(
            f"dont {mode[0].lower()}{mode[1:]}",
            with_previous(now.contacts_by_mode.get(mode, 0),
                          before.contacts_by_mode.get(mode, 0), label),
        ))
    if now.contact_minutes:
        lines.append(FigureLine("Temps des contacts", format_hours(now.contact_minutes / 60)))
    return lines
