"""The figures of the desks for a period, beside the previous period's: aggregates only.

Who may open the page is declared in ``tisserand.core.permissions`` (``DESK_FIGURES``).
"""

from django.shortcuts import render

from tisserand.activities.selectors import default_report_period
from tisserand.core.request_params import period_from_request
from tisserand.desks.figures import desk_blocks


def desk_figures(request):
    form, period = period_from_request(request, default_report_period)
    context = {"form": form, "period": period}
    if period is not None:
        context.update(previous=period.previous(), desks=desk_blocks(period))
    return render(request, "desks/figures.html", context, status=200 if period else 400)
