"""Benchmark of the PDF export of a person (privacy, right of access) with long notes.

Issue 12: a 100 KB note made the export take a minute (a worker was killed at 200 KB):
the notes were laid out as grid items and table cells, whole again on each page. This
prints, for growing notes (the remarks, a follow-up file's notes and a contact's note each
that long), the wall time, the pages and the characters given to WeasyPrint's line breaker
(``tisserand.testing.pdf_layout``): both should grow like the text, not like its square.

    .venv/bin/python benchmarks/bench_export.py [--sizes 2500 5000 10000 20000 40000]

No database: the export's template is rendered from data shaped like
``privacy.selectors.person_export_data``. Sizes above 10,000 characters cannot be typed any
more (``core.limits.NOTE_MAX_LENGTH``), but older data or an import could hold them.
"""

import argparse
import datetime as dt
import os
import random
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tisserand.tools_settings")
django.setup()

from django.template.loader import render_to_string  # noqa: E402

from tisserand.testing.pdf_layout import count_line_breaking  # noqa: E402

WORDS = [
    "le", "la", "les", "un", "une", "des", "centre", "social", "famille", "rendez-vous",
    "dossier", "accompagnement", "logement", "CAF", "aide", "démarches", "courrier",
]


def note(size: int, rng: random.Random) -> str:
    words, length = [], 0
    while length < size:
        word = rng.choice(WORDS) + ("\n" if rng.random() < 0.02 else "")
        words.append(word)
        length += len(word) + 1
    return " ".join(words)[:size]


def export_html(size: int) -> str:
    rng = random.Random(size)
    today = dt.date(2020, 3, 2)
    data = {
        "export": {"centre": "Centre social", "generated_at": dt.datetime(2020, 3, 2, 10)},
        "person": {"id": 1, "first_name": "Léa", "last_name": "Martin", "notes": note(size, rng),
                   "priority_area_label": "Non", "created_at": today},
        "household": None,
        "follow_up_files": [{
            "id": 1, "opened_on": today, "status_label": "En cours", "last_contact_on": today,
            "notes": note(size, rng), "referrals": [],
            "contacts": [{"date": today, "mode_label": "Au centre", "minutes": 30,
                          "themes": ["Logement"], "note": note(size, rng)}],
        }],
    }
    return render_to_string("privacy/person_export_document.html", {"data": data})


def main():
    from weasyprint import HTML

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+",
                        default=[2_500, 5_000, 10_000, 20_000, 40_000])
    sizes = parser.parse_args().sizes
    print("| note (caractères) | temps (s) | pages | caractères au découpage des lignes |")
    print("|---:|---:|---:|---:|")
    for size in sizes:
        html = export_html(size)
        with count_line_breaking() as counts:
            start = time.perf_counter()
            document = HTML(string=html).render()
            document.write_pdf()
            elapsed = time.perf_counter() - start
        print(f"| {size:,} | {elapsed:.2f} | {len(document.pages)} | {counts.characters:,} |",
              flush=True)


if __name__ == "__main__":
    main()
