"""The figures of an action and of its ateliers, in the report's words.

Which lines an action shows is its figure set (``activities.figure_sets``). Every line is
worded for its public and its number: "1 personne comptée", "10 filles et 14 garçons",
"27 parents et 41 enfants", "5 pères"; an event counted without names says "473 passages
(comptage)", never "Personnes : 0". A comparison with the previous period is given only
when that period can be compared (``Comparison``).
"""

from dataclasses import dataclass, field

from tisserand.activities.figure_sets import Figure
from tisserand.activities.figures.indicators import Indicators
from tisserand.activities.figures.public import PublicFigures
from tisserand.activities.figures.rhythm import Rhythm
from tisserand.core.figures import FigureLine, Table
from tisserand.core.french import (
    format_hours,
    format_month,
    format_number,
    format_time,
    join_words,
    plural,
    typography,
)
from tisserand.core.periods import Period
from tisserand.reports.comparison import Comparison


@dataclass
class ActivityBlock:
    """An atelier in the report: when and where it met, its sessions and its public."""

    name: str
    when: str
    place: str
    sessions: str
    lines: list[FigureLine] = field(default_factory=list)

    def line(self, label: str) -> str:
        return next((line.value for line in self.lines if line.label == label), "")

    @property
    def public(self) -> str:
        return " ; ".join(line.value for line in self.lines)


# --- the public, in words ------------------------------------------------------------------


def _pair(first: int, first_word: str | tuple[str, str], second: int,
          second_word: str | tuple[str, str]) -> str:
    """"10 filles et 14 garçons", "6 femmes et 1 homme", "5 pères" (a zero is left out);
    a word given as (singular, plural) for the plurals that are not a final "s"."""
    parts = []
    for n, word in ((first, first_word), (second, second_word)):
        if n:
            parts.append(plural(n, *word) if isinstance(word, tuple) else plural(n, word))
    return join_words(parts)


def ages_text(public: PublicFigures, *, children_only: bool = False) -> str:
    """"de 11 à 15 ans"; "enfants de 7 à 10 ans, la plupart de 6 à 9 ans", "enfants de moins
    de 6 ans" (the children's ages, where parents come with them); "de 5 à 73 ans, dont
    enfants de 5 à 17 ans" for a public of all ages ("" when no age is known)."""
    children = ""
    if public.children:
        low, high = public.youngest_child, public.oldest_child
        children = ("enfants de moins de " + plural(high + 1, "an")) if low <= 1 and high >= 2 \
            else "enfants " + _range(low, high)
        majority = public.children_majority
        if majority and public.children >= 8 and (majority[1] - majority[0]) + 2 <= high - low:
            children += ", la plupart " + _range(*majority)
    if children and children_only:
        return children
    if public.youngest_age is None:
        return ""
    everyone = _range(public.youngest_age, public.oldest_age)
    return f"{everyone}, dont {children}" if children and public.adults else everyone


def _range(low: int, high: int) -> str:
    return plural(low, "an") if low == high else f"de {low} à {plural(high, 'an')}"


def _team(now: Indicators) -> str:
    c = now.contributors
    text = _pair(c.staff, "salarié", c.facilitators,
                 ("intervenant extérieur", "intervenants extérieurs"))
    details = [f"{label} : {plural(n, 'séance')}" for label, n in c.facilitator_sessions]
    if details:
        text += f" ({'; '.join(details)})" if text else "; ".join(details)
    return text


def public_lines(keys, now: Indicators, before: Indicators | None,
                 comparison: Comparison, *, children_only: bool) -> list[FigureLine]:
    """The lines about who came, shared by the action (``before``: its figures compared
    with the previous period's) and its ateliers (``before=None``: counts in words, for
    the cells of the ateliers' table)."""
    pub = now.public
    previous = before.public if before is not None else PublicFigures()

    def count(n: int, previous_n: int, word: str) -> str:
        return comparison.value(n, previous_n) if before is not None else plural(n, word)

    lines = []
    if Figure.PASSAGES in keys and pub.passages:
        if pub.counted_only:
            lines.append(FigureLine("Public compté", plural(pub.headcount, "passage")
                                    + " (comptage)"))
        else:
            value = count(pub.passages, previous.passages, "présence")
            if pub.headcount:
                value += f", dont {format_number(pub.headcount)} " + (
                    "comptée sans nom" if pub.headcount == 1 else "comptées sans nom")
            lines.append(FigureLine("Présences", value))
    if not pub.persons:
        return lines
    if Figure.PERSONS in keys:
        lines.append(FigureLine("Personnes différentes",
                                count(pub.persons, previous.persons, "personne")))
    if Figure.HOUSEHOLDS in keys:
        lines.append(FigureLine("Familles différentes",
                                count(pub.households, previous.households, "famille")))
    if Figure.PARENTS_CHILDREN in keys and pub.parents and pub.children:
        lines.append(FigureLine("Parents et enfants",
                                _pair(pub.parents, "parent", pub.children, "enfant")))
    if Figure.MOTHERS_FATHERS in keys and (pub.mothers or pub.fathers):
        lines.append(FigureLine("Mères et pères",
                                _pair(pub.mothers, "mère", pub.fathers, "père")))
    if Figure.GIRLS_BOYS in keys and (pub.girls or pub.boys):
        lines.append(FigureLine("Filles et garçons",
                                _pair(pub.girls, "fille", pub.boys, "garçon")))
    if Figure.WOMEN_MEN in keys and (pub.women or pub.men):
        lines.append(FigureLine("Femmes et hommes",
                                _pair(pub.women, "femme", pub.men, "homme")))
    if Figure.AGES in keys and (ages := ages_text(pub, children_only=children_only)):
        lines.append(FigureLine("Âges", ages))
    participation = now.participation
    if Figure.REGULARS in keys and participation.regulars:
        value = (format_number(participation.regulars) if before is not None else
                 plural(participation.regulars, "participant régulier",
                        "participants réguliers"))
        if participation.always_present:
            value += f", dont {format_number(participation.always_present)} " + (
                "présent à toutes les séances" if participation.always_present == 1
                else "présents à toutes les séances")
        lines.append(FigureLine("Participants réguliers", value))
    return lines


