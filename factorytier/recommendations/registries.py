"""Registry files from the commission: factories already rated (先进级 / 卓越级 / 领航级) and 揭榜 units that
passed local acceptance. A file is read in full, every bad row reported (row, column, reason), previewed
against the current registry (added, changed, removed) and applied only when clean and confirmed.

Read with openpyxl (read-only) and checked with python-stdnum (through `policy.uscc`)."""

from __future__ import annotations

import io
import zipfile

from django.db import transaction

from factorytier.audit.services import record
from factorytier.core import clock
from factorytier.core.permissions import can
from factorytier.policy.uscc import uscc_problem

from .models import RegistryEntry, RegistryImport, RegistryKind

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20000
MAX_TEXT = 200
RATINGS = {"先进级": "advanced", "卓越级": "excellent", "领航级": "leading"}
COLUMNS = {
    RegistryKind.RATED: ["统一社会信用代码", "企业名称", "获评层级"],
    RegistryKind.PILOT: ["统一社会信用代码", "企业名称"],
}
ALIASES = {"获评层级": ("获评层级", "层级", "已获评层级")}


class RegistryRefused(Exception):
    pass


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse(kind: str, data: bytes) -> tuple[list[dict], list[dict]]:
    """(clean rows, errors). Each error: {"row": n, "column": title, "reason": Chinese text}."""
    from openpyxl import load_workbook

    errors: list[dict] = []
    if len(data) > MAX_BYTES:
        return [], [{"row": 0, "column": "文件", "reason": f"文件超过 {MAX_BYTES // 1024 // 1024} MB"}]
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
        return [], [{"row": 0, "column": "文件", "reason": "不是有效的 xlsx 文件（请用 Excel/WPS 另存为 .xlsx）"}]
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = [_text(v) for v in next(rows, ())]
    index: dict[str, int] = {}
    for title in COLUMNS[kind]:
        names = ALIASES.get(title, (title,))
        found = next((i for i, h in enumerate(header) if h in names), None)
        if found is None:
            errors.append({"row": 1, "column": title, "reason": f"表头缺少“{title}”列"})
        else:
            index[title] = found
    if errors:
        wb.close()
        return [], errors
    clean: list[dict] = []
    seen: dict[str, int] = {}
    for n, values in enumerate(rows, start=2):
        if n - 1 > MAX_ROWS:
            errors.append({"row": n, "column": "", "reason": f"行数超过 {MAX_ROWS} 行"})
            break
        cells = {t: _text(values[i]) if i < len(values) else "" for t, i in index.items()}
        if not any(cells.values()):
            continue
        row_errors = []
        code = cells["统一社会信用代码"].upper()
        problem = uscc_problem(code)
        if problem:
            if problem == "统一社会信用代码校验位错误":
                from stdnum.cn import uscc as stdnum_uscc

                problem = f"校验位错误：第 18 位应为“{stdnum_uscc.calc_check_digit(code[:17])}”，文件中为“{code[17]}”"
            row_errors.append(("统一社会信用代码", problem))
        elif code in seen:
            row_errors.append(("统一社会信用代码", f"与第 {seen[code]} 行重复"))
        name = cells["企业名称"]
        if not name:
            row_errors.append(("企业名称", "企业名称为空"))
        elif len(name) > MAX_TEXT:
            row_errors.append(("企业名称", f"企业名称超过 {MAX_TEXT} 字"))
        rating = ""
        if kind == RegistryKind.RATED:
            label = cells["获评层级"]
            rating = RATINGS.get(label, "")
            if not rating:
                row_errors.append(("获评层级", f"未知层级“{label[:20]}”（应为先进级、卓越级或领航级）"))
        for column, reason in row_errors:
            errors.append({"row": n, "column": column, "reason": reason})
        if not row_errors:
            seen[code] = n
            clean.append({"uscc": code, "name": name, "rating": rating})
    wb.close()
    return clean, errors


def diff(kind: str, rows: list[dict]) -> dict:
    current = {e.uscc: e for e in RegistryEntry.objects.filter(kind=kind)}
    new = {r["uscc"]: r for r in rows}
    added = [r for u, r in new.items() if u not in current]
    changed = [{"uscc": u, "name": r["name"], "rating": r["rating"], "before": {"name": current[u].name, "rating": current[u].rating}}
               for u, r in new.items() if u in current and (current[u].name != r["name"] or current[u].rating != r["rating"])]
    removed = [{"uscc": u, "name": e.name, "rating": e.rating} for u, e in current.items() if u not in new]
    return {"added": added, "changed": changed, "removed": removed}


def upload(kind: str, file_name: str, data: bytes, actor) -> RegistryImport:
    """Check the file and keep the result for preview; nothing changes in the registry yet."""
    if not can(actor, "recommendations.manage_registries"):
        raise RegistryRefused("您没有权限导入名单")
    if kind not in RegistryKind.values:
        raise RegistryRefused("名单类型：请选择已获评名单或揭榜单位验收名单")
    rows, errors = parse(kind, data)
    with transaction.atomic():
        result = RegistryImport.objects.create(
            kind=kind, file_name=(file_name or "名单.xlsx")[:200], uploaded_by=actor, uploaded_at=clock.now(),
            status=RegistryImport.Status.REJECTED if errors else RegistryImport.Status.PREVIEW,
            rows=[] if errors else rows, errors=errors[:1000], diff={} if errors else diff(kind, rows),
        )
        record(actor, "registry.upload", result, after={"rows": len(rows), "errors": len(errors)})
    return result


def apply(result: RegistryImport, actor) -> RegistryImport:
    """Replace the registry of this kind by the previewed file."""
    if not can(actor, "recommendations.manage_registries"):
        raise RegistryRefused("您没有权限导入名单")
    with transaction.atomic():
        current = RegistryImport.objects.select_for_update(of=("self",)).get(pk=result.pk)
        if current.status != RegistryImport.Status.PREVIEW:
            raise RegistryRefused(f"该文件当前为“{current.get_status_display()}”，不能导入")
        RegistryImport.objects.filter(kind=current.kind, status=RegistryImport.Status.PREVIEW).exclude(
            pk=current.pk).update(status=RegistryImport.Status.SUPERSEDED)
        RegistryEntry.objects.filter(kind=current.kind).delete()
        RegistryEntry.objects.bulk_create([RegistryEntry(kind=current.kind, uscc=r["uscc"], name=r["name"],
                                                         rating=r["rating"], source=current) for r in current.rows])
        current.status = RegistryImport.Status.APPLIED
        current.applied_at = clock.now()
        current.save(update_fields=["status", "applied_at"])
        d = current.diff or {}
        record(actor, "registry.apply", current, after={k: len(d.get(k, [])) for k in ("added", "changed", "removed")})
    return current
