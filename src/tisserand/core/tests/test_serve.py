"""``tisserand serve`` for real: the command started as a subprocess, in production mode
(DEBUG off) on a free local port, with its own SQLite file in a scratch folder. It must
serve the login page and its static files (WhiteNoise), and, while another process holds
SQLite's write lock, keep serving pages that only read and answer a form with the French
503 page, recording nothing.

The same start, fetch and stop runs in CI (``.ci/run``), outside pytest. The module runs in
the SQLite suite only: the server it starts has its own SQLite file whatever the suite's
database, so the PostgreSQL suite would repeat it as it is.
"""

import http.cookiejar
import os
import re
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from tisserand.core.management.commands import serve

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="runs once, in the SQLite suite: the server under test has its own SQLite file",
)

BIN = Path(sys.executable).parent
START_TIMEOUT = 90  # seconds: two busy cores shared with other jobs
PASSWORD = "un mot de passe de test assez long"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(data_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        TISSERAND_DEBUG="0",
        TISSERAND_HTTPS="0",  # plain HTTP on the loopback, as behind a reverse proxy
        TISSERAND_REQUIRE_2FA="0",
        TISSERAND_SECRET_KEY=secrets.token_urlsafe(50),
        TISSERAND_ALLOWED_HOSTS="127.0.0.1",
        TISSERAND_DATA_DIR=str(data_dir),
        # A write waits one second for the lock (not 20): the locked case stays short.
        TISSERAND_SQLITE_TIMEOUT="1",
        # The session's refresh is due on every request: a read must survive its failure.
        TISSERAND_SESSION_REFRESH_SECONDS="0",
    )
    return env


def run(args: list[str], env: dict) -> None:
    result = subprocess.run([str(BIN / "tisserand"), *args], env=env, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


class Browser:
    """A cookie-keeping HTTP client; answers (status, content type, text) without raising
    on error statuses."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def request(self, path: str, data: dict | None = None, timeout: float = 30):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, data=body, timeout=timeout) as response:
                return response.status, response.headers.get("Content-Type", ""), \
                    response.read().decode()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.headers.get("Content-Type", ""), \
                    error.read().decode()

    def log_in(self, username: str):
        _, _, page = self.request("/connexion/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.request("/connexion/", {
            "csrfmiddlewaretoken": token, "username": username, "password": PASSWORD,
            "next": "",
        })


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("serve")
    env = server_env(data_dir)
    run(["migrate", "--noinput", "-v0"], env)
    run(["shell", "-c", (
        "from django.contrib.auth.models import Group, User\n"
        "for name in ('premiere', 'seconde'):\n"
        f"    user = User.objects.create_user(name, password={PASSWORD!r})\n"
        "    user.groups.add(Group.objects.get(name='accueil'))\n"
    )], env)
    port = free_port()
    log = (data_dir / "server.log").open("w")
    process = subprocess.Popen(
        [str(BIN / "tisserand"), "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            assert process.poll() is None, (data_dir / "server.log").read_text()
            try:
                if Browser(base).request("/connexion/", timeout=5)[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "le serveur ne répond pas"
            time.sleep(0.3)
        yield base, data_dir / "tisserand.sqlite3"
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def test_serves_the_login_page_and_its_static_files(server):
    base, _ = server
    browser = Browser(base)
    status, content_type, page = browser.request("/connexion/")
    assert status == 200 and content_type.startswith("text/html")
    assert "Connexion" in page
    stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', page).group(1)
    script = re.search(r'<script src="([^"]+)"', page).group(1)
    status, content_type, css = browser.request(stylesheet)
    assert status == 200
    assert content_type.split(";")[0] == "text/css"
    assert "{" in css
    status, content_type, _ = browser.request(script)
    assert status == 200 and "javascript" in content_type
    assert browser.request("/static/absent.css")[0] == 404


def logged_in(page: str) -> bool:
    return 'action="/deconnexion/"' in page


def count(database: Path, sql: str) -> int:
    with sqlite3.connect(database) as db:
        return db.execute(sql).fetchone()[0]


def test_while_the_database_is_locked_pages_are_read_and_forms_refused(server):
    base, database = server
    reader = Browser(base)
    status, _, page = reader.log_in("premiere")
    assert status == 200 and logged_in(page)  # the dashboard, after the redirect
    sessions = count(database, "SELECT COUNT(*) FROM django_session")

    holder = sqlite3.connect(database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process is writing (a restore, a script...)
    try:
        status, _, page = reader.request("/")
        assert status == 200 and logged_in(page)
        status, _, page = reader.request("/habitants/")
        assert status == 200 and logged_in(page)

        writer = Browser(base)
        status, content_type, page = writer.log_in("seconde")
        assert status == 503 and content_type.startswith("text/html")
        assert "La base de données est occupée" in page
        assert "Bad Request" not in page
    finally:
        holder.execute("ROLLBACK")
        holder.close()

    assert count(database, "SELECT COUNT(*) FROM django_session") == sessions
    assert count(database, "SELECT last_login IS NULL FROM auth_user "
                           "WHERE username = 'seconde'") == 1
    # Once the lock is released, the same login works.
    status, _, page = writer.log_in("seconde")
    assert status == 200 and logged_in(page)


def test_default_workers_follow_the_cpus():
    assert serve.default_workers(1) == 3
    assert serve.default_workers(2) == 5
    assert serve.default_workers(64) == serve.MAX_WORKERS


def test_serve_refuses_the_development_key_and_a_database_not_migrated(tmp_path):
    env = server_env(tmp_path)
    del env["TISSERAND_SECRET_KEY"]
    result = subprocess.run([str(BIN / "tisserand"), "serve"], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "TISSERAND_SECRET_KEY" in result.stderr
    result = subprocess.run([str(BIN / "tisserand"), "serve"], env=server_env(tmp_path),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "tisserand migrate" in result.stderr
