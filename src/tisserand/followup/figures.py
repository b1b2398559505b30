"""Figures of the individual follow-up for a period: persons and households followed, new
files, household composition, age bands, priority area (QPV), contacts by mode and by
month, themes, referrals by partner. Aggregates only: no name ever leaves this module.

A person is *followed* in the period when one of their files had a contact in the period or
was opened in it. A person with no household recorded counts as a household of their own
(as in ``activities.figures.indicators``). Ages are taken at the start of the period, in the
configurable bands of the report.

Grouped like ``activities.figures.indicators``: ``group="action"`` gives one row per action of the
report, ``None`` the whole centre under ``ALL``; five queries, whatever the data.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, Sum

from tisserand.activities.models import Action
from tisserand.core.figures import (
    ALL,
    DEFAULT_AGE_BANDS,
    ComparisonRow,
    Table,
    age_band_label,
    age_q,
    compared_table,
    group_key,
)
from tisserand.core.french import format_month, format_number
from tisserand.core.periods import Period, empty_months
from tisserand.followup.models import Contact, FollowUpFile, Referral
from tisserand.people.models import Household, PriorityArea

NOT_RECORDED = "Non renseigné"
GROUP_PATHS = {"action": "action", "sector": "action__sectors"}  # from a file to the group


def _key(group: str | None, prefix: str = ""):
    """Each row's group id; ``prefix`` leads to the file."""
    return group_key(GROUP_PATHS, group, prefix)


def _in(period: Period, name: str) -> Q:
    return Q(**{f"{name}__range": (period.start, period.end)})


def followed_files(period: Period, action=None):
    """Files with a contact in the period, or opened in it."""
    contact = Contact.objects.filter(_in(period, "date"), file=OuterRef("pk"))
    files = FollowUpFile.objects.filter(_in(period, "opened_on") | Q(Exists(contact)))
    return files.filter(action=action) if action is not None else files


@dataclass(frozen=True)
class ReferralRow:
    partner: str
    total: int = 0
    done: int = 0
    not_done: int = 0
    pending: int = 0


@dataclass(frozen=True)
class FollowUpFigures:
    persons: int = 0
    households: int = 0
    new_persons: int = 0  # persons whose file was opened in the period
    priority_area: int = 0  # persons living in a QPV
    age_bands: list[tuple[str, int]] = field(default_factory=list)
    age_unknown: int = 0
    by_composition: list[tuple[str, int]] = field(default_factory=list)  # households
    contacts: int = 0
    contact_minutes: int = 0
    contacts_by_mode: dict[str, int] = field(default_factory=dict)
    # (first day of the month, {mode label: contacts}) for every month of the period
    contacts_by_month: list[tuple[dt.date, dict[str, int]]] = field(default_factory=list)
    themes: list[tuple[str, int]] = field(default_factory=list)  # contacts per theme
    referrals: list[ReferralRow] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.persons or self.contacts)


def empty_followup(period: Period, age_bands=DEFAULT_AGE_BANDS) -> FollowUpFigures:
    return FollowUpFigures(
        age_bands=[(age_band_label(b), 0) for b in age_bands],
        contacts_by_month=[(month, {}) for month, _zero in empty_months(period)],
    )


def followup_figures_by(
    period: Period, group: str | None = None, *, action=None, age_bands=DEFAULT_AGE_BANDS
) -> dict[int, FollowUpFigures]:
    """Figures of each group (action id, or ``ALL``) with someone followed or a contact
    in the period."""
    persons = _person_rows(period, group, action, age_bands)
    compositions = _compositions(period, group, action)
    contacts = _contacts(period, group, action)
    themes = _themes(period, group, action)
    referrals = _referrals(period, group, action)
    empty = empty_followup(period, age_bands)
    result = {}
    for key in set(persons) | set(contacts):
        row = persons.get(key)
        total, minutes, by_mode, by_month = contacts.get(
            key, (0, 0, {}, empty.contacts_by_month)
        )
        result[key] = FollowUpFigures(
            persons=row["persons"] if row else 0,
            households=(row["households"] + row["alone"]) if row else 0,
            new_persons=row["new"] if row else 0,
            priority_area=row["qpv"] if row else 0,
            age_bands=[
                (age_band_label(band), row[f"band{i}"] if row else 0)
                for i, band in enumerate(age_bands)
            ],
            age_unknown=row["age_unknown"] if row else 0,
            by_composition=compositions.get(key, []),
            contacts=total,
            contact_minutes=minutes,
            contacts_by_mode=by_mode,
            contacts_by_month=by_month,
            themes=themes.get(key, []),
            referrals=referrals.get(key, []),
        )
    return result


def followup_figures(period: Period, *, action=None, age_bands=DEFAULT_AGE_BANDS):
    return followup_figures_by(period, None, action=action, age_bands=age_bands).get(
        ALL, empty_followup(period, age_bands)
    )


