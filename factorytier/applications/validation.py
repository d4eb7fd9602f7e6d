"""Checks of a draft's content: what may be saved, and what must be filled before submission.

Every problem is (path, Chinese message naming the field). Nothing here touches the database.
"""

from __future__ import annotations

import math

from factorytier.accounts.validators import MOBILE_RE
from factorytier.policy import default_catalogue

from .content import (
    DECLARATIONS,
    FUTURE_MODE_CATEGORIES,
    SCENARIO_FIELDS,
    SECTIONS,
    Field,
    all_fields,
    get,
    parse_month,
    parse_number,
    sections_for,
)

Problem = tuple[str, str]
FIELDS: dict[str, Field] = {f.key: f for s in SECTIONS for f in s.fields}
KPI_COLUMNS = {"baseline": "基线值", "current": "当前值", "change": "变化值", "direction": "变化方向"}
MAX_SCENARIOS = 200


def _text(path: str, label: str, value, limit: int, problems: list[Problem]) -> None:
    if not isinstance(value, str):
        problems.append((path, f"{label}：应为文字"))
    elif len(value) > limit:
        problems.append((path, f"{label}：不能超过 {limit} 字，当前 {len(value)} 字"))


def _unstorable(value) -> bool:
    """U+0000 in text, or NaN / infinity: neither SQLite's nor PostgreSQL's JSON can hold them."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, dict):
        return any(_unstorable(k) or _unstorable(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_unstorable(v) for v in value)
    return False


def _catalogue_of(limit_for):
    """The campaign's catalogue when `limit_for` is a campaign's `text_limit`, else the default one."""
    campaign = getattr(limit_for, "__self__", None)
    return getattr(campaign, "policy_catalogue", None) or default_catalogue()


def check_value(path: str, value, limit_for, catalogue=None) -> list[Problem]:
    """Problems with one value about to be saved at `path` (limit_for(size) gives the campaign's limit;
    `catalogue` is the campaign's, found from `limit_for` when not given)."""
    catalogue = catalogue or _catalogue_of(limit_for)
    problems: list[Problem] = []
    if _unstorable(path) or _unstorable(value):
        return [(path.replace("\x00", ""), "填写内容含有不可见的控制字符（U+0000）或无效的数字，请删除后重试")]
    if path == "title":
        _text(path, "项目名称", value, limit_for("short"), problems)
        if not problems and not value.strip():
            problems.append((path, "项目名称：不能为空"))
        return problems
    fields = all_fields(catalogue)
    if path in fields:
        f = fields[path]
        if f.from_profile:
            problems.append((path, f"{f.label}：取自企业注册信息，不能在申报书中修改；如有变更请联系系统管理员更新企业资料"))
        elif f.kind == "mobile":
            if not isinstance(value, str) or not MOBILE_RE.fullmatch(value.strip()):
                problems.append((path, f"{f.label}：手机号码应为 11 位数字，以 1 开头"))
        elif f.kind in ("text", "longtext"):
            _text(path, f.label, value, limit_for(f.limit), problems)
        elif f.kind == "month":
            if value not in ("", None) and (not isinstance(value, str) or parse_month(value) is None):
                problems.append((path, f"{f.label}：请填写有效的年月，如 2024-06"))
        elif f.kind == "decimal":
            if value not in ("", None):
                number, message = parse_number(value, f.label, "万元")
                if message:
                    problems.append((path, message))
                elif number is not None and (number < 0 or number > 10**9):
                    problems.append((path, f"{f.label}：金额应在 0 至 1,000,000,000 万元之间"))
        elif f.kind == "list":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                problems.append((path, f"{f.label}：应为名称列表"))
            else:
                if len(value) > 50:
                    problems.append((path, f"{f.label}：最多填写 50 个"))
                for v in value:
                    _text(path, f.label, v, limit_for("short"), problems)
        return problems
    if path == "scenes.scenarios":
        return check_scenarios(value, limit_for, catalogue)
    if path == "cultivation.future_modes":
        return check_future_modes(value, limit_for)
    if path.startswith("effects.kpis."):
        return check_kpi(path, value, catalogue)
    if path.startswith("declarations.") and path.split(".", 1)[1] in (*(k for k, _ in DECLARATIONS), "marks_confirmed"):
        return [] if isinstance(value, bool) else [(path, "声明：应为是或否")]
    if path.startswith("attestations."):
        clause = path.split(".", 1)[1]
        if clause not in catalogue.clauses or catalogue.clauses[clause].kind != "declared":
            return [(path, f"承诺事项：未知的条款编号 {clause}")]
        # None withdraws the answer (the editor's unticked box): the clause is then "missing", not "fail".
        return [] if value is None or isinstance(value, bool) else [(path, "承诺事项：应为是、否或不作答")]
    return [(path, "未知的填写项")]


def check_scenarios(rows, limit_for, catalogue=None) -> list[Problem]:
    if not isinstance(rows, list):
        return [("scenes.scenarios", "具体场景建设情况：应为场景列表")]
    if len(rows) > MAX_SCENARIOS:
        return [("scenes.scenarios", f"具体场景建设情况：最多填写 {MAX_SCENARIOS} 个场景")]
    links = set((catalogue or default_catalogue()).guide_links)
    problems: list[Problem] = []
    for i, row in enumerate(rows):
        p = f"scenes.scenarios[{i}]"
        if not isinstance(row, dict):
            problems.append((p, f"第 {i + 1} 个场景：格式不正确"))
            continue
        unknown = set(row) - set(SCENARIO_FIELDS)
        if unknown:
            problems.append((p, f"第 {i + 1} 个场景：未知的填写项 {'、'.join(sorted(unknown))}"))
        if row.get("guide_link") not in links:
            problems.append((f"{p}.guide_link", f"第 {i + 1} 个场景的环节：请从《场景指引》的 8 个环节中选择"))
        for key in ("scenario", "instance"):
            value = row.get(key, "")
            if not isinstance(value, str) or not value.strip():
                problems.append((f"{p}.{key}", f"第 {i + 1} 个场景的{SCENARIO_FIELDS[key]}：不能为空"))
            else:
                _text(f"{p}.{key}", f"第 {i + 1} 个场景的{SCENARIO_FIELDS[key]}", value, limit_for("short"), problems)
        for key, size in (("description", "medium"), ("ai_models", "short")):
            if key in row:
                _text(f"{p}.{key}", f"第 {i + 1} 个场景的{SCENARIO_FIELDS[key]}", row[key], limit_for(size), problems)
        if not isinstance(row.get("uses_ai", False), bool):
            problems.append((f"{p}.uses_ai", f"第 {i + 1} 个场景的是否应用人工智能技术：应为是或否"))
    return problems


MAX_FUTURE_MODES = 30


def check_future_modes(rows, limit_for) -> list[Problem]:
    if not isinstance(rows, list):
        return [("cultivation.future_modes", "未来制造模式创新方向：应为列表")]
    if len(rows) > MAX_FUTURE_MODES:
        return [("cultivation.future_modes", f"未来制造模式创新方向：最多填写 {MAX_FUTURE_MODES} 个")]
    problems: list[Problem] = []
    for i, row in enumerate(rows):
        p = f"cultivation.future_modes[{i}]"
        if isinstance(row, dict) and set(row) - {"category", "mode"}:
            problems.append((p, f"第 {i + 1} 个未来制造模式：未知的填写项 {'、'.join(sorted(map(str, set(row) - {'category', 'mode'})))}"))
            continue
        if not isinstance(row, dict) or row.get("category") not in FUTURE_MODE_CATEGORIES:
            problems.append((f"{p}.category", f"第 {i + 1} 个未来制造模式的类别：请从{'、'.join(FUTURE_MODE_CATEGORIES)}中选择"))
            continue
        mode = row.get("mode", "")
        if not isinstance(mode, str) or not mode.strip():
            problems.append((f"{p}.mode", f"第 {i + 1} 个未来制造模式的模式名：不能为空"))
        else:
            _text(f"{p}.mode", f"第 {i + 1} 个未来制造模式的模式名", mode, limit_for("short"), problems)
    return problems


def check_kpi(path: str, value, catalogue=None) -> list[Problem]:
    """A value of the 附表: a level KPI takes `baseline` and `current`, a change KPI `change` (in %) and
    `direction` (one of the KPI's two words); numbers are bounded (12 integer digits, 4 decimals)."""
    parts = path.split(".")
    kpis = {str(k.no): k for k in (catalogue or default_catalogue()).kpis}
    if len(parts) != 4 or parts[2] not in kpis:
        return [(path, "实施成效：未知的指标")]
    kpi = kpis[parts[2]]
    columns = ("change", "direction") if kpi.kind == "change" else ("baseline", "current")
    if parts[3] not in columns:
        return [(path, f"{kpi.name}：没有“{KPI_COLUMNS.get(parts[3], parts[3])}”一栏")]
    label = f"{kpi.name}的{KPI_COLUMNS[parts[3]]}"
    if parts[3] == "direction":
        if value in ("", None) or value in kpi.directions:
            return []
        return [(path, f"{label}：请选择{'或'.join(kpi.directions)}")]
    number, message = parse_number(value, label, "%" if kpi.kind == "change" else kpi.unit)
    if message:
        return [(path, message)]
    if number is not None and kpi.kind == "change" and number < 0:
        return [(path, f"{label}：请填写变化的幅度（不带负号），并在“变化方向”中选择{'或'.join(kpi.directions)}")]
    return []


def missing_for_submission(content: dict, tier: str, catalogue=None) -> list[Problem]:
    """Required parts of the materials list that are still empty."""
    problems: list[Problem] = []
    for section in sections_for(tier, catalogue):
        for f in section.fields:
            if not f.required or f.from_profile:
                continue
            value = get(content, f.key)
            if value in (None, "", []) or (isinstance(value, str) and not value.strip()):
                problems.append((f.key, f"{section.title}：请填写“{f.label}”"))
    start, end = parse_month(get(content, "factory.start") or ""), parse_month(get(content, "factory.end") or "")
    if start and end and end < start:
        problems.append(("factory.end", "智能工厂基本情况：建设结束时间不能早于开始时间"))
    if not get(content, "scenes.scenarios"):
        problems.append(("scenes.scenarios", "智能工厂场景建设情况：请至少填写一个具体场景"))
    if tier == "leading" and not get(content, "cultivation.future_modes"):
        problems.append(("cultivation.future_modes", "领航级智能工厂培育方案：请至少填写一个未来制造模式创新方向"))
    return problems
