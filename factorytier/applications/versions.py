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


def label(path: str) -> str:
    """A path as the applicant knows it: 智能工厂基本情况·项目简介, 具体场景第 2 行, …"""
    if path == "title":
        return "项目名称"
    for section in SECTIONS:
        for f in section.fields:
            if f.key == path:
                return f"{section.title}·{f.label}"
    if path.startswith("scenes.scenarios"):
        return "智能工厂场景建设情况·具体场景建设情况"
    if path.startswith("cultivation.future_modes"):
        return "领航级智能工厂培育方案·未来制造模式创新方向"
    if path.startswith("effects.kpis."):
        kpis = {str(k.no): k.name for k in default_catalogue().kpis}
        return f"智能工厂建设成效·实施成效·{kpis.get(path.split('.')[2], path)}"
    if path.startswith("attestations."):
        return f"承诺事项·{path.split('.', 1)[1]}"
    if path.startswith("declarations."):
        return {"declarations.truthful": "真实性承诺", "declarations.no_secrets": "不涉及国家秘密、商业秘密的声明",
                "declarations.marks_confirmed": "密级标识核实"}.get(path, path)
    return path


def _leaves(content: dict, title: str) -> dict[str, object]:
    """Comparable units of a content: each field, the scenario list, each KPI value, each attestation."""
    out: dict[str, object] = {"title": title}
    for section in SECTIONS:
        for f in section.fields:
            out[f.key] = get(content, f.key)
    out["scenes.scenarios"] = get(content, "scenes.scenarios")
    out["cultivation.future_modes"] = get(content, "cultivation.future_modes")
    for no, values in (get(content, "effects.kpis") or {}).items():
        for key in ("baseline", "current"):
            out[f"effects.kpis.{no}.{key}"] = (values or {}).get(key)
    for clause, value in (content.get("attestations") or {}).items():
        out[f"attestations.{clause}"] = value
    for key, value in (content.get("declarations") or {}).items():
        out[f"declarations.{key}"] = value
    return out


def changed_paths(old_content: dict, old_title: str, new_content: dict, new_title: str) -> list[str]:
    before = _leaves(old_content, old_title)
    after = _leaves(new_content, new_title)
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
