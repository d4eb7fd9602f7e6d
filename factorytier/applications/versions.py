"""Draft versions: what changed between two, in the applicant's words, and restoring an old one."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from django.db import transaction
from django.utils.html import escape
from django.utils.safestring import mark_safe

from factorytier.audit.services import record
from factorytier.core import clock
from factorytier.core.permissions import can
from factorytier.policy import default_catalogue

from .content import SCENARIO_FIELDS, SECTIONS, get
from .models import Application, Version


def keep_version(application: Application, actor, changed: list[str], note: str = "") -> Version:
    return Version.objects.create(
        application=application, number=application.version, title=application.title,
        content=application.content or {}, changed=changed, saved_by=actor if getattr(actor, "pk", None) else None,
        saved_at=clock.now(), note=note,
    )


def changes_since(application: Application, base_version: int) -> list[str]:
    """'张三 14:03:22 修改了 项目简介、…' for every save after `base_version`, oldest first."""
    lines = []
    for v in Version.objects.filter(application=application, number__gt=base_version).select_related("saved_by").order_by("number"):
        who = (v.saved_by.display_name or v.saved_by.username) if v.saved_by else "系统"
        when = v.saved_at.astimezone(clock.SHANGHAI).strftime("%H:%M:%S")
        labels = "、".join(dict.fromkeys(label(p) for p in v.changed)) or "（无实质修改）"
        lines.append(f"{who} {when} 修改了 {labels}")
    return lines


KPI_COLUMNS = {"baseline": "基线值", "current": "当前值", "change": "变化值", "direction": "变化方向"}


def label(path: str, catalogue=None) -> str:
    """A path as the applicant knows it: 智能工厂基本情况·项目简介, 具体场景第 2 行, 附表·研制周期缩短·变化值, …"""
    from .content import all_sections

    if path == "title":
        return "项目名称"
    for section in all_sections(catalogue) if catalogue else SECTIONS:
        for part in section.parts:
            for f in part.fields:
                if f.key == path:
                    return f"{section.title}·{f.label}" if f.label == part.title else f"{section.title}·{part.title}·{f.label}"
    if path.startswith("scenes.scenarios"):
        return "智能工厂场景建设情况·具体场景建设情况"
    if path.startswith("cultivation.future_modes"):
        return "领航级智能工厂培育方案·未来制造模式创新方向"
    if path.startswith("effects.kpis."):
        parts = path.split(".")
        kpis = {str(k.no): k.name for k in (catalogue or default_catalogue()).kpis}
        name = kpis.get(parts[2], f"指标 {parts[2]}") if len(parts) > 2 else path
        column = KPI_COLUMNS.get(parts[3], parts[3]) if len(parts) > 3 else ""
        return f"智能工厂建设成效·实施成效·附表·{name}" + (f"·{column}" if column else "")
    if path.startswith("attestations."):
        return f"承诺事项·{path.split('.', 1)[1]}"
    if path.startswith("declarations."):
        return {"declarations.truthful": "智能工厂基本情况·真实性承诺·真实性", "declarations.no_secrets": "智能工厂基本情况·真实性承诺·不涉及国家秘密、商业秘密",
                "declarations.marks_confirmed": "密级标识核实"}.get(path, path)
    return path


def _leaves(content: dict, title: str, catalogue=None, tier: str | None = None) -> dict[str, object]:
    """Comparable units of a content in the materials list's order (附件2 / 附件4): each field, the
    scenario list, the future modes, each KPI value (by column), each declaration, each attestation."""
    from .content import DECLARATIONS, all_sections

    catalogue = catalogue or default_catalogue()
    out: dict[str, object] = {"title": title}
    kpi_values = get(content, "effects.kpis") or {}
    kpi_values = kpi_values if isinstance(kpi_values, dict) else {}
    for section in all_sections(catalogue, tier):
        for part in section.parts:
            for f in part.fields:
                out[f.key] = get(content, f.key)
            if part.block == "pledges":
                for key, _ in DECLARATIONS:
                    out[f"declarations.{key}"] = get(content, f"declarations.{key}")
            elif part.block == "scenarios":
                out["scenes.scenarios"] = get(content, "scenes.scenarios")
            elif part.block == "future_modes":
                out["cultivation.future_modes"] = get(content, "cultivation.future_modes")
            elif part.block == "results":
                # Every column of every KPI, present or not, so two contents list them in the same order.
                columns = {str(k.no): ("change", "direction") if k.kind == "change" else ("baseline", "current")
                           for k in catalogue.kpis}
                for no in [*columns, *sorted(set(kpi_values) - set(columns), key=str)]:
                    values = kpi_values.get(no) or {}
                    values = values if isinstance(values, dict) else {}
                    for key in dict.fromkeys([*columns.get(no, ()), *sorted(values, key=str)]):
                        out[f"effects.kpis.{no}.{key}"] = values.get(key)
    for clause, value in (content.get("attestations") or {}).items():
        out[f"attestations.{clause}"] = value
    for key, value in (content.get("declarations") or {}).items():
        out.setdefault(f"declarations.{key}", value)
    return out


def changed_paths(old_content: dict, old_title: str, new_content: dict, new_title: str,
                  catalogue=None, tier: str | None = None) -> list[str]:
    before = _leaves(old_content, old_title, catalogue, tier)
    after = _leaves(new_content, new_title, catalogue, tier)
    return [p for p in dict.fromkeys([*before, *after]) if (before.get(p) or None) != (after.get(p) or None)]


@dataclass
class Change:
    path: str
    label: str
    before: str
    after: str
    diff: str  # HTML, every piece escaped


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        lines = []
        for i, row in enumerate(value, start=1):
            if isinstance(row, dict):
                parts = [f"{SCENARIO_FIELDS.get(k, k)}：{_text(v)}" for k, v in row.items() if v not in ("", None)]
                lines.append(f"{i}. " + "；".join(parts))
            else:
                lines.append(str(row))
        return "\n".join(lines)
    return str(value)


def _inline_diff(a: str, b: str) -> str:
    """Character-level diff of two texts: removed in <del>, added in <ins>."""
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape(a[i1:i2]))
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(a[i1:i2])}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(b[j1:j2])}</ins>")
    return mark_safe("".join(out))  # noqa: S308 - built from escaped pieces only


def compare(old: Version, new: Version) -> list[Change]:
    before, after = _leaves(old.content, old.title), _leaves(new.content, new.title)
    changes = []
    for path in changed_paths(old.content, old.title, new.content, new.title):
        a, b = _text(before.get(path)), _text(after.get(path))
        changes.append(Change(path, label(path), a, b, _inline_diff(a, b)))
    return changes


def restore(application: Application, number: int, expected_version: int, actor) -> Application:
    """Make an old version the current content again (as a new version: nothing is lost)."""
    from .drafts import EDITABLE_STATES, NotEditable, VersionConflict

    with transaction.atomic():
        current = Application.objects.select_for_update().get(pk=application.pk)
        if not can(actor, "applications.edit", current) or current.state not in EDITABLE_STATES:
            raise NotEditable("当前不能修改这份申报书")
        if current.version != expected_version:
            raise VersionConflict(current.version, changes_since(current, expected_version))
        old = Version.objects.get(application=current, number=number)
        changed = changed_paths(current.content or {}, current.title, old.content, old.title)
        current.content, current.title = old.content, old.title
        current.version += 1
        current.save(update_fields=["content", "title", "version", "updated_at"])
        keep_version(current, actor, changed, note=f"恢复自版本 {number}")
        record(actor, "application.restore", current, before={"version": expected_version},
               after={"version": current.version, "restored_from": number})
    return current
