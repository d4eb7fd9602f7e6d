"""Backup and restore of the database and the uploaded files together (django-dbbackup underneath).

`factorytier backup` writes one folder: the database (SQLite's online backup, or `pg_dump --format=custom`),
the uploaded files as one archive, and `manifest.json` with every table's row count, every snapshot digest and
every file's SHA-256. `factorytier restore FOLDER` loads both into an empty (or expendable) database and
folder, then checks the result against the manifest and fails loudly if anything differs.

The audit log's append-only trigger is no obstacle: SQLite's restore copies the database file whole, and
PostgreSQL's `pg_restore` loads the rows before it creates the triggers; neither updates or deletes a row.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import connection


def row_counts() -> dict[str, int]:
    out = {}
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
    for model in apps.get_models(include_auto_created=True):
        if model._meta.db_table in tables and not model._meta.proxy:
            out[model._meta.db_table] = model._base_manager.count()
    return dict(sorted(out.items()))


def snapshot_digests() -> list[str]:
    from factorytier.applications.models import Snapshot

    return sorted(Snapshot.objects.values_list("digest", flat=True))


def _walk(storage, prefix: str = ""):
    try:
        dirs, files = storage.listdir(prefix)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{prefix}{name}"
    for d in dirs:
        yield from _walk(storage, f"{prefix}{d}/")


def file_hashes() -> dict[str, str]:
    out = {}
    for name in _walk(default_storage):
        h = hashlib.sha256()
        with default_storage.open(name, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
        out[name] = h.hexdigest()
    return dict(sorted(out.items()))


def inventory() -> dict:
    return {"engine": connection.vendor, "rows": row_counts(), "snapshot_digests": snapshot_digests(),
            "files": file_hashes()}


def compare(expected: dict, actual: dict) -> list[str]:
    """What differs between two inventories, in words (empty when they agree)."""
    problems = []
    for table, n in expected["rows"].items():
        if actual["rows"].get(table) != n:
            problems.append(f"表 {table}：备份中 {n} 行，恢复后 {actual['rows'].get(table)} 行")
    if expected["snapshot_digests"] != actual["snapshot_digests"]:
        problems.append("申报书快照的数字摘要不一致")
    for name, digest in expected["files"].items():
        if actual["files"].get(name) != digest:
            problems.append(f"文件 {name}：" + ("缺失" if name not in actual["files"] else "SHA-256 不一致"))
    return problems


def write_manifest(folder: Path, data: dict) -> None:
    (folder / "manifest.json").write_text(json.dumps(data, ensure_ascii=False, indent=1))


def read_manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text())
