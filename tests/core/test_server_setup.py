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


def test_a_web_worker_loads_urls_templates_and_catalogues_at_start_without_the_database():
    # No `db` fixture: any query here would raise (pytest-django blocks the database).
    from django.template import engines

    from factorytier.core.warmup import template_names, warm

    loaded = warm()
    assert loaded["templates"] >= len(template_names()) - 5 > 50
    # The cached loader now holds the editor and the log-in page: a worker's first request compiles nothing.
    cached = engines["django"].engine.template_loaders[0].get_template_cache
    assert {"applications/edit.html", "accounts/login.html"} <= set(cached)


def test_gunicorn_preloads_the_warmed_application_in_scripts_run_and_the_benchmark():
    assert "--preload" in (ROOT / "scripts" / "run").read_text()
    assert '"--preload"' in (ROOT / "bench" / "deadline_bench.py").read_text()


def test_every_template_compiles():
    from django.template import TemplateSyntaxError
    from django.template.loader import get_template

    from factorytier.core.warmup import template_names

    broken = []
    for name in template_names():
        try:
            get_template(name)
        except TemplateSyntaxError as exc:
            broken.append(f"{name}: {exc}")
    assert not broken, broken


def test_no_template_comment_spans_lines():
    # Django's {# … #} ends at the line's end: a comment over two lines is printed on the page as text.
    from factorytier.core.warmup import template_names

    root = ROOT / "factorytier" / "templates"
    broken = [f"{name}:{n}" for name in template_names()
              for n, line in enumerate((root / name).read_text().splitlines(), start=1)
              if line.count("{#") > line.count("#}")]
    assert not broken, broken


def test_the_loaded_application_is_set_aside_from_the_garbage_collector():
    # A full collection in a worker then walks only what requests made, not Django and the catalogues.
    import os
    import subprocess
    import sys

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "factorytier.settings", "FACTORYTIER_WARMUP": "0"}
    out = subprocess.run([sys.executable, "-c", "import gc, factorytier.wsgi; print(gc.get_freeze_count())"],
                         cwd=ROOT, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout.split()[-1]) > 50_000  # objects: Django and the apps alone are ≈100,000
