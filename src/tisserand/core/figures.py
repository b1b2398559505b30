"""Building blocks of the figures that every app computes for its own data (activities,
desks, follow-up) and that the documents (report, figures pages) show.

- Grouping: a family of figures is one aggregate query that gives one row per group
  (sector, action, atelier, desk...) or a single row under ``ALL``: ``group_key``.
- Ages: the configurable age bands of the report and the condition "aged x to y on a
  day" written in SQL (``age_q``).
- ``SqlBuilder``: one statement made of ORM querysets used as derived tables.
- The plain parts a document is made of: ``FigureLine``, ``Table``, ``ComparisonRow``.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import F, IntegerField, Q, Value

from tisserand.core.calendar import years_before
from tisserand.core.french import format_number
from tisserand.core.periods import Period

ALL = 0  # the key of the single row when figures are not grouped

# (youngest, oldest) age in whole years at the start of the period; None: no upper bound.
DEFAULT_AGE_BANDS: tuple[tuple[int, int | None], ...] = (
    (0, 3), (4, 10), (11, 14), (15, 17), (18, 25), (26, 59), (60, None),
)
ADULT_AGE = 18


def group_key(paths: dict[str, str], group: str | None, prefix: str = ""):
    """Expression giving each row its group's id: ``paths[group]`` after ``prefix``, or
    ``ALL`` when the figures are not grouped."""
    if group is None:
        return Value(ALL, output_field=IntegerField())
    return F(prefix + paths[group])


def age_band_label(band: tuple[int, int | None]) -> str:
    low, high = band
    return f"{low} ans et plus" if high is None else f"{low}-{high} ans"


def age_q(reference: dt.date, low: int, high: int | None, prefix: str = "") -> Q:
    """Persons aged ``low`` to ``high`` on ``reference`` (exact with a birth date,
    by year difference with a birth year only). A child born after the reference date
    (during the period) counts as aged 0."""
    by_date = Q(**{f"{prefix}birth_date__isnull": False})
    by_year = Q(**{f"{prefix}birth_date__isnull": True, f"{prefix}birth_year__isnull": False})
    if low > 0:
        by_date &= Q(**{f"{prefix}birth_date__lte": years_before(reference, low)})
        by_year &= Q(**{f"{prefix}birth_year__lte": reference.year - low})
    if high is not None:
        by_date &= Q(**{f"{prefix}birth_date__gt": years_before(reference, high + 1)})
        by_year &= Q(**{f"{prefix}birth_year__gte": reference.year - high})
    return by_date | by_year


def date_number_sql(column: str) -> str:
    """SQL turning a date column into the number YYYYMMDD, on SQLite and PostgreSQL: the
    difference of two such numbers divided by 10000 is an age in whole years."""
    if connection.vendor == "postgresql":
        return f"CAST(TO_CHAR({column}, 'YYYYMMDD') AS INTEGER)"
    return f"CAST(REPLACE({column}, '-', '') AS INTEGER)"


class SqlBuilder:
    """One SQL statement made of ORM querysets used as derived tables, for the figures the
    ORM cannot group twice (count persons per group from per-person sub-totals)."""

    def __init__(self):
        self.parts: list[str] = []
        self.params: list = []

    def add(self, sql: str, *params) -> None:
        self.parts.append(sql)
        self.params.extend(params)

    def table(self, queryset, alias: str) -> None:
        sql, params = queryset.order_by().query.sql_with_params()
        self.parts.append(f"({sql}) {alias}")
        self.params.extend(params)

    def named_table(self, queryset, name: str) -> None:
        """``name AS (queryset)``: a table of a ``WITH`` clause, read more than once."""
        sql, params = queryset.order_by().query.sql_with_params()
        self.parts.append(f"{name} AS ({sql})")
        self.params.extend(params)

    def run(self) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute("".join(self.parts), self.params)
            return cursor.fetchall()


# --- the parts of a document ------------------------------------------------------------


@dataclass
class FigureLine:
    label: str
    value: str


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class ComparisonRow:
    """A figure of a period beside the previous period's, on the figures pages."""

    label: str
    now: int
    before: int


def compared_table(
    title: str, head: str, now: list[tuple[str, int]], before: list[tuple[str, int]],
    period: Period, previous: Period,
) -> Table | None:
    """A table of counts by label, this period and the previous one side by side (rows
    at zero in both left out; ``None`` when nothing is left)."""
    current, earlier = dict(now), dict(before)
    labels = [name for name, _n in now] + [name for name, _n in before if name not in current]
    rows = [
        [name, format_number(current.get(name, 0)), format_number(earlier.get(name, 0))]
        for name in labels
        if current.get(name, 0) or earlier.get(name, 0)
    ]
    return Table(title, [head, period.label, previous.label], rows) if rows else None