# --- an action ------------------------------------------------------------------------


def action_lines(keys, now: Indicators, before: Indicators, comparison: Comparison, *,
                 days: str = "", children_only: bool = False) -> list[FigureLine]:
    s, p = now.sessions, before.sessions
    lines = []
    if Figure.SESSIONS in keys:
        value = comparison.value(s.held, p.held)
        if s.held_outreach:
            value += f", dont {format_number(s.held_outreach)} hors les murs"
        lines.append(FigureLine("Séances réalisées", value))
    if Figure.CANCELLED in keys and s.cancelled:
        reasons = join_words([f"{r.lower()} : {n}" for r, n in s.cancelled_by_reason.items()])
        lines.append(FigureLine("Séances annulées", f"{format_number(s.cancelled)} ({reasons})"))
    if Figure.HOURS in keys and s.hours:
        lines.append(FigureLine("Heures d'activité", format_hours(s.hours)))
    if Figure.DAYS in keys and days:
        lines.append(FigureLine("Jours et horaires", days))
    lines += public_lines(keys, now, before, comparison, children_only=children_only)
    pub, participation = now.public, now.participation
    if Figure.NEWCOMERS in keys and pub.persons:
        lines.append(FigureLine("Nouveaux venus au centre", newcomers_text(participation)))
    if Figure.QPV in keys and pub.persons:
        lines.append(FigureLine("Habitants d'un QPV",
                                f"{format_number(pub.priority_area)} sur "
                                f"{format_number(pub.persons)}"))
    c = now.contributors
    if Figure.VOLUNTEERS in keys and c.volunteers:
        lines.append(FigureLine("Bénévoles", plural(c.volunteers, "bénévole")
                                + f" ({format_hours(c.volunteer_hours)} en séance)"))
    if Figure.TEAM in keys and (team := _team(now)):
        lines.append(FigureLine("Équipe", team))
    if Figure.PARTNERS in keys and now.partners:
        lines.append(FigureLine("Partenaires", join_words([p.name for p in now.partners])))
    return typeset(lines)


def newcomers_text(participation) -> str:
    """"13 personnes et 10 familles venues pour la première fois", "aucune"."""
    persons, households = participation.new_persons, participation.new_households
    if not persons:
        return "aucune personne venue pour la première fois"
    came = "venue" if persons + households <= 2 else "venues"
    return f"{_pair(persons, 'personne', households, 'famille')} {came} pour la première fois"


def typeset(lines: list[FigureLine]) -> list[FigureLine]:
    return [FigureLine(typography(line.label), typography(line.value)) for line in lines]


def weekly_spans(slots) -> str:
    """The days of an action's ateliers, each from its first start to its last end, days
    of the same hours together: "le lundi de 16 h 30 à 21 h 00 et le mercredi de 10 h 15 à
    18 h 30", "le lundi, le mardi, le jeudi et le vendredi de 16 h 15 à 18 h 30"."""
    from tisserand.core.french import WEEKDAYS

    spans: dict[int, list] = {}
    for slot in slots:
        start, end = spans.setdefault(slot.weekday, [slot.start_time, slot.end_time])
        spans[slot.weekday] = [min(start, slot.start_time), max(end, slot.end_time)]
    by_hours: dict[tuple, list[int]] = {}
    for day, (start, end) in sorted(spans.items()):
        by_hours.setdefault((start, end), []).append(day)
    return join_words([
        f"{join_words([f'le {WEEKDAYS[day]}' for day in days])} "
        f"de {format_time(start)} à {format_time(end)}"
        for (start, end), days in by_hours.items()
    ])


# --- an atelier -------------------------------------------------------------------------


