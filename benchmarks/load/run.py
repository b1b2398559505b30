"""Load test: Tisserand served by gunicorn (two workers) on 127.0.0.1, 20 staff users for
60 seconds (``scenario.py``), on SQLite and on PostgreSQL.

    python benchmarks/load/run.py                      # SQLite only
    python benchmarks/load/run.py --postgres postgres://postgres@127.0.0.1:5432/load_bench
    python benchmarks/load/run.py --postgres URL --write   # and update docs/performance.md
    python benchmarks/load/run.py --scale 10           # on `tisserand generate --scale 10`

For each database: migrate, load the centre (``loaddemo --reset`` or ``generate``), create
the staff accounts and the plan (``prepare.py``), start gunicorn in production mode (DEBUG
off, plain HTTP on loopback), log every user in, run the scenario, stop the server and
read its logs: any 5xx or "database is locked" counts. The PostgreSQL database is created
if missing; it is emptied by the load: never point this at a real centre's database.
"""

import argparse
import datetime as dt
import json
import os
import platform
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from client import Browser, Recorder, UnexpectedResponse, percentile, summarise, summarise_by_kind
from scenario import StaffUser, Think

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
BIN = Path(sys.executable).parent
WORK = ROOT / "data" / "load"
DOC = ROOT / "docs" / "performance.md"
START, END = "<!-- bench:load:start -->", "<!-- bench:load:end -->"
TARGET_P95 = 0.300
LOCKED = re.compile(r"database is locked", re.IGNORECASE)


# --- the server and its data ---------------------------------------------------------------


def server_env(database: str, postgres_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="tisserand.settings",
        TISSERAND_DEBUG="0",
        TISSERAND_HTTPS="0",
        TISSERAND_REQUIRE_2FA="0",
        TISSERAND_SECRET_KEY=secrets.token_urlsafe(50),
        TISSERAND_ALLOWED_HOSTS="127.0.0.1",
        TISSERAND_DATA_DIR=str(WORK / database),
        TISSERAND_LOG_LEVEL="WARNING",
    )
    if database == "postgresql":
        env["DATABASE_URL"] = postgres_url
    return env


def ensure_postgres_database(url: str) -> None:
    """Create the benchmark database when it does not exist yet."""
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1].split("?")[0]
    if name in {"test", "test_test", "postgres"}:
        sys.exit(f"Refus : la base « {name} » sert à autre chose que la charge.")
    try:
        psycopg.connect(url, connect_timeout=5).close()
        return
    except psycopg.OperationalError as exc:
        if "does not exist" not in str(exc):
            raise
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def run_step(args: list[str], env: dict, label: str) -> None:
    started = time.monotonic()
    result = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        sys.exit(f"Échec : {label}")
    print(f"  {label} ({time.monotonic() - started:.1f} s)", flush=True)


def prepare_data(database: str, env: dict, args) -> dict:
    (WORK / database).mkdir(parents=True, exist_ok=True)
    tisserand = str(BIN / "tisserand")
    run_step([tisserand, "migrate", "--noinput", "-v0"], env, "migrate")
    if args.scale:
        run_step([tisserand, "generate", "--scale", str(args.scale), "--seed", "1", "--reset"],
                 env, f"generate --scale {args.scale}")
    elif not args.keep_data:
        run_step([tisserand, "loaddemo", "--reset"], env, "loaddemo --reset")
    plan_path = WORK / database / "plan.json"
    run_step([sys.executable, str(HERE / "prepare.py"), "--users", str(args.users),
              "--out", str(plan_path)], env, f"{args.users} comptes et plan")
    return json.loads(plan_path.read_text(encoding="utf-8"))


def free_port() -> int:
    """A port nobody listens on (a developer's runserver may hold the usual ones)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(env: dict, database: str, port: int, workers: int):
    logs = WORK / database
    access, errors = logs / "access.log", logs / "server.log"
    access.unlink(missing_ok=True)
    error_file = open(errors, "w", encoding="utf-8")  # noqa: SIM115 (closed in stop_server)
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"), "tisserand.wsgi:application",
            "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
            "--access-logfile", str(access),
            # status, method, path, server time in milliseconds
            "--access-logformat", "%(s)s %(m)s %(U)s %(M)s",
            "--error-logfile", "-", "--capture-output", "--timeout", "60",
        ],
        env=env, cwd=ROOT, stdout=error_file, stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    probe = Browser("127.0.0.1", port, Recorder(window_start=float("inf")), timeout=5)
    while time.monotonic() < deadline:
        if process.poll() is not None:
            error_file.close()
            sys.exit("gunicorn s'est arrêté au démarrage :\n" + errors.read_text())
        try:
            probe.request("probe", "GET", "/connexion/")
            if process.poll() is None:  # our server answered, not another one on the port
                return process, error_file
        except UnexpectedResponse:
            time.sleep(0.3)
    stop_server(process, error_file)
    sys.exit("gunicorn ne répond pas après 30 s")


def stop_server(process, error_file) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    error_file.close()


def server_logs(database: str) -> tuple[list[str], str]:
    """The access log's lines and the server's output (errors, tracebacks)."""
    logs = WORK / database
    return (
        (logs / "access.log").read_text(encoding="utf-8").splitlines(),
        (logs / "server.log").read_text(encoding="utf-8", errors="replace"),
    )


def read_logs(lines: list[str], text: str) -> dict:
    """Statuses and server times of these access-log lines; "database is locked" and
    tracebacks in this part of the server's output."""
    statuses: dict[str, int] = {}
    server_ms = []
    for line in lines:
        parts = line.split()
        if len(parts) < 4:
            continue
        statuses[parts[0]] = statuses.get(parts[0], 0) + 1
        # The logins (a deliberately slow password hash) come before the measured window.
        if not parts[2].startswith("/connexion/"):
            server_ms.append(int(parts[3]) / 1000)
    server_ms.sort()
    return {
        "statuses": statuses,
        "server_errors": sum(n for s, n in statuses.items() if s.startswith("5")),
        "database_locked": len(LOCKED.findall(text)),
        "tracebacks": text.count("Traceback"),
        "server_p50": percentile(server_ms, 0.50),
        "server_p95": percentile(server_ms, 0.95),
    }


