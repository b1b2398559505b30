"""Production settings, security headers, and templates that live with a strict CSP."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.urls import reverse

from tisserand.core.security import CONTENT_SECURITY_POLICY, SecurityHeadersMiddleware

SRC = Path(__file__).resolve().parents[2]
REAL_KEY = "k7Qp-2vR9xW4mZ1sT8bN5cY3hJ6fL0dG_aE7uI2oP9qS4wX1zC8vB5nM3"


def run_in_production(code: str, **env) -> subprocess.CompletedProcess:
    """Run Python with the real settings module and only the given TISSERAND_* variables."""
    clean = {
        k: v for k, v in os.environ.items()
        if not k.startswith("TISSERAND_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"  # browser tests
    }
    clean.update(DJANGO_SETTINGS_MODULE="tisserand.settings", **env)
    return subprocess.run(
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, timeout=120,
    )


CHECK_DEPLOY = "from tisserand.cli import main; import sys; sys.argv = ['tisserand', " \
    "'check', '--deploy', '--fail-level', 'WARNING']; main()"


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    """GIVEN DEBUG off, a real secret key and the served host
    WHEN `tisserand check --deploy` runs THEN it reports no issue at all."""
    result = run_in_production(
        CHECK_DEPLOY, TISSERAND_SECRET_KEY=REAL_KEY,
        TISSERAND_ALLOWED_HOSTS="centre.example.org", TISSERAND_DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_reports_the_development_key_in_french(tmp_path):
    result = run_in_production(
        CHECK_DEPLOY, TISSERAND_ALLOWED_HOSTS="centre.example.org",
        TISSERAND_DATA_DIR=str(tmp_path),
    )
    assert result.returncode != 0
    assert "tisserand.E001" in result.stderr
    assert "refuse de démarrer en production avec la clé secrète de développement" in (
        result.stderr
    )


def test_the_wsgi_server_refuses_to_start_with_the_development_key(tmp_path):
    result = run_in_production(
        "import tisserand.wsgi", TISSERAND_DATA_DIR=str(tmp_path),
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: Tisserand refuse de démarrer" in result.stderr
    started = run_in_production(
        "import tisserand.wsgi", TISSERAND_DATA_DIR=str(tmp_path), TISSERAND_SECRET_KEY=REAL_KEY,
    )
    assert started.returncode == 0, started.stderr


SHOW = "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, " \
    "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, " \
    "s.SECURE_HSTS_INCLUDE_SUBDOMAINS)"


def test_production_is_https_only_and_the_demo_stays_plain_http(tmp_path):
    production = run_in_production(
        "import django; django.setup(); " + SHOW, TISSERAND_SECRET_KEY=REAL_KEY,
        TISSERAND_DATA_DIR=str(tmp_path),
    )
    assert production.stdout.split() == ["True", "True", "True", "31536000", "True"]
    demo = run_in_production(
        "import django; django.setup(); " + SHOW, TISSERAND_DEBUG="1",
        TISSERAND_DATA_DIR=str(tmp_path),
    )
    assert demo.stdout.split()[:4] == ["False", "False", "False", "0"]


def test_the_middleware_refuses_the_development_key_only_in_production():
    production = override_settings(DEBUG=False, SECRET_KEY=settings.DEVELOPMENT_SECRET_KEY)
    with production, pytest.raises(ImproperlyConfigured, match="TISSERAND_SECRET_KEY"):
        SecurityHeadersMiddleware(lambda request: None)
    with override_settings(DEBUG=True, SECRET_KEY=settings.DEVELOPMENT_SECRET_KEY):
        assert SecurityHeadersMiddleware(lambda request: None)


@pytest.mark.django_db
def test_every_page_carries_the_security_headers(client):
    response = client.get(reverse("login"))
    csp = response.headers["Content-Security-Policy"]
    assert csp == CONTENT_SECURITY_POLICY
    for directive in [
        "default-src 'self'", "img-src 'self' data:", "style-src 'self' 'unsafe-inline'",
        "script-src 'self'", "frame-ancestors 'none'", "form-action 'self'",
    ]:
        assert directive in csp
    assert "unsafe-eval" not in csp and "script-src 'self' 'unsafe-inline'" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def templates() -> list[Path]:
    return sorted(p for p in SRC.rglob("templates/**/*.html") if ".venv" not in p.parts)


def test_templates_have_no_inline_script_nor_event_handler():
    """The CSP forbids inline scripts: every <script> loads a file, no on*= or hx-on
    attribute, no javascript: link."""
    offenders = []
    for path in templates():
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<script\b[^>]*>", text):
            if "src=" not in match.group(0):
                offenders.append(f"{path.name}: {match.group(0)}")
        if re.search(r"\s(on[a-z]+|hx-on[:\w-]*)\s*=", text) or "javascript:" in text:
            offenders.append(f"{path.name}: gestionnaire d'événement en ligne")
    assert templates() and not offenders


def test_every_post_form_carries_the_csrf_token():
    offenders = []
    for path in templates():
        text = path.read_text(encoding="utf-8")
        for form in re.finditer(r"<form\b[^>]*>.*?</form>", text, flags=re.S | re.I):
            if re.search(r'method="post"', form.group(0), re.I) and "csrf_token" not in form.group(
                0
            ):
                offenders.append(path.name)
    assert not offenders
    code = "\n".join(p.read_text(encoding="utf-8") for p in SRC.rglob("*.py") if "tests" not in
                     p.parts and "migrations" not in p.parts)
    assert "csrf_exempt" not in code