def followed_persons_by(period: Period, group: str | None = None) -> dict[int, tuple[int, int]]:
    """(persons followed, of whom living in a QPV) of each group, in one query: what a
    sector's summary needs, without the rest of ``followup_figures_by``."""
    rows = (
        followed_files(period)
        .annotate(key=_key(group))
        .values("key")
        .annotate(persons=Count("person", distinct=True),
                  qpv=_distinct_persons(Q(person__priority_area=PriorityArea.YES)))
        .values_list("key", "persons", "qpv")
        .order_by()
    )
    return {key: (persons, qpv) for key, persons, qpv in rows}


def _distinct_persons(condition: Q) -> Count:
    return Count("person", distinct=True, filter=condition)


def _person_rows(period, group, action, age_bands) -> dict[int, dict]:
    reference = period.start
    p = "person__"
    known_age = Q(person__birth_date__isnull=False) | Q(person__birth_year__isnull=False)
    aggregates = {
        "persons": Count("person", distinct=True),
        "households": Count("person__household", distinct=True),
        "alone": _distinct_persons(Q(person__household__isnull=True)),
        "new": _distinct_persons(_in(period, "opened_on")),
        "qpv": _distinct_persons(Q(person__priority_area=PriorityArea.YES)),
        "age_unknown": _distinct_persons(~known_age),
    }
    for index, (low, high) in enumerate(age_bands):
        aggregates[f"band{index}"] = _distinct_persons(age_q(reference, low, high, p))
    rows = (
        followed_files(period, action)
        .annotate(key=_key(group))
        .values("key")
        .annotate(**aggregates)
        .order_by()
    )
    return {row["key"]: row for row in rows}


COMPOSITION_ORDER = [c.value for c in Household.Composition]


def _compositions(period, group, action) -> dict[int, list[tuple[str, int]]]:
    """Households followed by composition; a person without household, or a household
    whose composition is not recorded, is "Non renseigné"."""
    rows = (
        followed_files(period, action)
        .annotate(key=_key(group))
        .values("key", "person__household__composition")
        .annotate(
            households=Count("person__household", distinct=True),
            alone=_distinct_persons(Q(person__household__isnull=True)),
        )
        .order_by()
    )
    counts: dict[int, dict[str, int]] = {}
    for row in rows:
        value = row["person__household__composition"] or ""
        by_value = counts.setdefault(row["key"], {})
        by_value[value] = by_value.get(value, 0) + row["households"] + row["alone"]

    def rank(value):
        return COMPOSITION_ORDER.index(value) if value in COMPOSITION_ORDER else len(
            COMPOSITION_ORDER
        )

    return {
        key: [
            (str(Household.Composition(v).label) if v else NOT_RECORDED, n)
            for v, n in sorted(by_value.items(), key=lambda item: rank(item[0]))
        ]
        for key, by_value in counts.items()
    }


def _contacts_q(period: Period, action, prefix: str = "") -> Q:
    condition = _in(period, f"{prefix}date")
    if action is not None:
        condition &= Q(**{f"{prefix}file__action": action})
    return condition


def _contacts(period, group, action):
    """Contacts by mode and by month. The database sums by day and mode (bounded by the
    days of the period, not by the contacts); days are added into months here."""
    rows = (
        Contact.objects.filter(_contacts_q(period, action))
        .annotate(key=_key(group, "file__"))
        .values("key", "date", "mode")
        .annotate(n=Count("id"), minutes=Sum("minutes"))
        .order_by()
    )
    labels = dict(Contact.Mode.choices)
    totals: dict[int, dict] = {}
    for row in rows:
        entry = totals.setdefault(row["key"], {"n": 0, "minutes": 0, "modes": {}, "months": {}})
        label = str(labels[row["mode"]])
        entry["n"] += row["n"]
        entry["minutes"] += row["minutes"] or 0
        entry["modes"][row["mode"]] = entry["modes"].get(row["mode"], 0) + row["n"]
        month = entry["months"].setdefault(row["date"].replace(day=1), {})
        month[label] = month.get(label, 0) + row["n"]
    result = {}
    for key, entry in totals.items():
        by_mode = {str(labels[m]): entry["modes"][m] for m in Contact.Mode.values
                   if m in entry["modes"]}
        by_month = [(month, entry["months"].get(month, {})) for month, _z in empty_months(period)]
        result[key] = (entry["n"], entry["minutes"], by_mode, by_month)
    return result


def _themes(period, group, action) -> dict[int, list[tuple[str, int]]]:
    rows = (
        Contact.themes.through.objects.filter(_contacts_q(period, action, "contact__"))
        .annotate(key=_key(group, "contact__file__"))
        .values("key", "theme__name")
        .annotate(n=Count("contact", distinct=True))
        .order_by("-n", "theme__position", "theme__name")
    )
    result: dict[int, list[tuple[str, int]]] = {}
    for row in rows:
        result.setdefault(row["key"], []).append((row["theme__name"], row["n"]))
    return result


