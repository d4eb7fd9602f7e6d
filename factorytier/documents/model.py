"""The renderer-neutral view of a frozen application snapshot.

`build_view(doc)` turns the snapshot dict (see `factorytier.documents`) into a list of sections made of a
few simple block types, with every missing or empty value already replaced by ``（未填写）``. The PDF
template and the DOCX writer render the same blocks, so both documents have the same structure and order,
and neither renderer has to know about missing keys.

Block types (each a dict with a ``type``):

* ``fields``  — label/value rows: ``{"rows": [[label, value], ...]}``
* ``heading`` — a sub-heading: ``{"text": ..., "level": 2 | 3}``
* ``text``    — paragraphs of applicant text: ``{"paras": [str, ...]}``
* ``note``    — small grey guidance (材料要求, 环节要求): ``{"text": ...}``
* ``list``    — numbered lines: ``{"items": [str, ...]}``
* ``pledge``  — declarations: ``{"items": [{"text": ..., "checked": bool}]}``
* ``table``   — ``{"kind", "columns", "widths", "align", "detail_label", "rows": [{"cells", "detail"}]}``;
  ``detail`` (str or None) is a full-width row printed under its row (the scenario description), after
  ``detail_label``; ``widths`` are relative, ``align`` is "left" / "center" / "right" per column.

All values in the view are strings (or lists of strings); numbers are never reformatted.
"""

from __future__ import annotations

import re
from typing import Any

MISSING = "（未填写）"
CN_NUMERALS = "一二三四五六七八九十"

# Characters XML 1.0 (DOCX) cannot hold; tabs and line breaks are kept.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

TIER_NAMES = {"excellent": "卓越级", "leading": "领航级"}

DEFAULT_SECTIONS = {
    "excellent": [
        ("M.EX.1", "申报单位基本信息"),
        ("M.EX.2", "智能工厂基本情况"),
        ("M.EX.3", "智能工厂场景建设情况"),
        ("M.EX.4", "智能工厂建设成效"),
    ],
    "leading": [
        ("M.LD.1", "申报单位基本信息"),
        ("M.LD.2", "智能工厂基本情况"),
        ("M.LD.3", "智能工厂场景建设情况"),
        ("M.LD.4", "领航级智能工厂培育方案"),
        ("M.LD.5", "智能工厂建设成效"),
    ],
}
SECTION_KEYS = {
    "excellent": ["basic", "factory", "scenes", "effects"],
    "leading": ["basic", "factory", "scenes", "cultivation", "effects"],
}
# Title keywords, most specific first: "基本信息" before "基本情况", "培育" before anything else.
TITLE_KEYS = [("培育", "cultivation"), ("基本信息", "basic"), ("场景", "scenes"), ("成效", "effects"),
              ("基本情况", "factory")]

DEFAULT_SEGMENTS = [
    ("factory", "工厂建设"), ("design", "研发设计"), ("production", "生产作业"),
    ("management", "生产管理"), ("operations", "运营管理"),
]
KPI_COLUMNS = ["序号", "指标类别", "指标名称", "单位", "基线值", "当前值", "变化"]


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def text(value: Any, default: str = MISSING) -> str:
    """A display string: strings are kept as they are (stripped), numbers as ``str()``, empty → default."""
    if value is None or isinstance(value, bool):
        return default
    if isinstance(value, (list, tuple)):
        value = "、".join(t for t in (text(v, "") for v in value) if t)
    elif not isinstance(value, str):
        value = str(value)
    value = CONTROL.sub("", value).strip()
    return value or default


