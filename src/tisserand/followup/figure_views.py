"""The figures of the individual follow-up for a period, beside the previous period's:
for the whole centre and for each action. Aggregates only: no name, no file.

Who may open the page is declared in ``tisserand.core.permissions`` (``FOLLOW_UP_FIGURES``).
"""

from django.shortcuts import render

from tisserand.activities.selectors import default_report_period
from tisserand.core.request_params import period_from_request
from tisserand.followup.figures import followup_blocks


def followup_figures(request):
    form, period = period_from_request(request, default_report_period)
    context = {"form": form, "period": period}
    if period is not None:
        context.update(previous=period.previous(), blocks=followup_blocks(period))
    return render(request, "followup/figures.html", context, status=200 if period else 400)