def _referrals(period, group, action) -> dict[int, list[ReferralRow]]:
    condition = _in(period, "date")
    if action is not None:
        condition &= Q(file__action=action)
    rows = (
        Referral.objects.filter(condition)
        .annotate(key=_key(group, "file__"))
        .values("key", "partner__name")
        .annotate(
            total=Count("id"),
            done=Count("id", filter=Q(outcome=Referral.Outcome.DONE)),
            not_done=Count("id", filter=Q(outcome=Referral.Outcome.NOT_DONE)),
            pending=Count("id", filter=Q(outcome=Referral.Outcome.PENDING)),
        )
        .order_by("-total", "partner__name")
    )
    result: dict[int, list[ReferralRow]] = {}
    for row in rows:
        result.setdefault(row["key"], []).append(ReferralRow(
            row["partner__name"], row["total"], row["done"], row["not_done"], row["pending"]
        ))
    return result


# --- tables and blocks, for the report and the figures page ---------------------------


def contact_modes(now: FollowUpFigures, before: FollowUpFigures) -> list[str]:
    """The modes of contact used in either period, in their usual order."""
    return [str(label) for value, label in Contact.Mode.choices
            if str(label) in now.contacts_by_mode or str(label) in before.contacts_by_mode]


def followup_tables(
    now: FollowUpFigures, before: FollowUpFigures, period: Period, previous: Period
) -> list[Table]:
    ages_now = now.age_bands + ([("Âge non renseigné", now.age_unknown)])
    ages_before = before.age_bands + ([("Âge non renseigné", before.age_unknown)])
    tables = [
        compared_table("Foyers accompagnés, par composition", "Composition",
                       now.by_composition, before.by_composition, period, previous),
        compared_table("Personnes accompagnées, par âge au début de la période", "Âge",
                       ages_now, ages_before, period, previous),
        _contacts_by_month(now),
        compared_table("Thèmes abordés (nombre de contacts)", "Thème",
                       now.themes, before.themes, period, previous),
    ]
    if now.referrals:
        tables.append(Table(
            "Orientations vers des partenaires",
            ["Partenaire", "Orientations", "Abouties", "Sans suite", "En attente"],
            [[r.partner, *(format_number(n) for n in (r.total, r.done, r.not_done, r.pending))]
             for r in now.referrals],
        ))
    return [table for table in tables if table is not None]


def _contacts_by_month(now: FollowUpFigures) -> Table | None:
    """Contacts of each month by mode: the phone follow-up of the lockdown shows here."""
    modes = list(now.contacts_by_mode)
    if not modes:
        return None
    rows = []
    for month, by_mode in now.contacts_by_month:
        counts = [by_mode.get(mode, 0) for mode in modes]
        rows.append([format_month(month)] + [format_number(n) for n in counts]
                    + [format_number(sum(counts))])
    return Table("Contacts par mois et par mode", ["Mois", *modes, "Total"], rows)


@dataclass(frozen=True)
class FollowUpBlock:
    """The whole centre or one action on the figures page: this period beside the
    previous one."""

    name: str
    rows: list[ComparisonRow]
    tables: list[Table]


def _block(name, now: FollowUpFigures, before: FollowUpFigures, period, previous):
    rows = [
        ComparisonRow("Personnes accompagnées", now.persons, before.persons),
        ComparisonRow("Foyers accompagnés", now.households, before.households),
        ComparisonRow("Nouveaux accompagnements", now.new_persons, before.new_persons),
        ComparisonRow("Habitants d'un QPV", now.priority_area, before.priority_area),
        ComparisonRow("Contacts", now.contacts, before.contacts),
    ]
    rows += [
        ComparisonRow(f"dont {m[0].lower()}{m[1:]}", now.contacts_by_mode.get(m, 0),
                      before.contacts_by_mode.get(m, 0))
        for m in contact_modes(now, before)
    ]
    return FollowUpBlock(name, rows, followup_tables(now, before, period, previous))


def followup_blocks(period: Period) -> list[FollowUpBlock]:
    """The whole centre, then each action with someone followed in either period."""
    previous = period.previous()
    blocks = [_block("Tout le centre", followup_figures(period), followup_figures(previous),
                     period, previous)]
    now = followup_figures_by(period, "action")
    before = followup_figures_by(previous, "action")
    keys = set(now) | set(before)
    names = dict(Action.objects.filter(pk__in=[k for k in keys if k]).values_list("pk", "name"))
    for key in sorted(keys, key=lambda k: (k is None, names.get(k, ""))):
        blocks.append(_block(
            names.get(key, "Dossiers sans action du rapport"),
            now.get(key) or empty_followup(period), before.get(key) or empty_followup(previous),
            period, previous,
        ))
    return blocks
