"""Benchmark of the report on the demo centre (issue 3): run by `make bench`.

Measures, on the current database (the Makefile loads the demo into data/bench first):
one year's indicators for the whole centre, the report structure, and each export.
Prints a Markdown table and, with --write, replaces the table in docs/performance.md.
"""

import argparse
import os
import platform
import re
import statistics
import sys
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tisserand.settings")
django.setup()

from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from tisserand.activities.figures.indicators import indicators_for  # noqa: E402
from tisserand.activities.figures.scope import Scope  # noqa: E402
from tisserand.core.periods import calendar_year  # noqa: E402
from tisserand.reports.builder import build_report  # noqa: E402
from tisserand.reports.exporters import EXPORTERS  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
MARK_START, MARK_END = "<!-- bench:report:start -->", "<!-- bench:report:end -->"
TARGETS = {"indicators": 0.5, "docx": 2.0, "pdf": 5.0}


def measure(function, repeat: int):
    """Median wall time and median CPU time over ``repeat`` runs (after one warm-up run),
    and the query count. Nothing is cached between runs: each one builds the report anew.

    The CPU time of the process shows whether the machine was busy: on a free core it
    equals the wall time; when another program shares the core, only the wall time grows.
    """
    function()
    with CaptureQueriesContext(connection) as queries:
        function()
    query_count = len(queries)  # read now: reset_queries() below empties the log
    times, cpu_times = [], []
    for _ in range(repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        function()
        times.append(time.perf_counter() - started)
        cpu_times.append(time.process_time() - cpu_started)
        reset_queries()
    return statistics.median(times), statistics.median(cpu_times), query_count


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--year", type=int, default=2020)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--write", action="store_true", help="update docs/performance.md")
    args = parser.parse_args()
    period = calendar_year(args.year)

    rows = []
    timing = measure(lambda: indicators_for(Scope(), period), args.repeat)
    rows.append(("Indicateurs de l'année, tout le centre", "indicators", *timing))
    timing = measure(lambda: build_report(period), args.repeat)
    rows.append(("Structure du rapport (graphiques dessinés à la demande)", "build", *timing))
    for name in ("html", "docx", "pdf"):
        exporter = EXPORTERS[name]
        timing = measure(
            lambda exporter=exporter: exporter.export(build_report(period)), args.repeat
        )
        rows.append((f"Rapport complet en {name.upper()}", name, *timing))

    lines = [
        f"Mesuré le {time.strftime('%Y-%m-%d')} sur {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}, {connection.vendor}, un cœur (taskset), "
        f"année {args.year} du centre de démonstration, médiane de {args.repeat} exécutions.",
        "",
        "| Mesure | Temps (s) | Temps CPU (s) | Requêtes SQL | Objectif |",
        "|---|---:|---:|---:|---|",
    ]
    failed = False
    for label, key, seconds, cpu_seconds, queries in rows:
        target = TARGETS.get(key)
        verdict = ""
        if target:
            ok = seconds < target
            failed |= not ok
            verdict = f"< {target} s : {'atteint' if ok else 'NON ATTEINT'}"
        lines.append(f"| {label} | {seconds:.3f} | {cpu_seconds:.3f} | {queries} | {verdict} |")
    table = "\n".join(lines)
    print(table)
    if args.write:
        path = ROOT / "docs" / "performance.md"
        text = path.read_text(encoding="utf-8")
        block = f"{MARK_START}\n{table}\n{MARK_END}"
        text = re.sub(re.escape(MARK_START) + ".*?" + re.escape(MARK_END), block, text, flags=re.S)
        path.write_text(text, encoding="utf-8")
    if failed:
        print("Au moins un objectif n'est pas atteint (voir le tableau).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
