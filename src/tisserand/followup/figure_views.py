"""The figures of the individual follow-up for a period, beside the previous period's:
for the whole centre and for each action. Aggregates only: no name, no file.

Who may open the page is declared in ``tisserand.core.permissions`` (``FOLLOW_UP_FIGURES``).
"""

from dataclasses import dataclass

from django.shortcuts import render

from tisserand.activities.models import Action
from tisserand.core.calendar import Period
from tisserand.desks.figures import ComparisonRow
from tisserand.followup import figures
from tisserand.followup.figures import FollowUpFigures, empty_followup
from tisserand.reports.desk_blocks import contact_modes, followup_tables
from tisserand.reports.parts import Table
from tisserand.reports.views import period_from_request


@dataclass(frozen=True)
class FollowUpBlock:
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
    blocks = [_block("Tout le centre", figures.followup_figures(period),
                     figures.followup_figures(previous), period, previous)]
    now = figures.followup_figures_by(period, "action")
    before = figures.followup_figures_by(previous, "action")
    keys = set(now) | set(before)
    names = dict(Action.objects.filter(pk__in=[k for k in keys if k]).values_list("pk", "name"))
    for key in sorted(keys, key=lambda k: (k is None, names.get(k, ""))):
        blocks.append(_block(
            names.get(key, "Dossiers sans action du rapport"),
            now.get(key) or empty_followup(period), before.get(key) or empty_followup(previous),
            period, previous,
        ))
    return blocks


def followup_figures(request):
    form, period = period_from_request(request)
    context = {"form": form, "period": period}
    if period is not None:
        context.update(previous=period.previous(), blocks=followup_blocks(period))
    return render(request, "followup/figures.html", context, status=200 if period else 400)