def sessions_text(keys, sessions, rhythm: Rhythm, period: Period) -> str:
    """"14 séances d'1 h, dont 2 hors les murs : 5 de janvier à mars, 2 en juillet, puis 7
    de septembre à décembre", "12 séances d'1 h 30 sur 32 prévues"..."""
    text = plural(sessions.held, "séance")
    if (length := rhythm.duration()) is not None:
        hours = format_hours(length.total_seconds() / 3600)
        text += (" d’" if hours.startswith("1 ") else " de ") + hours  # "d'1 h", "de 2 h"
    if sessions.cancelled:
        text += f" sur {format_number(sessions.planned)} prévues"
    details = []
    if sessions.held_outreach:
        details.append(f"{format_number(sessions.held_outreach)} hors les murs")
    holidays = rhythm.in_school_holidays()
    if 0 < holidays < sessions.held:
        details.append(f"{format_number(holidays)} pendant les vacances scolaires")
    evening = rhythm.in_the_evening()
    if 0 < evening < sessions.held:
        details.append(f"{format_number(evening)} en soirée")
    if details:
        text += ", dont " + join_words(details)
    if Figure.SESSIONS in keys and (runs := rhythm.runs_text(
        period, with_presents=Figure.PRESENT_RANGE in keys and len(rhythm.runs()) > 1,
        with_team=bool({Figure.VOLUNTEERS, Figure.TEAM} & set(keys)),
    )):
        text += f" : {runs}"
    return text


def activity_block(keys, activity, indicators: Indicators, rhythm: Rhythm, period: Period,
                   schedule: str, *, children_only: bool) -> ActivityBlock:
    when = schedule or rhythm.days_text(period)
    if schedule and (frequency := rhythm.frequency_text(period)):
        when += f", {frequency}"
    lines = public_lines(keys, indicators, None, Comparison(""), children_only=children_only)
    if Figure.PRESENT_RANGE in keys and (present := rhythm.present_range()):
        lines.append(FigureLine("Présents par séance", present_text(*present)))
    if Figure.AGES in keys and (intended := _intended_public(activity)):
        lines.append(FigureLine("Public prévu", intended))
    facilitators = indicators.contributors.facilitator_sessions
    if Figure.TEAM in keys and facilitators:
        lines.append(FigureLine("Intervenants", "; ".join(
            f"{label} : {plural(n, 'séance')}" for label, n in facilitators)))
    return ActivityBlock(
        name=typography(activity.name), when=typography(when),
        place=typography(str(activity.default_place or "")),
        sessions=typography(sessions_text(keys, indicators.sessions, rhythm, period)),
        lines=typeset(lines),
    )


def present_text(fewest: int, most: int, usual_low: int, usual_high: int) -> str:
    """"de 7 à 13 présents par séance", "le plus souvent de 10 à 15 présents par séance (de 9
    à 27)"."""
    def span(low, high):
        return plural(low, "présent") if low == high else f"de {low} à {high} présents"

    if (usual_low, usual_high) == (fewest, most):
        return span(fewest, most) + " par séance"
    return f"le plus souvent {span(usual_low, usual_high)} par séance (de {fewest} à {most})"


def _intended_public(activity) -> str:
    """The ages the atelier is open to, as recorded with it ("de 11 à 17 ans")."""
    low, high = activity.min_age, activity.max_age
    if low is not None and high is not None:
        return "public prévu " + _range(low, high)
    if low is not None:
        return f"public prévu à partir de {plural(low, 'an')}"
    if high is not None:
        return f"public prévu jusqu’à {plural(high, 'an')}"
    return ""


def activities_table(blocks: list[ActivityBlock]) -> Table:
    return Table("Ateliers", ["Atelier", "Quand et où", "Séances", "Public"], [
        [block.name, block.when + (f" ({block.place})" if block.place else ""),
         block.sessions, block.public]
        for block in blocks
    ])


def age_bands_table(public: PublicFigures) -> Table:
    return Table("Public par tranche d'âge (âge à la première venue)",
                 ["Tranche d'âge", "Femmes", "Hommes", "Non précisé", "Total"],
                 [[band.label, *(format_number(n) for n in
                                 (band.female, band.male, band.unspecified, band.total))]
                  for band in public.age_bands if band.total])


def months_table(period: Period, activities, rhythms: dict[int, Rhythm]) -> Table:
    """Sessions (and passages) of each atelier, month by month; an atelier with weekly
    slots on several days has a column for each day ("Futsal (mardi)")."""
    from tisserand.core.french import WEEKDAYS

    columns = []
    for activity in activities:
        if activity.pk not in rhythms:
            continue
        days = sorted({slot.weekday for slot in activity.slots.all()})
        if len(days) > 1:
            columns += [(f"{activity.name} ({WEEKDAYS[day]})", rhythms[activity.pk].by_month(day))
                        for day in days]
        else:
            columns.append((activity.name, rhythms[activity.pk].by_month()))
    rows = []
    for month in period.month_starts():
        cells = []
        for _name, by_month in columns:
            count, passages = by_month.get(month, (0, 0))
            cells.append(f"{count} ({passages})" if count else "—")
        if any(cell != "—" for cell in cells):
            rows.append([format_month(month), *cells])
    return Table("Séances par mois (présences entre parenthèses)",
                 ["Mois", *[name for name, _by_month in columns]], rows)
