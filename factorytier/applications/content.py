"""The 申报书's content: its sections as the materials lists (附件2 / 附件4) name them, as data.

Content is a JSON object stored on the application; this module says which fields exist, how
each is checked when saved (bad values are refused, nothing is stored) and which must be filled
before submission. Documents, pages and the API all read the same field list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from factorytier.policy import default_catalogue

# Default text limits (characters); a campaign may set its own in `Campaign.text_limits`.
DEFAULT_TEXT_LIMITS = {"short": 200, "medium": 2000, "long": 5000}

FUTURE_MODE_CATEGORIES = ["研发模式创新", "生产方式创新", "管理模式创新", "服务模式创新", "商业模式创新", "组织形态创新"]

# Security-classification marks that must not appear in an application (N.EX.P1 / N.LD.P1).
CLASSIFICATION_MARKS = re.compile(r"绝密|机密|秘密★|秘密\*|内部资料|内部文件|国家秘密|商业秘密★|涉密")


@dataclass(frozen=True)
class Field:
    key: str  # dotted path inside the content
    label: str
    kind: str  # text | longtext | month | decimal | list | bool
    required: bool = True
    limit: str = "medium"  # which text limit applies
    guidance_clause: str | None = None  # clause text shown beside the field
    from_profile: bool = False  # shown from the registered enterprise, not editable in the application


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    clause: dict[str, str]  # tier -> materials clause id
    fields: tuple[Field, ...]
    tiers: tuple[str, ...] = ("excellent", "leading")


SEGMENT_CLAUSES = {
    "excellent": {"factory": "R.EX.C1", "design": "R.EX.C2", "production": "R.EX.C3", "management": "R.EX.C4", "operations": "R.EX.C5"},
    "leading": {"factory": "R.LD.C1", "design": "R.LD.C2", "production": "R.LD.C3", "management": "R.LD.C4", "operations": "R.LD.C5"},
}


def _segment_fields() -> tuple[Field, ...]:
    return tuple(
        Field(f"scenes.segments.{s.id}", f"{s.name}环节建设情况", "longtext", required=False, limit="long")
        for s in default_catalogue().segments
    )


SECTIONS: tuple[Section, ...] = (
    Section("basic", "申报单位基本信息", {"excellent": "M.EX.1", "leading": "M.LD.1"}, (
        Field("basic.enterprise_name", "企业名称", "text", limit="short", from_profile=True),
        Field("basic.address", "地址", "text", limit="short", from_profile=True),
        Field("basic.nature", "性质", "text", limit="short", from_profile=True),
        Field("basic.industry", "行业", "text", limit="short", from_profile=True),
        Field("basic.contact_name", "联系人", "text", limit="short"),
        Field("basic.contact_mobile", "联系方式（手机号）", "mobile", limit="short"),
    )),
    Section("factory", "智能工厂基本情况", {"excellent": "M.EX.2", "leading": "M.LD.2"}, (
        Field("factory.start", "建设开始时间", "month"),
        Field("factory.end", "建设结束时间", "month"),
        Field("factory.total_investment", "总投资（万元）", "decimal"),
        Field("factory.integrators", "集成商", "list", limit="short"),
        Field("factory.summary", "项目简介", "longtext"),
        Field("factory.outcomes", "建设成效", "longtext"),
    )),
    Section("scenes", "智能工厂场景建设情况", {"excellent": "M.EX.3", "leading": "M.LD.3"}, (
        Field("scenes.overall", "项目总体情况", "longtext", limit="long"),
        *_segment_fields(),
        Field("scenes.integration", "系统集成情况", "longtext", limit="long"),
    )),
    Section("cultivation", "领航级智能工厂培育方案", {"leading": "M.LD.4"}, (
        Field("cultivation.goals", "培育目标", "longtext"),
        Field("cultivation.measures", "关键创建举措", "longtext", limit="long"),
    ), tiers=("leading",)),
    Section("effects", "智能工厂建设成效", {"excellent": "M.EX.4", "leading": "M.LD.5"}, (
        Field("effects.advancement", "先进性与特色", "longtext"),
        Field("effects.plan", "后续实施计划", "longtext"),
    )),
)

SCENARIO_FIELDS = {"guide_link": "环节", "scenario": "场景名", "instance": "实例名", "description": "场景描述",
                   "uses_ai": "是否应用人工智能技术", "ai_models": "应用的人工智能模型"}


def sections_for(tier: str) -> list[Section]:
    return [s for s in SECTIONS if tier in s.tiers]


def split_path(dotted: str) -> list[str]:
    """Path parts; a clause id after `attestations.` is one key although it contains dots (R.EX.E2)."""
    if dotted.startswith("attestations."):
        return ["attestations", dotted.split(".", 1)[1]]
    return dotted.split(".")


def get(content: dict, dotted: str, default=None):
    node = content
    for part in split_path(dotted):
        if not isinstance(node, dict) or part not in node:
            return default
        node = node[part]
    return node


def put(content: dict, dotted: str, value) -> None:
    parts = split_path(dotted)
    node = content
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value


def profile_basics(enterprise) -> dict:
    """The 申报单位基本信息 that come from the registered enterprise and cannot be changed per application."""
    return {"enterprise_name": enterprise.name, "address": enterprise.address,
            "nature": enterprise.get_nature_display(), "industry": enterprise.industry_name}


def empty_content(enterprise) -> dict:
    """A new draft, prefilled from the enterprise's profile and its readiness answers (scenarios,
    attestations), so nothing said once has to be typed twice."""
    from .models import Readiness

    readiness = Readiness.objects.filter(enterprise=enterprise).first()
    scenarios = [
        {"guide_link": s.get("guide_link", ""), "scenario": s.get("scenario", ""), "instance": s.get("instance", ""),
         "description": "", "uses_ai": bool(s.get("uses_ai")), "ai_models": ""}
        for s in (readiness.scenarios if readiness else []) if isinstance(s, dict)
    ]
    return {
        "basic": {**profile_basics(enterprise), "contact_name": enterprise.contact_name,
                  "contact_mobile": enterprise.contact_mobile},
        "factory": {"integrators": []},
        "scenes": {"segments": {}, "scenarios": scenarios},
        "cultivation": {"future_modes": []},
        "effects": {"kpis": {}},
        "declarations": {"truthful": False, "no_secrets": False, "marks_confirmed": False},
        "attestations": dict(readiness.attestations) if readiness else {},
    }


def parse_month(value: str) -> date | None:
    m = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", (value or "").strip())
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
    except ValueError:
        return None


def parse_decimal(value) -> Decimal | None:
    text = str(value).strip().replace(",", "").replace("，", "")
    if not re.fullmatch(r"-?\d+(\.\d+)?", text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None
