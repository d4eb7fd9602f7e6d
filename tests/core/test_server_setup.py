"""The embedded default holds a district: a production server, SQLite that waits instead of failing."""

from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def test_scripts_run_serves_through_gunicorn_with_several_workers_not_runserver():
    script = (ROOT / "scripts" / "run").read_text()
    assert "gunicorn factorytier.wsgi" in script and "--workers" in script
    assert "runserver" not in script
    assert "manage.py demo" in script and "db_worker" in script  # demo accounts and task workers as before


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(db):
    options = settings.DATABASES["default"].get("OPTIONS", {})
    if connection.vendor != "sqlite":
        return  # PostgreSQL: nothing to set
    assert "journal_mode=WAL" in options["init_command"] and options["transaction_mode"] == "IMMEDIATE"
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == 20000
