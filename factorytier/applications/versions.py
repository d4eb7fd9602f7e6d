"""Draft versions: how they are stored, what changed between two (in the applicant's words), restoring one.

A version does not copy the whole content. It stores what changed since the version before it (the
changed paths and their new values, `Version.delta`), and every `CHECKPOINT_EVERY` versions (and on
creation and restore) a full copy (`Version.content`), so any version is rebuilt from the nearest
checkpoint before it plus at most `CHECKPOINT_EVERY - 1` deltas. Versions kept before deltas existed
are full copies, i.e. checkpoints, and keep working unchanged.
"""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass

from diff_match_patch import diff_match_patch
from django.db import transaction
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from factorytier.audit.services import record
from factorytier.core import clock, rows
from factorytier.core.language import policy_lang
from factorytier.core.permissions import can
from factorytier.policy import default_catalogue

from .content import SCENARIO_FIELDS, SECTIONS, english, get
from .models import Application, Version

# A full copy at least every this many versions: rebuilding reads at most this many rows.
CHECKPOINT_EVERY = 20


def _same(a, b) -> bool:
    """Equal as JSON values (1, 1.0 and True are three different values here)."""
    if a is b:  # a save shares the parts it did not change with the version before
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def json_delta(old: dict, new: dict, prefix: tuple = ()) -> list[list]:
    """What turns `old` into `new`: [[key, key, …], value] to set a value, [[key, …]] to remove a key.
    Objects are compared key by key; any other changed value (a list, a text) is stored whole."""
    ops: list[list] = [[[*prefix, k]] for k in old if k not in new]
    for k, value in new.items():
        if k not in old:
            ops.append([[*prefix, k], value])
        elif not _same(old[k], value):
            if isinstance(old[k], dict) and isinstance(value, dict):
                ops += json_delta(old[k], value, (*prefix, k))
            else:
                ops.append([[*prefix, k], value])
    return ops


def apply_delta(content: dict, ops: list[list]) -> dict:
    """Apply `json_delta`'s operations to `content` in place (and return it)."""
    for op in ops:
        path = op[0]
        node = content
        for key in path[:-1]:
            node = node.setdefault(key, {})
        if len(op) == 1:
            node.pop(path[-1], None)
        else:
            node[path[-1]] = copy.deepcopy(op[1])
    return content


def keep_version(application: Application, actor, changed: list[str], note: str = "", *,
                 previous: dict | None = None, save_id=None) -> Version:
    """Record the application's current content as version `application.version`.

    Given `previous` (the content of the version before), only the difference is stored, unless the
    caller made this version a checkpoint (`application.checkpoint_version == application.version`, see
    `checkpoint_due`); without it (creation, restore) always a full copy."""
    content = application.content or {}
    full = previous is None or application.checkpoint_version == application.version
    if full and application.checkpoint_version != application.version:
        application.checkpoint_version = application.version
        Application.objects.filter(pk=application.pk).update(checkpoint_version=application.version)
    version = Version(
        application=application, number=application.version, title=application.title,
        content=content if full else None, delta=None if full else json_delta(previous, content),
        changed=changed, saved_by=actor if getattr(actor, "pk", None) else None,
        saved_at=clock.now(), note=note, save_id=save_id,
    )
    rows.insert(version)  # every save makes one: a fixed statement, see `core.rows`
    return version


def checkpoint_due(application: Application) -> bool:
    """Whether the application's (just counted) version should be kept as a full copy."""
    return not application.checkpoint_version or application.version - application.checkpoint_version >= CHECKPOINT_EVERY


class VersionMissing(Exception):
    pass


def rebuild(application_id: int, number: int) -> tuple[str, dict]:
    """(title, content) of version `number`, exactly as it was saved."""
    checkpoint = (Version.objects.filter(application_id=application_id, number__lte=number, content__isnull=False)
                  .order_by("-number").values_list("number", flat=True).first())
    if checkpoint is None:
        raise VersionMissing(number)
    rows = list(Version.objects.filter(application_id=application_id, number__gte=checkpoint, number__lte=number)
                .order_by("number").values_list("number", "title", "content", "delta"))
    if not rows or rows[-1][0] != number or len(rows) != number - checkpoint + 1:
        raise VersionMissing(number)
    content: dict = {}
    for _n, _title, full, delta in rows:
        content = full if full is not None else apply_delta(content, delta or [])
    return rows[-1][1], content


