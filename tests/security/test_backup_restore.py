"""`factorytier backup` and `factorytier restore`: database and uploaded files together, on SQLite and on
PostgreSQL. A campaign with submitted applications, versions, attachments and audit entries is backed up,
restored into an empty database and folder, and every row count, snapshot digest and file SHA-256 agrees."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WORLD = Path(__file__).with_name("backup_world.py")
PG = os.environ.get("FACTORYTIER_TEST_PG", "postgres://postgres@127.0.0.1:5432")


def run(args, env, timeout=600):
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{args}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result.stdout


def site_env(data_dir: Path, database_url: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "FACTORYTIER_", "PYTEST", "DATABASE_URL"))}
    env.update(DJANGO_SETTINGS_MODULE="factorytier.settings", FACTORYTIER_DATA_DIR=str(data_dir),
               SECRET_KEY="backup-test-secret-key-" + "k" * 40, FACTORYTIER_TESTING="1")
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def psql(sql: str):
    subprocess.run(["psql", f"{PG}/postgres", "-v", "ON_ERROR_STOP=1", "-qc", sql], check=True, capture_output=True)


def pg_available() -> bool:
    if not shutil.which("pg_dump") or not shutil.which("psql"):
        return False
    return subprocess.run(["psql", f"{PG}/postgres", "-qAtc", "select 1"], capture_output=True).returncode == 0


@pytest.fixture(params=["sqlite", "postgresql"])
def databases(request, tmp_path):
    if request.param == "sqlite":
        yield None, None
        return
    if not pg_available():
        pytest.skip("PostgreSQL or pg_dump not available (apt install postgresql-client)")
    names = [f"ft_bk_{os.getpid()}_src", f"ft_bk_{os.getpid()}_dst"]
    for name in names:
        psql(f"DROP DATABASE IF EXISTS {name}")
        psql(f"CREATE DATABASE {name}")
    yield f"{PG}/{names[0]}", f"{PG}/{names[1]}"
    for name in names:
        psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_backup_then_restore_into_an_empty_database_and_folder(tmp_path, databases):
    source_url, target_url = databases
    source = site_env(tmp_path / "source", source_url)
    target = site_env(tmp_path / "target", target_url)
    python = sys.executable

    run([python, "manage.py", "migrate", "--noinput", "-v", "0"], source)
    before = json.loads(run([python, str(WORLD), "make"], source).strip().splitlines()[-1])
    assert before["rows"]["applications_snapshot"] > 0 and before["rows"]["applications_version"] > 0
    assert before["rows"]["applications_attachment"] == 6 and len(before["files"]) == 6
    assert before["rows"]["audit_auditentry"] > 0

    out = run([python, "manage.py", "backup", "--to", str(tmp_path / "backups")], source)
    assert "备份完成" in out
    (folder,) = (tmp_path / "backups").iterdir()
    assert {p.name for p in folder.iterdir()} >= {"manifest.json", "media.tar"}

    # The target: no database file (or an empty PostgreSQL database) and no uploaded files.
    assert not (tmp_path / "target").exists()
    out = run([python, "manage.py", "restore", str(folder)], target)
    assert "恢复完成并核对一致" in out

    after = json.loads(run([python, str(WORLD), "measure"], target).strip().splitlines()[-1])
    assert after["rows"] == before["rows"]
    assert after["snapshot_digests"] == before["snapshot_digests"]
    assert after["files"] == before["files"]

    # The restored audit log is still append-only.
    code = ("import django; django.setup(); from django.db import connection\n"
            "from factorytier.audit.models import AuditEntry\n"
            "pk = AuditEntry.objects.order_by('id').values_list('id', flat=True).first()\n"
            "try:\n"
            "    with connection.cursor() as c: c.execute('UPDATE audit_auditentry SET note = %s WHERE id = %s', ['x', pk])\n"
            "    print('UPDATED')\n"
            "except Exception as e:\n"
            "    print('REFUSED')\n")
    assert run([python, "-c", code], target).strip().endswith("REFUSED")


def test_restore_refuses_a_folder_that_is_not_a_backup(tmp_path):
    env = site_env(tmp_path / "x", None)
    result = subprocess.run([sys.executable, "manage.py", "restore", str(tmp_path)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode != 0 and "manifest.json" in result.stderr
