"""The year or the period a page is asked for, read from its query string.

One reading for every page: ``?annee=2020`` for a year; ``?annee=``, ``?saison=`` or
``?du=&au=`` for a period (``tisserand.core.forms.PeriodForm``). A wrong value never
raises: the page shows its default year, or the period form with a French message.
"""

from collections.abc import Callable

from django.utils import timezone
from django.utils.http import urlencode

from tisserand.core.forms import PeriodForm
from tisserand.core.periods import FIRST_YEAR, LAST_YEAR, Period

YEAR_KEY = "annee"
PERIOD_KEYS = ("annee", "saison", "du", "au")


def year_from_request(request, default: int | None = None) -> int:
    """``?annee=2020`` when it is a possible year, else ``default`` (the current year)."""
    fallback = default if default is not None else timezone.localdate().year
    try:
        year = int(request.GET.get(YEAR_KEY, ""))
    except ValueError:
        return fallback
    return year if FIRST_YEAR <= year <= LAST_YEAR else fallback


def _asked(request) -> dict[str, str]:
    return {k: v for k, v in request.GET.items() if k in PERIOD_KEYS and v.strip()}


def period_from_request(
    request, default: Callable[[], Period]
) -> tuple[PeriodForm, Period | None]:
    """The period asked for in the query string, else ``default()`` (called only then).
    ``None`` when the input is wrong: the form carries the French message."""
    asked = _asked(request)
    if not asked:
        period = default()
        return PeriodForm(initial=PeriodForm.initial_for(period)), period
    form = PeriodForm(asked)
    return form, (form.period() if form.is_valid() else None)


def period_query(request) -> str:
    """The period part of the query string, to carry it to another link."""
    return urlencode(_asked(request))