def paras(value: Any) -> list[str]:
    """Applicant text split into paragraphs at line breaks; ``[MISSING]`` when empty."""
    raw = text(value, "")
    out = [p.strip() for p in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    out = [p for p in out if p]
    return out or [MISSING]


def cn_numeral(n: int) -> str:
    if 1 <= n <= 10:
        return CN_NUMERALS[n - 1]
    if n < 20:
        return "十" + CN_NUMERALS[n - 11]
    return str(n)


def _tier(doc: dict) -> str:
    app = _dict(doc.get("application"))
    tier = app.get("tier")
    if tier in SECTION_KEYS:
        return tier
    sections = _list(_dict(doc.get("materials")).get("sections"))
    clauses = [str(_dict(s).get("clause", "")) for s in sections]
    if any(c.startswith("M.LD") for c in clauses) or len(sections) == 5:
        return "leading"
    return "excellent"


def _section_key(tier: str, position: int, section: dict) -> str | None:
    key = text(section.get("key"), "")
    if key in BUILDERS_KEYS:
        return key
    title = text(section.get("title"), "")
    for keyword, key in TITLE_KEYS:
        if keyword in title:
            return key
    clause = text(section.get("clause"), "")
    keys = SECTION_KEYS[tier]
    try:
        index = int(clause.rsplit(".", 1)[-1]) - 1
    except ValueError:
        index = position
    return keys[index] if 0 <= index < len(keys) else None


BUILDERS_KEYS = ("basic", "factory", "scenes", "cultivation", "effects")


def default_parts(key: str) -> list[dict]:
    """The sub-items of a section as the 申报书's own definition (applications.content) gives them, for a
    snapshot whose document data does not carry them."""
    from factorytier.applications.content import part_dicts, sections_for

    for tier in ("leading", "excellent"):
        for section in sections_for(tier):
            if section.id == key:
                return part_dicts(section)
    return []


def default_pledges() -> list[dict]:
    from factorytier.applications.content import DECLARATIONS

    return [{"key": k, "text": t} for k, t in DECLARATIONS]


# ---------------------------------------------------------------------------------------------- parts


def _get(content: dict, dotted: str) -> Any:
    node: Any = content
    for piece in dotted.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(piece)
    return node


def _rows(part: dict, content: dict) -> list[list[str]]:
    fields = [_dict(f) for f in _list(part.get("fields"))]
    keys = [text(f.get("key"), "") for f in fields]
    if len(fields) == 2 and all(k.endswith((".start", ".end")) for k in keys):  # 建设起止时间: one row
        start, end = text(_get(content, keys[0]), ""), text(_get(content, keys[1]), "")
        return [[text(part.get("title")), f"{start or MISSING} 至 {end or MISSING}" if start or end else MISSING]]
    rows = []
    for f, key in zip(fields, keys, strict=True):
        value = _get(content, key)
        if isinstance(value, list):
            value = "；".join(t for t in (text(v, "") for v in value) if t)
        rows.append([text(f.get("label")), text(value)])
    return rows


def _ai(value: Any) -> str:
    if value is True:
        return "是"
    if value is False:
        return "否"
    return text(value)


def _scenario_table(content: dict) -> dict:
    rows = []
    for i, sc in enumerate(_list(_get(content, "scenes.scenarios")), 1):
        sc = _dict(sc)
        rows.append({
            "cells": [str(i), text(sc.get("guide_link")), text(sc.get("scenario")), text(sc.get("instance")),
                      _ai(sc.get("uses_ai")),
                      text(sc.get("ai_models"), "—" if sc.get("uses_ai") is False else MISSING)],
            "detail": "\n".join(paras(sc.get("description"))),
        })
    return {"type": "table", "kind": "scenarios",
            "columns": ["序号", "环节", "场景名", "实例名", "是否应用AI", "AI模型"],
            "widths": [6, 11, 18, 20, 12, 19], "align": ["center", "center", "left", "left", "center", "left"],
            "detail_label": "场景描述：", "rows": rows}


def _kpi_table(kpis: list) -> dict:
    rows = []
    for i, k in enumerate(kpis, 1):
        k = _dict(k)
        change_kind = k.get("kind") == "change" and not k.get("legacy")
        rows.append({"cells": [text(k.get("no"), str(i)), text(k.get("group")), text(k.get("name")),
                               text(k.get("unit"), "—"),
                               "—" if change_kind else text(k.get("baseline")),
                               "—" if change_kind else text(k.get("current")),
                               text(k.get("change_text", k.get("change")), "—")], "detail": None})
    return {"type": "table", "kind": "kpis", "columns": KPI_COLUMNS,
            "widths": [6, 16, 26, 10, 11, 11, 10], "align": ["center", "center", "left", "center", "center", "center", "center"],
            "detail_label": "", "rows": rows}


def _part_blocks(part: dict, content: dict, segments: list, kpis: list, pledges: list) -> list[dict]:
    block = part.get("block")
    fields = [_dict(f) for f in _list(part.get("fields"))]
    heading = text(part.get("heading"), "") or text(part.get("title"), "")
    out: list[dict] = [{"type": "heading", "level": 2, "text": heading}]
    if block == "pledges":
        decl = _dict(content.get("declarations"))
        out.append({"type": "pledge", "items": [{"text": text(p.get("text")), "checked": decl.get(p.get("key")) is True}
                                                for p in map(_dict, pledges)]})
    elif block == "segments":
        seg_text = _dict(_get(content, "scenes.segments"))
        for i, seg in enumerate(segments, 1):
            out.append({"type": "heading", "level": 3, "text": f"{i}. {seg['name']}"})
            if seg["guidance"]:
                out.append({"type": "note", "text": "环节要求：" + seg["guidance"]})
            out.append({"type": "text", "paras": paras(seg_text.get(seg["id"]))})
    elif block == "scenarios":
        out.append(_scenario_table(content))
    elif block == "future_modes":
        modes = [f"{i}.{text(_dict(m).get('category'))}-{text(_dict(m).get('mode'))}"
                 for i, m in enumerate(_list(_get(content, "cultivation.future_modes")), 1)]
        out.append({"type": "list", "items": modes or [MISSING]})
    else:
        for f in fields:
            out.append({"type": "text", "paras": paras(_get(content, text(f.get("key"), "")))})
        if block == "results":
            out.append({"type": "heading", "level": 3, "text": "附表：智能工厂建设关键绩效指标"})
            out.append(_kpi_table(kpis))
    return out


def _section_blocks(parts: list, content: dict, segments: list, kpis: list, pledges: list) -> list[dict]:
    blocks: list[dict] = []
    for part in map(_dict, parts):
        if part.get("block") == "row":
            rows = _rows(part, content)
            if blocks and blocks[-1]["type"] == "fields":
                blocks[-1]["rows"] += rows
            else:
                blocks.append({"type": "fields", "rows": rows})
        else:
            blocks += _part_blocks(part, content, segments, kpis, pledges)
    return blocks


def _segments(doc: dict) -> list[dict]:
    raw = [_dict(s) for s in _list(doc.get("segments"))]
    if not raw:
        raw = [{"id": i, "name": n} for i, n in DEFAULT_SEGMENTS]
    return [{"id": text(s.get("id"), ""), "name": text(s.get("name")), "guidance": text(s.get("guidance"), "")}
            for s in raw]


def _attachments(doc: dict) -> dict:
    rows = []
    for i, a in enumerate(_list(doc.get("attachments")), 1):
        a = _dict(a)
        rows.append({"cells": [str(i), text(a.get("name")), text(a.get("kind")), text(a.get("size"), "—")],
                     "detail": text(a.get("sha256"))})
    return {"type": "table", "kind": "attachments", "columns": ["序号", "文件名", "材料类型", "大小"],
            "widths": [8, 56, 20, 16], "align": ["center", "left", "center", "center"],
            "detail_label": "SHA-256：", "rows": rows}


def build_view(doc: dict) -> dict:
    """The normalised, renderer-neutral view of ``doc`` (never raises on missing or odd-typed fields)."""
    doc = _dict(doc)
    tier = _tier(doc)
    app = _dict(doc.get("application"))
    content = _dict(doc.get("content"))
    materials = _dict(doc.get("materials"))
    segments = _segments(doc)
    kpis = _list(doc.get("kpis"))

    raw_sections = [_dict(s) for s in _list(materials.get("sections"))]
    if not raw_sections:
        raw_sections = [{"no": i, "clause": c, "title": t, "content": ""}
                        for i, (c, t) in enumerate(DEFAULT_SECTIONS[tier], 1)]
    pledges = [_dict(p) for p in _list(doc.get("pledges"))] or default_pledges()
    sections = []
    for pos, s in enumerate(raw_sections):
        key = _section_key(tier, pos, s)
        title = text(s.get("title"), "")
        if not title:
            title = dict(zip(SECTION_KEYS[tier], (t for _, t in DEFAULT_SECTIONS[tier]), strict=True)).get(key, MISSING)
        parts = _list(s.get("parts")) or (default_parts(key) if key else [])
        sections.append({
            "key": key or "",
            "number": cn_numeral(pos + 1),
            "title": title,
            "heading": f"{cn_numeral(pos + 1)}、{title}",
            "clause": text(s.get("clause"), ""),
            "requirement": text(s.get("content"), ""),
            "blocks": _section_blocks(parts, content, segments, kpis, pledges) if parts else [{"type": "text", "paras": [MISSING]}],
        })

    tier_name = text(app.get("tier_name"), "") or TIER_NAMES.get(tier, "")
    enterprise = text(_dict(content.get("basic")).get("enterprise_name"))
    version = text(app.get("version"), "")
    return {
        "tier": tier,
        "doc_title": f"{tier_name}智能工厂项目申报书",
        "enterprise": enterprise,
        "number": text(app.get("number")),
        "title": text(app.get("title")),
        "tier_name": tier_name or MISSING,
        "campaign": text(app.get("campaign")),
        "submitted_at": text(app.get("submitted_at"), "（未提交）"),
        "version": version or MISSING,
        "digest": text(doc.get("digest")),
        "verify_url": text(doc.get("verify_url"), ""),
        "materials_title": text(materials.get("title"), ""),
        "annex": text(materials.get("annex"), ""),
        "cover_rows": [
            ["申报单位", enterprise],
            ["项目名称", text(app.get("title"))],
            ["申报级别", tier_name or MISSING],
            ["申报批次", text(app.get("campaign"))],
            ["申报编号", text(app.get("number"))],
            ["提交时间", text(app.get("submitted_at"), "（未提交）")],
            ["版本", version or MISSING],
        ],
        "sections": sections,
        "attachments": _attachments(doc),
        "kpi_flags": [t for t in (text(f, "") for f in _list(doc.get("kpi_flags"))) if t],  # pages only, not printed
    }
