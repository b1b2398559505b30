"""How cost grows with the size of the centre (issue 6): run by `make bench-scale`.

For each scale N (default 1, 4, 10 and 16), a synthetic centre N times the demo one
(``tisserand generate --scale N --seed S``) lives in its own SQLite database,
data/bench-scale-N/ (generated once, kept while the scale, the seed and the generator's code
are the same). On each, a child process measures, server side and in process
(django.test.Client, after a warm-up, median of several runs): one year's indicators for
the whole centre, the full report as HTML, DOCX and PDF, the main pages and the
attendance-marking request, with their number of SQL queries. The parent prints a Markdown
table (time at each N, growth factor, queries, the targets at N = 10) and, with --write,
puts it in docs/performance.md.

    taskset -c 0 .venv/bin/python benchmarks/bench_scale.py --write
    .venv/bin/python benchmarks/bench_scale.py --demo   # on the demo centre (no generator)
"""

import argparse
import hashlib
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARK_START, MARK_END = "<!-- bench:scale:start -->", "<!-- bench:scale:end -->"
TARGET_SCALE = 10
# Targets at N = 10 on one core (issue 6), in seconds; every page: PAGE_TARGET.
TARGETS = {"indicators": 1.0, "docx": 3.0, "pdf": 10.0}
PAGE_TARGET = 0.1
# Production-like settings for the child: DEBUG off, but plain HTTP in process and no
# second factor (the benchmark user is logged in directly).
CHILD_ENV = {
    "TISSERAND_DEBUG": "0",
    "TISSERAND_HTTPS": "0",
    "TISSERAND_REQUIRE_2FA": "0",
    "TISSERAND_ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
    "TISSERAND_SECRET_KEY": "bench-scale-only-" + "x" * 40,
    "DJANGO_SETTINGS_MODULE": "tisserand.tools_settings",  # with the generator
}


# --- the parent: one child per scale, then the table ---------------------------------------


def data_dir(label: str) -> Path:
    return ROOT / "data" / f"bench-scale-{label}"


def run_child(label: str, args) -> dict:
    directory = data_dir(label)
    directory.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **CHILD_ENV, "TISSERAND_DATA_DIR": str(directory)}
    env.pop("DATABASE_URL", None)  # the measures are on SQLite, in data/bench-scale-N/
    out = directory / f"results-{os.getpid()}.json"  # this run's, whatever runs beside it
    command = [sys.executable, __file__, "--child", label, "--out", str(out),
               "--seed", str(args.seed), "--repeat", str(args.repeat),
               "--page-repeat", str(args.page_repeat)]
    if args.year:
        command += ["--year", str(args.year)]
    if args.regenerate:
        command.append("--regenerate")
    print(f"== N = {label}", flush=True)
    subprocess.run(command, env=env, check=True)
    result = json.loads(out.read_text(encoding="utf-8"))
    out.unlink()
    return result


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def cores() -> str:
    allowed = sorted(os.sched_getaffinity(0))
    if len(allowed) == 1:
        return f"un seul : `taskset -c {allowed[0]}`"
    return f"{len(allowed)} cœurs (sans `taskset` : les objectifs portent sur un seul)"


def at_target(scales: list[float], values: list[float]) -> tuple[float, str]:
    """The value at N = 10: measured if 10 was run, else interpolated linearly between the
    two scales around it (extrapolated from the last two beyond them)."""
    if TARGET_SCALE in scales:
        return values[scales.index(TARGET_SCALE)], "mesuré"
    pairs = sorted(zip(scales, values, strict=True))
    below = [p for p in pairs if p[0] < TARGET_SCALE]
    above = [p for p in pairs if p[0] > TARGET_SCALE]
    if below and above:
        (n0, v0), (n1, v1), how = below[-1], above[0], "interpolé"
    else:
        (n0, v0), (n1, v1), how = pairs[-2], pairs[-1], "extrapolé"
    return v0 + (v1 - v0) * (TARGET_SCALE - n0) / (n1 - n0), how


