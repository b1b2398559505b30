"""French typography and formats for the report: non-breaking spaces before ; : ! ?,
times as "16 h 15", dates as "17 mars 2020", numbers as "1 234"."""

import datetime as dt
import re
from collections.abc import Sequence
from functools import lru_cache

NBSP = "\u00a0"  # before ":" and inside « »
NNBSP = "\u202f"  # narrow: before ; ! ? and between thousands

MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")

_SPACE_BEFORE_TALL = re.compile(r"[ \t\u00a0\u202f]+([;!?])")
_MISSING_BEFORE_TALL = re.compile(r"(?<=[\w)»])([;!?])(?=\s|$)")
_SPACE_BEFORE_COLON = re.compile(r"[ \t\u00a0\u202f]+:")
_SPACE_BEFORE_CLOSING_QUOTE = re.compile(r"[ \t\u00a0\u202f]*»")
_SPACE_AFTER_OPENING_QUOTE = re.compile(r"«[ \t\u00a0\u202f]*")
_TIME = re.compile(r"\b(\d{1,3})[ \u202f]h(?:[ \u202f](\d{2}))?\b")
_THOUSANDS = re.compile(r"\b(\d{1,3})[ \u00a0](?=\d{3}\b)")


def _bound_time(match: re.Match) -> str:
    hours, minutes = match.groups()
    return f"{hours}{NBSP}h" + (f"{NBSP}{minutes}" if minutes else "")


# Labels and values repeat across a report's actions (every action's "Séances"…).
@lru_cache(maxsize=4096)
def typography(text: str) -> str:
    """Put non-breaking spaces where French typography wants them.

    A colon gets one only where a space already stands (so "16:15" or "https://" stay as
    they are); ; ! ? get a narrow one, added when missing after a word. Times ("14 h 00")
    and numbers ("6 176") typed with plain spaces get non-breaking ones.
    """
    text = _SPACE_BEFORE_TALL.sub(NNBSP + r"\1", text)
    text = _MISSING_BEFORE_TALL.sub(NNBSP + r"\1", text)
    text = _SPACE_BEFORE_COLON.sub(NBSP + ":", text)
    text = _SPACE_BEFORE_CLOSING_QUOTE.sub(NBSP + "»", text)
    text = _SPACE_AFTER_OPENING_QUOTE.sub("«" + NBSP, text)
    text = _TIME.sub(_bound_time, text)  # "14 h 00", "1 h" never break
    return _THOUSANDS.sub(rf"\1{NNBSP}", text)  # "6 176" neither


def format_time(value: dt.time) -> str:
    """"16 h 15", with plain spaces (an SMS, a draft): ``typography`` binds it in a
    document."""
    return f"{value.hour} h {value.minute:02d}"


def format_date(value: dt.date) -> str:
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {MONTHS[value.month - 1]} {value.year}"


def format_month(value: dt.date) -> str:
    return f"{MONTHS[value.month - 1]} {value.year}"


def format_number(value: int | float) -> str:
    if isinstance(value, float) and not value.is_integer():
        whole, _dot, decimals = f"{value:,.1f}".partition(".")
        return whole.replace(",", NNBSP) + "," + decimals
    return f"{int(value):,}".replace(",", NNBSP)


def format_hours(hours: float) -> str:
    whole = int(hours)
    minutes = round((hours - whole) * 60)
    return f"{whole} h {minutes:02d}" if minutes else f"{whole} h"


def join_words(items: Sequence[str]) -> str:
    """"a", "a et b", "a, b et c"."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " et " + items[-1]


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    word = singular if count <= 1 else (plural_form or singular + "s")
    return f"{format_number(count)} {word}"


def with_previous(current: int | float, previous: int | float | None, label: str) -> str:
    """"78 (79 en 2019)", the comparison every figure of the report carries."""
    if previous is None:
        return format_number(current)
    return f"{format_number(current)} ({format_number(previous)} en {label})"