# --- the load ------------------------------------------------------------------------------


def login_all(plan: dict, port: int) -> list[Browser]:
    """Every user logs in once, all at the same time, before the measured window."""
    browsers = [Browser("127.0.0.1", port, Recorder(window_start=float("inf")))
                for _ in plan["users"]]
    failures = []

    def login(browser, username):
        try:
            browser.login(username, plan["password"])
        except UnexpectedResponse as exc:
            failures.append(str(exc))

    threads = [threading.Thread(target=login, args=(b, u))
               for b, u in zip(browsers, plan["users"], strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        sys.exit("Connexion impossible : " + "; ".join(failures))
    return browsers


def run_load(plan: dict, browsers: list[Browser], *, duration: float, think: Think) -> dict:
    start = threading.Event()
    begin = time.perf_counter()
    deadline = begin + duration
    recorder = Recorder(window_start=begin, window_end=deadline)
    for browser in browsers:
        browser.recorder = recorder
    users = [StaffUser(i, plan, browser, think=think, deadline=deadline)
             for i, browser in enumerate(browsers)]
    threads = [threading.Thread(target=user.run, args=(start,)) for user in users]
    for thread in threads:
        thread.start()
    start.set()
    for thread in threads:
        thread.join()
    samples = recorder.samples
    return {
        "duration": duration,
        "think": [think.low, think.high],
        "throughput": len(samples) / duration,
        "overall": summarise("ensemble", samples).as_dict(),
        "kinds": [s.as_dict() for s in summarise_by_kind(samples)],
        "errors": [e for user in users for e in user.errors][:20],
        "bookings": sum(user.bookings_made for user in users),
    }


def measure(database: str, args) -> dict:
    print(f"== {database}", flush=True)
    if database == "postgresql":
        ensure_postgres_database(args.postgres)
    env = server_env(database, args.postgres)
    plan = prepare_data(database, env, args)
    port = args.port or free_port()
    process, error_file = start_server(env, database, port, args.workers)
    saturation = None
    try:
        browsers = login_all(plan, port)
        result = run_load(plan, browsers, duration=args.duration, think=Think(*args.think))
        lines, text = server_logs(database)
        boundary = (len(lines), len(text))
        if args.saturation:
            saturation = run_load(plan, browsers, duration=args.saturation, think=Think(0, 0))
    finally:
        stop_server(process, error_file)
    lines, text = server_logs(database)
    result["logs"] = read_logs(lines[: boundary[0]], text[: boundary[1]])
    if saturation:
        saturation["logs"] = read_logs(lines[boundary[0] :], text[boundary[1] :])
        result["saturation"] = saturation
    result["database"] = plan["database"]
    result["counts"] = plan["counts"]
    result["users"] = len(plan["users"])
    (WORK / database / "result.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    return result


# --- the report ----------------------------------------------------------------------------

LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def thousands(value: int) -> str:
    return f"{value:,}".replace(",", "\u202f")


def number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def failure_count(result: dict) -> int:
    logs = result["logs"]
    return result["overall"]["errors"] + logs["server_errors"] + logs["database_locked"]


def verdict(result: dict) -> str:
    if result["overall"]["p95"] < TARGET_P95 and failure_count(result) == 0:
        return "atteint"
    return "NON ATTEINT"


def overall_row(label: str, result: dict, goal: str) -> str:
    o, logs = result["overall"], result["logs"]
    errors = o["errors"] + logs["server_errors"]
    return (
        f"| {label} | {o['count']} | {number(round(result['throughput'], 1))} "
        f"| {ms(o['p50'])} | {ms(o['p95'])} | {ms(o['p99'])} | {ms(o['max'])} | {errors} "
        f"| {logs['database_locked']} | {ms(logs['server_p95'])} | {goal} |"
    )


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} Go de mémoire"
    except (OSError, ValueError, IndexError):
        pass
    return (f"{model or platform.machine()}, {os.cpu_count()} cœurs{memory}, "
            f"Python {platform.python_version()}")


def busy_note() -> str:
    """Other work on the machine skews the figures: say how busy it was."""
    try:
        load = os.getloadavg()[0]
    except OSError:
        return ""
    return f" Charge du système au départ : {number(round(load, 1))} (moyenne sur 1 min)."


def render(results: dict, args) -> str:
    any_result = next(iter(results.values()))
    counts = any_result["counts"]
    data = (f"`tisserand generate --scale {args.scale}`" if args.scale
            else "centre de démonstration")
    versions = ", ".join(
        f"{LABELS[db]} {r['database']['version']}" for db, r in results.items()
    )
    lines = [
        f"Mesuré le {dt.date.today().isoformat()} sur {machine()} ({versions}). "
        f"gunicorn, {args.workers} workers synchrones sur 127.0.0.1 ; "
        f"{any_result['users']} usagers pendant {args.duration} s, réflexion de "
        f"{number(args.think[0])} à {number(args.think[1])} s entre deux requêtes ; {data} "
        f"({thousands(counts['persons'])} personnes, {thousands(counts['sessions'])} séances, "
        f"{thousands(counts['attendances'])} présences). Le générateur de charge, le serveur "
        f"et la base partagent la machine.{args.busy}",
        "",
        "| Base | Requêtes | Requêtes/s | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) | Erreurs "
        "| « database is locked » | Temps serveur p95 (ms) | Objectif p95 < 300 ms, 0 erreur |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for database, result in results.items():
        lines.append(overall_row(LABELS[database], result, verdict(result)))
    for database, result in results.items():
        if "saturation" in result:
            failures = failure_count(result["saturation"])
            lines.append(overall_row(
                f"{LABELS[database]}, sans réflexion ({result['saturation']['duration']:g} s)",
                result["saturation"], "saturation : " + ("0 erreur" if not failures
                                                         else f"{failures} erreurs"),
            ))
    databases = list(results)
    header = " | ".join(f"{LABELS[db]} p50 / p95 / p99 (ms)" for db in databases)
    counted = " / ".join(LABELS[db] for db in databases)
    lines += ["", f"| Requête | Nombre ({counted}) | {header} | Erreurs |",
              "|---|---:|" + "---:|" * len(databases) + "---:|"]
    kinds = {k["kind"] for r in results.values() for k in r["kinds"]}
    for kind in sorted(kinds):
        cells, counts, errors = [], [], 0
        for database in databases:
            row = next((k for k in results[database]["kinds"] if k["kind"] == kind), None)
            if row is None:
                cells.append("–")
                counts.append("0")
                continue
            counts.append(str(row["count"]))
            errors += row["errors"]
            cells.append(f"{ms(row['p50'])} / {ms(row['p95'])} / {ms(row['p99'])}")
        lines.append(f"| {kind} | {' / '.join(counts)} | {' | '.join(cells)} | {errors} |")
    if "postgresql" not in results:
        lines += ["", "PostgreSQL non mesuré (serveur non joignable) : SQLite seulement."]
    return "\n".join(lines)


def write_doc(block: str) -> None:
    text = DOC.read_text(encoding="utf-8")
    if START not in text or END not in text:
        sys.exit(f"{DOC} n'a pas les marqueurs {START} / {END}")
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    DOC.write_text(f"{before}{START}\n{block}\n{END}{after}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", metavar="URL",
                        help="also measure on this PostgreSQL database (created if missing)")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument("--scale", type=float, help="`tisserand generate --scale N` data")
    parser.add_argument("--keep-data", action="store_true",
                        help="reuse the data already loaded (no loaddemo --reset)")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=int, default=60, help="seconds")
    parser.add_argument("--think", type=float, nargs=2, default=(0.5, 2.0),
                        metavar=("MIN", "MAX"), help="seconds between two requests")
    parser.add_argument("--saturation", type=int, default=0, metavar="SECONDS",
                        help="then the same users without thinking, to saturate the server")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--write", action="store_true", help="update docs/performance.md")
    args = parser.parse_args()
    if args.scale and args.scale == int(args.scale):
        args.scale = int(args.scale)
    databases = ([] if args.no_sqlite else ["sqlite"]) + (["postgresql"] if args.postgres else [])
    args.busy = busy_note()
    results = {database: measure(database, args) for database in databases}
    block = render(results, args)
    print(block)
    for database, result in results.items():
        for error in result["errors"] + result.get("saturation", {}).get("errors", []):
            print(f"  {database}: {error}")
    if args.write:
        write_doc(block)
        print(f"Tableau écrit dans {DOC.relative_to(ROOT)}")
    failed = [db for db, r in results.items() if verdict(r) != "atteint"]
    sys.exit(1 if failed and not args.write else 0)


if __name__ == "__main__":
    main()
