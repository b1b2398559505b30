import sqlite3

import pytest

from tisserand import settings, tools_settings
from tisserand.cli import TOOL_SETTINGS, main, settings_for


def test_sqlite_by_default_in_the_data_folder_with_wal(monkeypatch, tmp_path):
    """GIVEN no DATABASE_URL WHEN settings build the database THEN SQLite lives in the data
    folder and each connection switches to WAL with a busy timeout."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setattr(settings, "DATA_DIR", tmp_path)
    config = settings.database_config()
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == tmp_path / "tisserand.sqlite3"
    assert config["OPTIONS"]["timeout"] >= 5
    connection = sqlite3.connect(config["NAME"])
    connection.executescript(config["OPTIONS"]["init_command"])
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_postgresql_when_database_url_is_set(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")
    config = settings.database_config()
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["HOST"], config["PORT"]) == ("test", "127.0.0.1", 5432)


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("oui", True), ("0", False)])
def test_env_bool(monkeypatch, raw, expected):
    monkeypatch.setenv("TISSERAND_X", raw)
    assert settings.env_bool("TISSERAND_X", not expected) is expected


def test_interface_is_french_in_paris():
    assert settings.LANGUAGE_CODE == "fr"
    assert settings.TIME_ZONE == "Europe/Paris"


def test_console_script_runs_management_commands(monkeypatch, capsys):
    monkeypatch.setattr("sys.argv", ["tisserand", "check"])
    main()
    assert "no issues" in capsys.readouterr().out


def test_production_does_not_install_the_generator():
    """The synthetic-centre generator writes thousands of invented persons: a production
    server does not have it; the tests and the benchmarks do."""
    assert "tisserand.scale" not in settings.INSTALLED_APPS
    assert [*settings.INSTALLED_APPS, "tisserand.scale"] == tools_settings.INSTALLED_APPS


def test_the_generate_command_brings_its_settings(monkeypatch):
    monkeypatch.delenv("DJANGO_SETTINGS_MODULE", raising=False)
    assert settings_for(["tisserand", "generate", "--scale", "2"]) == TOOL_SETTINGS
    assert settings_for(["tisserand", "migrate"]) == "tisserand.settings"
    assert settings_for(["tisserand"]) == "tisserand.settings"
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "ailleurs.settings")
    assert settings_for(["tisserand", "generate"]) == "ailleurs.settings"
