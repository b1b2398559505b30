"""Settings read from the environment, with safe defaults for a local install.

TISSERAND_DEBUG, TISSERAND_SECRET_KEY, TISSERAND_ALLOWED_HOSTS, TISSERAND_DATA_DIR and
DATABASE_URL (PostgreSQL, e.g. postgres://user@host:5432/name) are the knobs.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "oui"}


DEBUG = env_bool("TISSERAND_DEBUG", False)
# Without TISSERAND_SECRET_KEY, the development key: the server refuses to start with it
# when DEBUG is off (tisserand.core.security).
DEVELOPMENT_SECRET_KEY = "insecure-dev-key-set-TISSERAND_SECRET_KEY-in-production"
SECRET_KEY = os.environ.get("TISSERAND_SECRET_KEY") or DEVELOPMENT_SECRET_KEY
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("TISSERAND_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]
DATA_DIR = Path(os.environ.get("TISSERAND_DATA_DIR", PROJECT_DIR / "data"))

INSTALLED_APPS = [
    "tisserand.audit.admin_apps.AdminConfig",  # the admin site writes the audit trail
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "tisserand.core",
    "tisserand.pages",
    "tisserand.people",
    "tisserand.activities",
    "tisserand.desks",
    "tisserand.followup",
    "tisserand.reports",
    "tisserand.demo",
    "tisserand.audit",
    "tisserand.accounts",
    "tisserand.privacy",
]  # The synthetic-centre generator is added by ``tisserand.tools_settings`` only.

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # CSS and htmx with DEBUG off (after the HTTPS redirect, before anything that reads the
    # session or the database).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tisserand.core.security.SecurityHeadersMiddleware",
    # Before the session and the database: a restore may be replacing them.
    "tisserand.core.middleware.MaintenanceMiddleware",
    # Django's, except that a page view does not write the session each time (idle timeout
    # kept within TISSERAND_SESSION_REFRESH_SECONDS), so reading works when writing cannot.
    "tisserand.core.sessions.SessionMiddleware",
    # A write the database refuses (locked, read-only, disk full): French 503 page.
    "tisserand.core.db_errors.DatabaseWriteErrorMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "tisserand.core.middleware.QueryStringMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # request.htmx: fragments for htmx, whole pages otherwise (before the permission check,
    # which answers htmx with a client redirect to the login page).
    "django_htmx.middleware.HtmxMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tisserand.core.middleware.PermissionMatrixMiddleware",
    "tisserand.audit.middleware.AuditUserMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "tisserand.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "tisserand.urls"
WSGI_APPLICATION = "tisserand.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tisserand.core.context_processors.centre",
            ],
        },
    },
]


def database_config() -> dict:
    url = os.environ.get("DATABASE_URL")
    if url:
        return dj_database_url.parse(url, conn_max_age=60)
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "tisserand.sqlite3",
        "OPTIONS": {
            # WAL lets readers work while one writer writes; IMMEDIATE plus a busy timeout
            # makes concurrent writers wait instead of failing with "database is locked".
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": float(os.environ.get("TISSERAND_SQLITE_TIMEOUT", "20")),
        },
    }


DATABASES = {"default": database_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Where the server and the commands meet: the maintenance lock and the serving mark
# (core/maintenance.py).
RUN_DIR = DATA_DIR
STATICFILES_DIRS = [BASE_DIR / "static"]
# Static files are served by WhiteNoise straight from the installed package (Django's
# finders, indexed once when a worker starts): no collectstatic step at install or upgrade,
# hence no STATIC_ROOT. The URLs carry no hash, so browsers keep a file a minute
# (WhiteNoise's default) and then revalidate it (ETag): an upgrade's CSS shows at once.
WHITENOISE_USE_FINDERS = True
WHITENOISE_ALLOW_ALL_ORIGINS = False  # no other site needs Tisserand's files

# Argon2 first: new and re-saved passwords use it; the others still verify old hashes.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# Login security (tisserand.accounts): lockout after repeated failures for one username,
# second factor (TOTP) mandatory for the roles that see follow-up files. The demo runs
# with DEBUG on, so its accounts log in with the password alone unless this is set.
# Limits per (account, address) pair, per address and per account: see accounts/throttle.py.
for _name, _default in (
    ("TISSERAND_LOGIN_MAX_FAILURES", 5),
    ("TISSERAND_LOGIN_LOCK_MINUTES", 15),
    ("TISSERAND_LOGIN_ADDRESS_FREE", 10),
    ("TISSERAND_LOGIN_ADDRESS_MAX_FAILURES", 50),
    ("TISSERAND_LOGIN_ADDRESS_LOCK_MINUTES", 60),
    ("TISSERAND_LOGIN_ACCOUNT_MAX_FAILURES", 100),
    ("TISSERAND_LOGIN_ACCOUNT_LOCK_MINUTES", 60),
    ("TISSERAND_LOGIN_KNOWN_ADDRESS_DAYS", 30),
    # Days a direction or médiation account may log in without its second factor.
    ("TISSERAND_2FA_ENROLMENT_DAYS", 7),
):
    globals()[_name] = int(os.environ.get(_name, str(_default)))
TISSERAND_REQUIRE_2FA = env_bool("TISSERAND_REQUIRE_2FA", not DEBUG)
TISSERAND_2FA_ROLES = ("direction", "mediation")

# Sessions end after TISSERAND_SESSION_HOURS without a request, and when the browser closes.
# The session is saved again at most every TISSERAND_SESSION_REFRESH_SECONDS, not on each
# request (tisserand.core.sessions): reading a page writes nothing in between.
SESSION_COOKIE_AGE = int(float(os.environ.get("TISSERAND_SESSION_HOURS", "8")) * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = False
TISSERAND_SESSION_REFRESH_SECONDS = int(
    os.environ.get("TISSERAND_SESSION_REFRESH_SECONDS", "300")
)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"

# Production (DEBUG off): HTTPS only, HSTS for a year, secure cookies; the
# Content-Security-Policy comes from tisserand.core.security. TISSERAND_HTTPS=0 serves plain
# HTTP (never on the Internet); behind a reverse proxy that terminates TLS, set
# TISSERAND_BEHIND_PROXY=1 so that Django trusts its X-Forwarded-Proto header.
HTTPS = env_bool("TISSERAND_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 365 * 24 * 3600 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preloading commits the whole domain to HTTPS in browsers: only on explicit request.
SECURE_HSTS_PRELOAD = env_bool("TISSERAND_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if env_bool("TISSERAND_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Retention (tisserand.privacy, CNIL référentiel for the social sector): persons with no
# contact for TISSERAND_RETENTION_INACTIVE_YEARS are anonymised by `tisserand purge`;
# follow-up files are erased TISSERAND_RETENTION_FOLLOW_UP_YEARS after the last contact.
TISSERAND_RETENTION_INACTIVE_YEARS = int(os.environ.get("TISSERAND_RETENTION_INACTIVE_YEARS", "3"))
TISSERAND_RETENTION_FOLLOW_UP_YEARS = int(
    os.environ.get("TISSERAND_RETENTION_FOLLOW_UP_YEARS", "2")
)

# Appointment reminders (tisserand.desks.reminders, docs/rappels.md), sent by the daily
# `tisserand send_reminders`. TISSERAND_REMINDER_BACKEND: "file" (the outbox,
# TISSERAND_DATA_DIR/outbox/), "console", "email" (the SMTP server below), "sms-http" (a
# provider's HTTP API: TISSERAND_SMS_URL, TISSERAND_SMS_TOKEN, optional TISSERAND_SMS_SENDER),
# a dotted path to a class, or several separated by commas ("sms-http,email").
TISSERAND_REMINDER_BACKEND = os.environ.get("TISSERAND_REMINDER_BACKEND", "file")
TISSERAND_SMS_URL = os.environ.get("TISSERAND_SMS_URL", "")
TISSERAND_SMS_TOKEN = os.environ.get("TISSERAND_SMS_TOKEN", "")
TISSERAND_SMS_SENDER = os.environ.get("TISSERAND_SMS_SENDER", "")
TISSERAND_SMS_TIMEOUT = float(os.environ.get("TISSERAND_SMS_TIMEOUT", "10"))
# Outgoing email (reminders): the centre's or its provider's SMTP server.
EMAIL_HOST = os.environ.get("TISSERAND_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("TISSERAND_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("TISSERAND_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("TISSERAND_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("TISSERAND_EMAIL_STARTTLS", False)
EMAIL_USE_SSL = env_bool("TISSERAND_EMAIL_SSL", False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("TISSERAND_EMAIL_FROM", "webmaster@localhost")

# No query string in the logs: names typed in a search box travel in it (docs/securite.md).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"without_query_string": {"()": "tisserand.audit.logs.WithoutQueryString"}},
    "formatters": {
        "django.server": {"()": "django.utils.log.ServerFormatter",
                          "format": "[{server_time}] {message}", "style": "{"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["without_query_string"]},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server",
                          "filters": ["without_query_string"]},
    },
    "loggers": {
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("TISSERAND_LOG_LEVEL", "WARNING")},
}