def fmt(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def number(value: int) -> str:
    return f"{value:,}".replace(",", "\u202f")  # French thousands: narrow no-break space


def table(results: list[dict], args, command: str) -> str:
    scales = [r["scale"] for r in results]
    first, last = results[0], results[-1]
    loads = [value for r in results for value in r.get("load", ())] or [0.0]
    lines = [
        f"Mesuré le {time.strftime('%Y-%m-%d')} sur {cpu_model()} ({os.cpu_count()} cœurs, "
        f"mesures sur {cores()}), Python {platform.python_version()}, "
        f"{first['database']}, Django {first['django']}, réglages de production "
        "(DEBUG désactivé). Temps serveur dans le processus (`django.test.Client`), médiane "
        f"de {args.page_repeat} requêtes pour les pages et de {args.repeat} exécutions pour "
        f"les indicateurs et le rapport, après un tour de chauffe ; graine {args.seed}.",
        "",
        f"Charge de la machine pendant les mesures (load average sur une minute, la mesure "
        f"elle-même compte pour 1) : de {min(loads):.1f} à {max(loads):.1f}."
        + (" D'autres processus partageaient les cœurs : les temps sont majorés, à refaire "
           "sur une machine au repos." if max(loads) > 1.5 else ""),
        "",
        f"Pour reproduire : `{command}`.",
        "",
        "| N | Données | Génération | Année mesurée | Nom cherché |",
        "|---:|---|---:|---:|---|",
    ]
    for r in results:
        counts = r["counts"]
        lines.append(
            f"| {r['label']} | {number(counts['households'])} foyers, "
            f"{number(counts['persons'])} personnes, {counts['activities']} ateliers, "
            f"{number(counts['attendances'])} présences, "
            f"{number(counts['appointments'])} rendez-vous | "
            f"{r['generation_seconds']:.0f} s | {r['year']} | « {r['term']} » |"
        )
    header = " | ".join(f"N = {r['label']}" for r in results)
    ratio = last["scale"] / first["scale"]
    lines += [
        "",
        f"| Mesure | {header} | Croissance (données ×{ratio:g}) | Requêtes SQL "
        f"| À N = {TARGET_SCALE} |",
        "|---|" + "---:|" * len(results) + "---:|---|---|",
    ]
    verdicts, varying, growths = [], [], {}
    for key, label in first["labels"]:
        if any(key not in r["measures"] for r in results):
            continue
        times = [r["measures"][key]["seconds"] for r in results]
        queries = [r["measures"][key]["queries"] for r in results]
        growths[key] = (label, times[-1] / times[0])
        if len(set(queries)) == 1:
            query_text = f"{queries[0]} (constant)"
        else:
            query_text = " → ".join(str(q) for q in queries) + " (VARIE)"
            varying.append(label)
        target = TARGETS.get(key, PAGE_TARGET if key.startswith("page:") else None)
        verdict = ""
        if target is not None and len(scales) > 1:
            value, how = at_target(scales, times)
            ok = value < target
            verdict = f"{fmt(value)} ({how}) < {fmt(target)} : " + (
                "atteint" if ok else "NON ATTEINT"
            )
            verdicts.append((label, ok))
        cells = " | ".join(fmt(t) for t in times)
        lines.append(
            f"| {label} | {cells} | ×{growths[key][1]:.1f} | {query_text} | {verdict} |"
        )
    if len(results) > 1:
        lines += ["", *summary(growths, varying, verdicts, ratio)]
    return "\n".join(lines)


def summary(growths: dict, varying: list[str], verdicts: list, ratio: float) -> list[str]:
    """The reading of the table in three lines: queries, growth, targets."""
    report = [g for key, (label, g) in growths.items() if not key.startswith("page:")]
    pages = {label: g for key, (label, g) in growths.items() if key.startswith("page:")}
    # Timing noise on a shared machine: a page is "constant" within a factor of two.
    growing = [f"{label} (×{g:.1f})" for label, g in pages.items() if g > 2]
    linear = report and max(report) <= ratio * 1.2
    missed = [label for label, ok in verdicts if not ok]
    return [
        "- Nombre de requêtes : " + (
            "le même à toutes les tailles, pour chaque mesure." if not varying
            else "VARIE avec la taille pour " + ", ".join(varying) + "."
        ),
        f"- Indicateurs et rapport : temps ×{min(report):.1f} à ×{max(report):.1f} pour des "
        f"données ×{ratio:g} : " + ("au plus linéaire." if linear else "PLUS QUE LINÉAIRE.")
        if report else "- Indicateurs et rapport : non mesurés.",
        "- Pages : " + (
            "temps constant (à un facteur 2 près)." if not growing
            else "temps qui croît avec N pour " + ", ".join(growing) + "."
        ),
        f"- Objectifs à N = {TARGET_SCALE} : " + (
            "tous atteints." if not missed else "NON ATTEINTS pour " + ", ".join(missed) + "."
        ),
    ]


def write_block(text: str) -> None:
    path = ROOT / "docs" / "performance.md"
    content = path.read_text(encoding="utf-8")
    block = f"{MARK_START}\n{text}\n{MARK_END}"
    if MARK_START in content:
        pattern = re.escape(MARK_START) + ".*?" + re.escape(MARK_END)
        content = re.sub(pattern, lambda _: block, content, flags=re.S)
    else:
        content = content.rstrip("\n") + "\n\n## Montée en charge des données\n\n" + block + "\n"
    path.write_text(content, encoding="utf-8")


def parent(args) -> int:
    labels = ["demo"] if args.demo else [f"{n:g}" for n in args.scales]
    results = []
    for label in labels:
        results.append(run_child(label, args))
        # Every scale on the same year: the busiest one of the first (default).
        args.year = args.year or results[0]["year"]
    command = "make bench-scale" if not args.demo else "python benchmarks/bench_scale.py --demo"
    text = table(results, args, command)
    print(text)
    if args.write:
        write_block(text)
    return 0


# --- the child: one database, one scale --------------------------------------------------


def child(args) -> int:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    label = args.child
    generation = ensure_data(label, args)
    load_before = os.getloadavg()[0]
    measures, labels, year, term = measure_all(args)
    load = (load_before, os.getloadavg()[0])
    from django import get_version
    from django.db import connection

    result = {
        "label": label,
        "scale": 1.0 if label == "demo" else float(label),
        "database": f"{connection.vendor} {connection.Database.sqlite_version}"
        if connection.vendor == "sqlite" else connection.vendor,
        "django": get_version(),
        "generation_seconds": generation,
        "load": load,
        "counts": data_counts(),
        "year": year,
        "term": term,
        "labels": labels,
        "measures": measures,
    }
    Path(args.out).write_text(json.dumps(result, indent=1), "utf-8")
    return 0


def ensure_data(label: str, args) -> float:
    """Generate the centre once; a stamp file says for which scale and seed it was made."""
    from django.core.management import call_command

    stamp = data_dir(label) / "generated.json"
    wanted = {"label": label, "seed": args.seed, "generator": generator_digest(label)}
    if stamp.exists() and not args.regenerate:
        saved = json.loads(stamp.read_text(encoding="utf-8"))
        if {k: saved.get(k) for k in wanted} == wanted:
            return saved["seconds"]
    started = time.perf_counter()
    if label == "demo":
        call_command("loaddemo", reset=True, verbosity=0)
    else:
        call_command("generate", scale=float(label), seed=args.seed, reset=True, verbosity=1)
    seconds = time.perf_counter() - started
    stamp.write_text(json.dumps({**wanted, "seconds": seconds}), encoding="utf-8")
    print(f"   données créées en {seconds:.1f} s", flush=True)
    return seconds


def generator_digest(label: str) -> str:
    """Fingerprint of the generator's code: data made by another version is made again."""
    package = ROOT / "src" / "tisserand" / ("demo" if label == "demo" else "scale")
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        if "tests" not in path.parts:
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def data_counts() -> dict:
    from tisserand.activities.models import Activity, Attendance
    from tisserand.desks.models import Appointment
    from tisserand.people.models import Household, Person

    return {
        "households": Household.objects.count(),
        "persons": Person.objects.count(),
        "activities": Activity.objects.count(),
        "attendances": Attendance.objects.count(),
        "appointments": Appointment.objects.count(),
    }


def measure(function, repeat: int, check=None, undo=None) -> dict:
    """Median wall time over ``repeat`` runs after a warm-up, and the query count of one
    run (counted apart: capturing queries slows every query down a little). ``undo`` runs
    after each run, outside the timing (a write put back as it was)."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    undo = undo or (lambda: None)
    outcome = function()
    undo()
    if check:
        check(outcome)
    with CaptureQueriesContext(connection) as queries:
        function()
    count = len(queries)  # now: the next request empties the log (reset_queries)
    undo()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
        undo()
        reset_queries()
    return {"seconds": statistics.median(times), "queries": count}


def ok_page(response) -> None:
    if response.status_code != 200:
        raise SystemExit(f"{response.request['PATH_INFO']}: HTTP {response.status_code}")


def measure_all(args) -> tuple[dict, list, int, str]:
    from django.urls import reverse

    from tisserand.activities.figures.indicators import indicators_for
    from tisserand.activities.figures.scope import Scope
    from tisserand.core.periods import calendar_year
    from tisserand.reports.builder import build_report
    from tisserand.reports.exporters import EXPORTERS

    picks = pick_targets(args.year)
    year = picks["year"]
    period = calendar_year(year)
    measures, labels = {}, []

    def add(key, label, function, repeat, check=None, undo=None):
        print(f"   {label}…", end=" ", flush=True)
        measures[key] = measure(function, repeat, check, undo)
        labels.append((key, label))
        print(f"{fmt(measures[key]['seconds'])}, {measures[key]['queries']} requêtes",
              flush=True)

    add("indicators", f"Indicateurs de l'année {year}, tout le centre",
        lambda: indicators_for(Scope(), period), args.repeat)
    for name in ("html", "docx", "pdf"):
        exporter = EXPORTERS[name]
        add(name, f"Rapport {year} complet en {name.upper()}",
            lambda exporter=exporter: exporter.export(build_report(period)), args.repeat)

    client = logged_in_client()
    htmx = {"HTTP_HX_REQUEST": "true"}
    session, term = picks["session"], picks["term"]
    pages = [
        ("dashboard", f"Tableau de bord (année {year})", reverse("dashboard"), {"annee": year}),
        ("action", "Page d'une action (année)", reverse("action_detail", args=[picks["action"]]),
         {"annee": year}),
        ("activity", "Page d'un atelier (saison)",
         reverse("activity_detail", args=[picks["activity"]]), picks["season"]),
        ("session", "Page de séance (pointage)", reverse("session_detail", args=[session]), {}),
        ("roster", "Liste de la séance (fragment htmx)",
         reverse("session_roster", args=[session]), {}),
        ("session_search", "Recherche dans la séance (fragment htmx)",
         reverse("session_search", args=[session]), {"q": term}),
        ("person", "Fiche d'une personne (longue histoire)",
         reverse("person_detail", args=[picks["person"]]), {}),
        ("people_search", "Recherche de personnes (nom le plus courant)", reverse("person_list"),
         {"q": term}),
        ("household", "Page d'un foyer", reverse("household_detail", args=[picks["household"]]),
         {}),
    ]
    if picks.get("desk_session"):
        pages += [
            ("desk_week", "Semaine d'une permanence",
             reverse("desk_week", args=[picks["desk"]]), {"semaine": picks["desk_date"]}),
            ("desk_day", "Journée d'une permanence",
             reverse("desk_session_detail", args=[picks["desk_session"]]), {}),
        ]
    if picks.get("file"):
        pages.append(("file", "Dossier d'accompagnement",
                      reverse("followup_detail", args=[picks["file"]]), {}))
    for key, label, url, query in pages:
        extra = htmx if key in ("roster", "session_search") else {}
        add(f"page:{key}", label,
            lambda url=url, query=query, extra=extra: client.get(url, query, **extra),
            args.page_repeat, ok_page)

    mark_url = reverse("attendance_toggle", args=[session, picks["newcomer"]])
    add("page:mark", "Pointer une présence (POST htmx)",
        lambda: client.post(mark_url, {"present": "1", "origin": "roster"}, **htmx),
        args.page_repeat, ok_page,
        undo=lambda: client.post(mark_url, {"present": "0"}, **htmx))
    return measures, labels, year, term


def logged_in_client():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    from tisserand.core.roles import DIRECTION

    user, _ = get_user_model().objects.get_or_create(
        username="bench-direction", defaults={"first_name": "Banc", "last_name": "Mesure"}
    )
    user.groups.add(Group.objects.get(name=DIRECTION))
    client = Client()
    client.force_login(user)
    return client


def pick_targets(year: int | None) -> dict:
    """Real ids from the data: the busiest session of the year, the person with the longest
    history, the commonest surname, the busiest desk day, the fullest follow-up file."""
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    from tisserand.activities.models import Attendance, Session
    from tisserand.core.periods import season, season_of
    from tisserand.core.text import search_key
    from tisserand.desks.models import Appointment
    from tisserand.followup.models import FollowUpFile
    from tisserand.people.models import Household, Person

    if year is None:
        busiest = (
            Attendance.objects.annotate(year=ExtractYear("session__date"))
            .values("year").annotate(n=Count("id")).order_by("-n").first()
        )
        year = busiest["year"]
    session_id = (
        Attendance.objects.filter(session__date__year=year).values("session")
        .annotate(n=Count("id")).order_by("-n", "session").first()["session"]
    )
    session = Session.objects.select_related("activity").get(pk=session_id)
    this_season = season(season_of(session.date))
    present = Attendance.objects.filter(session=session).values("person")
    newcomer = (
        Attendance.objects.filter(session__activity=session.activity_id,
                                  session__date__range=(this_season.start, this_season.end))
        .exclude(person__in=present).values_list("person", flat=True).first()
    ) or Person.objects.exclude(pk__in=present).values_list("pk", flat=True).first()
    surname = (
        Person.objects.values("last_name").annotate(n=Count("id")).order_by("-n", "last_name")
        .first()["last_name"]
    )
    picks = {
        "year": year,
        "session": session.pk,
        "activity": session.activity_id,
        "action": session.activity.action_id,
        "season": {"du": this_season.start.isoformat(), "au": this_season.end.isoformat()},
        "newcomer": newcomer,
        "term": search_key(surname),
        "person": Attendance.objects.values("person").annotate(n=Count("id"))
        .order_by("-n", "person").first()["person"],
        "household": Household.objects.annotate(n=Count("members")).order_by("-n", "pk")
        .values_list("pk", flat=True).first(),
    }
    desk_day = (
        Appointment.objects.values("session", "session__desk", "session__date")
        .annotate(n=Count("id")).order_by("-n", "session").first()
    )
    if desk_day:
        picks.update(desk_session=desk_day["session"], desk=desk_day["session__desk"],
                     desk_date=desk_day["session__date"].isoformat())
    picks["file"] = (
        FollowUpFile.objects.annotate(n=Count("contacts")).order_by("-n", "pk")
        .values_list("pk", flat=True).first()
    )
    return picks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[1, 4, 10, 16])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--year", type=int,
                        help="default: the year with most attendances at the first scale")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each report measure")
    parser.add_argument("--page-repeat", type=int, default=15, help="requests of each page")
    parser.add_argument("--regenerate", action="store_true", help="generate the data again")
    parser.add_argument("--demo", action="store_true", help="the demo centre, not generated")
    parser.add_argument("--write", action="store_true", help="update docs/performance.md")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    return child(args) if args.child else parent(args)


if __name__ == "__main__":
    sys.exit(main())