def changes_since(application: Application, base_version: int) -> list[str]:
    """'张三 14:03:22 修改了 项目简介、…' for every save after `base_version`, oldest first."""
    lang = policy_lang()
    lines = []
    for v in Version.objects.filter(application=application, number__gt=base_version).select_related("saved_by").order_by("number"):
        who = (v.saved_by.display_name or v.saved_by.username) if v.saved_by else _("系统")
        when = v.saved_at.astimezone(clock.SHANGHAI).strftime("%H:%M:%S")
        labels = ("、" if lang != "en" else ", ").join(dict.fromkeys(label(p, lang=lang) for p in v.changed)) or _("（无实质修改）")
        lines.append(_("%(who)s %(when)s 修改了 %(fields)s") % {"who": who, "when": when, "fields": labels})
    return lines


KPI_COLUMNS = {"baseline": "基线值", "current": "当前值", "change": "变化值", "direction": "变化方向"}


def label(path: str, catalogue=None, lang: str = "zh") -> str:
    """A path as the applicant knows it: 智能工厂基本情况·项目简介, 具体场景第 2 行, 附表·研制周期缩短·变化值, …
    (`lang` "en": the English interface's names, "The smart factory · Project summary")."""
    from .content import all_sections, english

    sep = " · " if lang == "en" else "·"
    if path == "title":
        return english("项目名称", lang)
    sections = all_sections(catalogue) if catalogue else SECTIONS
    for section in sections:
        for part in section.parts:
            for f in part.fields:
                if f.key == path:
                    title = section.title_in(lang)
                    return (sep.join((title, f.label_in(lang))) if f.label == part.title
                            else sep.join((title, part.title_in(lang), f.label_in(lang))))
    by_id = {s.id: s for s in sections}

    def named(section_id: str, default: str, item: str) -> str:
        section = by_id.get(section_id)
        return sep.join((section.title_in(lang) if section else default, english(item, lang)))

    if path.startswith("scenes.scenarios"):
        return named("scenes", "智能工厂场景建设情况", "具体场景建设情况")
    if path.startswith("cultivation.future_modes"):
        return named("cultivation", "领航级智能工厂培育方案", "未来制造模式创新方向")
    if path.startswith("effects.kpis."):
        parts = path.split(".")
        kpis = {str(k.no): k.name_in(lang) for k in (catalogue or default_catalogue()).kpis}
        fallback = f"KPI {parts[2]}" if lang == "en" else f"指标 {parts[2]}"
        name = kpis.get(parts[2], fallback) if len(parts) > 2 else path
        column = english(KPI_COLUMNS.get(parts[3], parts[3]), lang) if len(parts) > 3 else ""
        table = "Annex table" if lang == "en" else "附表"
        return sep.join((named("effects", "智能工厂建设成效", "实施成效"), table, name, *((column,) if column else ())))
    if path.startswith("attestations."):
        return sep.join(("Attestations" if lang == "en" else "承诺事项", path.split(".", 1)[1]))
    if path.startswith("declarations."):
        if lang == "en":
            return {"declarations.truthful": "The smart factory · Pledge of truthfulness · Truthfulness",
                    "declarations.no_secrets": "The smart factory · Pledge of truthfulness · No state or commercial secrets",
                    "declarations.marks_confirmed": "Classification marks checked"}.get(path, path)
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
                for key, _pledge in DECLARATIONS:
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
    """A saved value as the comparison shows it; the structure's words (是/否, scenario columns) in the
    interface language, the applicant's text as entered."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, list):
        lang = policy_lang()
        colon, semicolon = (": ", "; ") if lang == "en" else ("：", "；")
        lines = []
        for i, row in enumerate(value, start=1):
            if isinstance(row, dict):
                parts = [f"{english(SCENARIO_FIELDS.get(k, k), lang)}{colon}{_text(v)}" for k, v in row.items()
                         if v not in ("", None)]
                lines.append(f"{i}. " + semicolon.join(parts))
            else:
                lines.append(str(row))
        return "\n".join(lines)
    return str(value)


# Comparing is bounded: each diff stops refining after DIFF_TIMEOUT seconds (diff-match-patch then
# answers a coarser but correct diff), a page stops diffing after COMPARE_BUDGET seconds in all, and
# only the first COMPARE_CHARS characters of a value are diffed (the rest is shown as it is).
DIFF_TIMEOUT = 0.5
COMPARE_BUDGET = 2.0
COMPARE_CHARS = 20_000


def _inline_diff(a: str, b: str, timeout: float = DIFF_TIMEOUT) -> str:
    """Character-level diff of two texts (Chinese compares character by character): removed in <del>,
    added in <ins>. Never runs longer than about `timeout` seconds, whatever the texts."""
    dmp = diff_match_patch()
    dmp.Diff_Timeout = max(timeout, 0.001)
    head_a, tail_a, head_b, tail_b = a[:COMPARE_CHARS], a[COMPARE_CHARS:], b[:COMPARE_CHARS], b[COMPARE_CHARS:]
    diffs = dmp.diff_main(head_a, head_b)
    dmp.diff_cleanupSemantic(diffs)
    out = []
    for op, text in diffs:
        piece = escape(text)
        out.append(piece if op == dmp.DIFF_EQUAL else f"<del>{piece}</del>" if op == dmp.DIFF_DELETE else f"<ins>{piece}</ins>")
    if tail_a or tail_b:
        out.append("<span class=\"muted\">（以下内容过长，未逐字比较）</span>")
        if tail_a != tail_b:
            out.append(f"<del>{escape(tail_a)}</del><ins>{escape(tail_b)}</ins>" if tail_a else f"<ins>{escape(tail_b)}</ins>")
        else:
            out.append(escape(tail_a))
    return mark_safe("".join(out))  # noqa: S308 - built from escaped pieces only


def version_content(version: Version) -> tuple[str, dict]:
    """(title, content) of a stored version, rebuilt from its checkpoint when it holds only a delta."""
    if version.content is not None:
        return version.title, version.content
    return rebuild(version.application_id, version.number)


def compare(old: Version, new: Version) -> list[Change]:
    (old_title, old_content), (new_title, new_content) = version_content(old), version_content(new)
    before, after = _leaves(old_content, old_title), _leaves(new_content, new_title)
    changes = []
    spent = time.monotonic()
    for path in changed_paths(old_content, old_title, new_content, new_title):
        a, b = _text(before.get(path)), _text(after.get(path))
        left = COMPARE_BUDGET - (time.monotonic() - spent)
        diff = (_inline_diff(a, b, min(DIFF_TIMEOUT, left)) if left > 0
                else mark_safe(f"<del>{escape(a)}</del><ins>{escape(b)}</ins>"))  # noqa: S308 - escaped pieces
        changes.append(Change(path, label(path, lang=policy_lang()), a, b, diff))
    return changes


def restore(application: Application, number: int, expected_version: int, actor) -> Application:
    """Make an old version the current content again (as a new version: nothing is lost)."""
    from .drafts import EDITABLE_STATES, NotEditable, VersionConflict

    with transaction.atomic():
        current = Application.objects.select_for_update(of=("self",)).select_related("enterprise").get(pk=application.pk)
        if not can(actor, "applications.edit", current) or current.state not in EDITABLE_STATES:
            raise NotEditable(_("当前不能修改这份申报书"))
        if current.version != expected_version:
            raise VersionConflict(current.version, changes_since(current, expected_version))
        old = Version.objects.get(application=current, number=number)
        old_title, old_content = version_content(old)
        changed = changed_paths(current.content or {}, current.title, old_content, old_title)
        current.content, current.title = old_content, old_title
        current.version += 1
        current.checkpoint_version = current.version  # a restore is stored as a full copy
        current.save(update_fields=["content", "title", "version", "checkpoint_version", "updated_at"])
        keep_version(current, actor, changed, note=f"恢复自版本 {number}")
        record(actor, "application.restore", current, before={"version": expected_version},
               after={"version": current.version, "restored_from": number})
    return current
