"""Every GET parameter of every screen, fuzzed: never a 500.

The screens and their parameters are discovered, not listed by hand: the test walks every
URL pattern of the project (as the permission matrix test does, with real ids), opens each
one as the direction with a query dict that records which keys the view reads
(``request.GET.get("q")``, a form bound to ``request.GET``…), then sends each of those keys,
one at a time and then all together, every hostile value below. A view that reads the whole
query string (``items()``: the period form) is sent the period keys and ``page``.

The answer may be the page, a French message, a redirect, a 404 or a 405: never a 500, on
SQLite and on PostgreSQL (``DATABASE_URL=... pytest -k fuzz``).
"""

import datetime as dt

import pytest
from django.core.handlers.wsgi import WSGIRequest
from django.http import QueryDict
from django.utils.functional import cached_property

from tisserand.core.middleware import QueryStringMiddleware
from tisserand.core.request_params import PERIOD_KEYS, date_from, id_from, year_from_request
from tisserand.core.roles import DIRECTION
from tisserand.core.tests.test_permission_matrix import (  # noqa: F401 (fixture)
    project_url_names,
    url_for,
    world,
)

HOSTILE_VALUES = [
    "²",
    "٣",  # an Arabic-Indic digit: int() accepts it
    "99999999999999999999",
    "-99999999999999999999",
    "-1",
    "0",
    "1e400",
    "nan",
    "\x00",
    "1\x00",
    "31/12/9999",
    "01/01/0001",
    "00/00/0000",
    "9999-12-31",
    "0001-01-01",
    "29/02/2021",
    "25:99",
    "' OR 1=1 --",
    "%",
    "x" * 5000,
]

# Keys every view that reads the whole query string is sent.
WHOLE_QUERY_KEYS = (*PERIOD_KEYS, "page")

# Screens that need no query string and would only be slow to fuzz (documents rendered by
# WeasyPrint or LibreOffice): they are still opened once, and their recorded keys fuzzed.
SKIPPED = {"logout"}


class _Recorder:
    keys: set[str] = set()
    whole: bool = False


class RecordingQueryDict(QueryDict):
    """A query dict that notes which keys the view reads."""

    def get(self, key, default=None):
        _Recorder.keys.add(key)
        return super().get(key, default)

    def __getitem__(self, key):
        _Recorder.keys.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        _Recorder.keys.add(key)
        return super().__contains__(key)

    def getlist(self, key, default=None):
        _Recorder.keys.add(key)
        return super().getlist(key, default)

    def items(self):
        _Recorder.whole = True
        return super().items()

    def lists(self):
        _Recorder.whole = True
        return super().lists()

    def keys(self):
        _Recorder.whole = True
        return super().keys()

    def __iter__(self):
        _Recorder.whole = True
        return super().__iter__()


@pytest.fixture
def recording_get(monkeypatch):
    def get(request):
        return RecordingQueryDict(request.environ.get("QUERY_STRING", ""),
                                  encoding=request._encoding)

    prop = cached_property(get)
    prop.__set_name__(WSGIRequest, "GET")
    monkeypatch.setattr(WSGIRequest, "GET", prop)


def _open(client, url, params):
    """The status code, or the exception a 500 would have shown."""
    try:
        return client.get(url, params).status_code, ""
    except Exception as error:  # noqa: BLE001 - the point is to report any of them
        return 500, f"{type(error).__name__}: {str(error)[:200]}"


def discover_keys(client, url) -> set[str]:
    """The GET keys the view at ``url`` reads: with an empty query string, then with each
    key found given a plain value (some views read a key only when another one is set)."""
    _Recorder.keys, _Recorder.whole = set(), False
    client.get(url)
    found = set(_Recorder.keys)
    if found:
        client.get(url, {key: "a" for key in found})
        found |= _Recorder.keys
    if _Recorder.whole:
        found |= set(WHOLE_QUERY_KEYS)
    return {key for key in found if key}


def test_the_recorder_finds_the_keys_of_a_search_and_of_a_period(
        client, world, recording_get):  # noqa: F811
    """The discovery is not vacuous: the person search reads ``q``, the report its period."""
    client.force_login(world["users"][DIRECTION])
    assert "q" in discover_keys(client, url_for("person_list", world))
    assert {"annee", "saison", "du", "au"} <= discover_keys(client, url_for("report", world))
    assert "semaine" in discover_keys(client, url_for("desk_week", world))


def test_no_hostile_get_parameter_gives_a_500(client, world, recording_get):  # noqa: F811
    client.force_login(world["users"][DIRECTION])
    failures = []
    fuzzed = 0
    for name in project_url_names():
        if name in SKIPPED:
            continue
        url = url_for(name, world)
        keys = sorted(discover_keys(client, url))
        if not keys:
            continue
        for value in HOSTILE_VALUES:
            attempts = [{key: value} for key in keys] + [{key: value for key in keys}]
            for params in attempts:
                status, error = _open(client, url, params)
                fuzzed += 1
                if status >= 500:
                    failures.append(f"{name} {url} {params!r:.80} → {status} {error}")
    assert fuzzed > 200, "La découverte des paramètres n'a presque rien trouvé."
    assert not failures, "Erreurs 500 :\n" + "\n".join(failures)


# --- the readers the views use -------------------------------------------------------------


@pytest.mark.parametrize("value, expected", [
    ("42", 42), (" 7 ", 7), ("²", None), ("٣", None), ("-1", None), ("0", None),
    ("99999999999999999999", None), (str(2**31), None), (str(2**31 - 1), 2**31 - 1),
    ("1\x00", None), ("", None), (None, None), ("1e3", None),
])
def test_an_id_is_ascii_digits_within_the_range_of_both_databases(value, expected):
    assert id_from(value) == expected


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "2020-02-30", "²", "", None])
def test_a_day_outside_the_years_of_the_periods_is_ignored(value):
    assert date_from(value) is None


def test_a_day_inside_them_is_read():
    assert date_from("2020-03-17") == dt.date(2020, 3, 17)


def test_a_nul_byte_is_dropped_from_the_query_string(rf):
    seen = {}

    def view(request):
        seen.update(request.GET.lists())
        return None

    QueryStringMiddleware(view)(rf.get("/", {"q": "Ma\x00rtin", "a\x01b": ["1", "\x002"]}))
    assert seen == {"q": ["Martin"], "ab": ["1", "2"]}


def test_the_year_reader_takes_four_ascii_digits_only(rf):
    for value in ["²⁰²⁰", "٢٠٢٠", "99999999999999999999", "-2020", "2020\x00"]:
        assert year_from_request(rf.get("/", {"annee": value}), default=2019) == 2019
    assert year_from_request(rf.get("/", {"annee": "2020"}), default=2019) == 2020
