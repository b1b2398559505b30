import sqlite3

import pytest

from tisserand import settings
from tisserand.cli import main


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
