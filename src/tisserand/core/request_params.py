"""The year or the period a page is asked for, read from its query string.

One reading for every page: ``?annee=2020`` for a year; ``?annee=``, ``?saison=`` or
``?du=&au=`` for a period (``tisserand.core.forms.PeriodForm``). A wrong value never
raises: the page shows its default year, or the period form with a French message.

The other parameters of the query strings (an object's number, a day, a time) are read
with ``id_param``, ``date_param`` and ``time_param``: a value that is not one (``²``, a
number too large for the database, a NUL byte, the year 9999) is ignored, never a 500.
``asked_date`` also says, in French, why a day asked for was ignored.
"""

import datetime as dt
import re
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.http import urlencode

from tisserand.core.forms import EARLIEST_DATE, LATEST_DATE, BoundedDateField, PeriodForm
from tisserand.core.periods import FIRST_YEAR, LAST_YEAR, Period

YEAR_KEY = "annee"
PERIOD_KEYS = ("annee", "saison", "du", "au")
# A period value is short ("2019-2020", "31/12/2020"): a longer one is cut, so that the
# form says it is wrong and the links that carry it stay short.
PERIOD_VALUE_MAX = 32
# Ids: ASCII digits only (``"²".isdigit()`` is true, ``int("²")`` fails) and at most the
# largest signed 32-bit integer, which every column of SQLite and PostgreSQL holds.
MAX_ID = 2**31 - 1
_ASCII_DIGITS = re.compile(r"[0-9]{1,10}")
# Days asked for in an address (a desk's week): the dates every form accepts, so that a
# week around them never leaves the dates Python and the databases know.
FIRST_DAY, LAST_DAY = EARLIEST_DATE, LATEST_DATE


# C0 control characters (NUL above all: PostgreSQL refuses it in any text) have no place in
# a query string: ``QueryStringMiddleware`` drops them before any view reads it.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control_characters(text: str) -> bool:
    return _CONTROL_CHARACTERS.search(text) is not None


def without_control_characters(query):
    """A copy of ``query`` (a ``QueryDict``) without control characters in its keys and
    values."""
    cleaned = query.copy()
    cleaned.clear()
    for key, values in query.lists():
        cleaned.setlist(_CONTROL_CHARACTERS.sub("", key),
                        [_CONTROL_CHARACTERS.sub("", value) for value in values])
    cleaned._mutable = False
    return cleaned


def id_from(value) -> int | None:
    """``value`` as an object number (1 to ``MAX_ID``), else ``None``."""
    if not isinstance(value, str) or not _ASCII_DIGITS.fullmatch(value.strip()):
        return None
    number = int(value)
    return number if 1 <= number <= MAX_ID else None


def id_param(request, key: str, *, method: str = "GET") -> int | None:
    """``?key=42`` as an object number, else ``None`` (``method="POST"`` for a form)."""
    return id_from(getattr(request, method).get(key, ""))


def checked_date(value) -> tuple[dt.date | None, str | None]:
    """``value`` read as the date field of the forms reads it (``2020-03-17`` or
    ``17/03/2020``, between ``FIRST_DAY`` and ``LAST_DAY``): the day, or ``None`` and the
    French reason (``None`` and ``None`` when nothing was given)."""
    if not isinstance(value, str) or not value.strip():
        return None, None
    try:
        return BoundedDateField(required=False).clean(value.strip()), None
    except ValidationError as error:
        return None, error.messages[0]


def date_from(value) -> dt.date | None:
    """A date between ``FIRST_DAY`` and ``LAST_DAY``, else ``None``."""
    return checked_date(value)[0]


def date_param(request, key: str) -> dt.date | None:
    return date_from(request.GET.get(key, ""))


def asked_date(request, key: str) -> tuple[dt.date | None, str | None]:
    """``?key=`` as a day, or ``None`` and the French reason it was not one."""
    return checked_date(request.GET.get(key, ""))


def time_from(value) -> dt.time | None:
    """A time of day (``16:15``), else ``None``."""
    try:
        return dt.time.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def year_from_request(request, default: int | None = None) -> int:
    """``?annee=2020`` when it is a possible year, else ``default`` (the current year)."""
    fallback = default if default is not None else timezone.localdate().year
    value = request.GET.get(YEAR_KEY, "").strip()
    if not re.fullmatch(r"[0-9]{4}", value):
        return fallback
    year = int(value)
    return year if FIRST_YEAR <= year <= LAST_YEAR else fallback


def _asked(request) -> dict[str, str]:
    return {
        k: v[:PERIOD_VALUE_MAX]
        for k, v in request.GET.items() if k in PERIOD_KEYS and v.strip()
    }


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
