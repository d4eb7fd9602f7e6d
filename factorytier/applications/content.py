"""The 申报书's content: its sections as the materials lists (附件2 / 附件4) name them, as data.

Content is a JSON object stored on the application; this module says which fields exist, how
each is checked when saved (bad values are refused, nothing is stored) and which must be filled
before submission. Documents, pages and the API all read the same field list.

`layout(catalogue, tier)` is the one ordered definition of the 申报书: the catalogue's materials list gives
the sections and, per section, its sub-items in the annex's order (`items`: 项目总体情况, 重点环节建设情况,
具体场景建设情况, 系统集成情况 …); `_parts` says what each sub-item holds. The editor, the version diff, the
PDF and the DOCX all walk it. `DECLARATIONS` is the one text of the pledges the applicant ticks and the
documents print. `kpi_rows` reads the 附表 in every shape a draft or snapshot ever stored.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from factorytier.policy import default_catalogue

from .numbers import normalise_number_text, parse_decimal

# Default text limits (characters); a campaign may set its own in `Campaign.text_limits`.
DEFAULT_TEXT_LIMITS = {"short": 200, "medium": 2000, "long": 5000}

FUTURE_MODE_CATEGORIES = ["研发模式创新", "生产方式创新", "管理模式创新", "服务模式创新", "商业模式创新", "组织形态创新"]

# The English interface's words for the 申报书's own structure (sub-items, field labels, future-mode categories,
# columns), beside the Chinese that the documents print. `english(text, lang)` picks; unknown text stays as given.
ENGLISH = {
    "企业名称": "Enterprise name", "地址": "Address", "性质": "Ownership", "行业": "Industry",
    "联系方式": "Contact details", "联系人": "Contact person", "联系方式（手机号）": "Contact mobile number",
    "建设起止时间": "Construction period", "建设开始时间": "Construction started", "建设结束时间": "Construction finished",
    "总投资": "Total investment", "总投资（万元）": "Total investment (10,000 yuan)", "集成商": "Integrators",
    "项目简介": "Project summary", "建设成效": "Results of construction", "真实性承诺": "Pledge of truthfulness",
    "项目总体情况": "The project as a whole", "重点环节建设情况": "Key segments", "具体场景建设情况": "Specific scenarios",
    "系统集成情况": "System integration", "培育目标": "Cultivation goals",
    "未来制造模式创新方向": "Directions of future manufacturing mode innovation", "关键创建举措": "Key measures",
    "先进性与特色": "Advanced features and distinctive strengths", "实施成效": "Results of implementation",
    "后续实施计划": "Plan for further implementation", "项目名称": "Project name",
    "研发模式创新": "R&D mode innovation", "生产方式创新": "Production mode innovation",
    "管理模式创新": "Management mode innovation", "服务模式创新": "Service mode innovation",
    "商业模式创新": "Business model innovation", "组织形态创新": "Organisational form innovation",
    "基线值": "baseline value", "当前值": "current value", "变化值": "change", "变化方向": "direction of change",
    "环节": "segment", "场景名": "scenario name", "实例名": "instance name", "场景描述": "scenario description",
    "是否应用人工智能技术": "uses AI", "应用的人工智能模型": "AI models used",
}


def english(text: str, lang: str) -> str:
    """`text` (a word of the 申报书's structure) in `lang`: the English beside it, or the text as given."""
    return ENGLISH.get(text, text) if lang == "en" else text

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
    label_en: str = ""  # the English interface's label (else ENGLISH's, else the Chinese)

    def label_in(self, lang: str) -> str:
        if lang == "en":
            return self.label_en or ENGLISH.get(self.label, self.label)
        return self.label


@dataclass(frozen=True)
class Part:
    """One sub-item of a materials-list section, named as 附件2/附件4 name it (项目总体情况, 实施成效, …).

    `block` says how it is laid out: "row" (label/value rows of the section's field table), "text" (a
    numbered sub-heading and the applicant's text), "segments" (one text per 重点环节), "scenarios",
    "future_modes", "results" (the narrative and the 附表 KPI table) or "pledges" (the declarations)."""

    title: str
    fields: tuple[Field, ...] = ()
    block: str = "text"
    heading: str = ""  # "（一）项目总体情况" for the numbered sub-items; empty for rows
    no: int = 0  # its number among the numbered sub-items (1 for （一）)

    def title_in(self, lang: str) -> str:
        return english(self.title, lang)

    def heading_in(self, lang: str) -> str:
        if lang == "en" and self.heading and self.no:
            return f"({self.no}) {self.title_in(lang)}"
        return self.heading


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    clause: dict[str, str]  # tier -> materials clause id
    parts: tuple[Part, ...]
    tiers: tuple[str, ...] = ("excellent", "leading")
    content: str = ""  # the materials list's own words (包括……等信息)
    title_en: str = ""  # the catalogue's English beside them (materials sections' title_en / content_en)
    content_en: str = ""

    def title_in(self, lang: str) -> str:
        return self.title_en if lang == "en" and self.title_en else self.title

    def content_in(self, lang: str) -> str:
        return self.content_en if lang == "en" and self.content_en else self.content

    @property
    def fields(self) -> tuple[Field, ...]:
        return tuple(f for p in self.parts for f in p.fields)


SEGMENT_CLAUSES = {
    "excellent": {"factory": "R.EX.C1", "design": "R.EX.C2", "production": "R.EX.C3", "management": "R.EX.C4", "operations": "R.EX.C5"},
    "leading": {"factory": "R.LD.C1", "design": "R.LD.C2", "production": "R.LD.C3", "management": "R.LD.C4", "operations": "R.LD.C5"},
}

# The declarations the applicant ticks under 真实性承诺, word for word what the PDF and DOCX print (the
# notice: 申报主体对申报内容真实性负责，并确保申报材料不涉及国家秘密、商业秘密). The one source of both.
DECLARATIONS: tuple[tuple[str, str], ...] = (
    ("truthful", "本单位对申报内容的真实性负责，所提供的申报材料真实、准确、完整。"),
    ("no_secrets", "本单位确保申报材料不涉及国家秘密、商业秘密。"),
)
MARKS_CONFIRMATION = "（如提示含有密级或内部标识）已逐一核实，相关内容不涉密。"
# The same pledges as the English interface shows them; what is ticked, frozen and printed is the Chinese.
DECLARATIONS_EN = {
    "truthful": "We are responsible for the truthfulness of this application; the materials provided are true, accurate and complete.",
    "no_secrets": "We ensure that the application materials contain no state secrets or commercial secrets.",
}
MARKS_CONFIRMATION_EN = ("(Where classification or internal-use marks were pointed out) each has been checked; "
                         "the content contains nothing classified.")


def declarations_in(lang: str) -> tuple[tuple[str, str], ...]:
    """DECLARATIONS in `lang` (the English interface reads the English; the snapshot keeps the Chinese)."""
    return tuple((key, DECLARATIONS_EN.get(key, text)) for key, text in DECLARATIONS) if lang == "en" else DECLARATIONS


def _segment_fields(catalogue) -> tuple[Field, ...]:
    return tuple(
        Field(f"scenes.segments.{s.id}", f"{s.name}环节建设情况", "longtext", required=False, limit="long",
              label_en=f"{s.name_en} segment" if s.name_en else "")
        for s in catalogue.segments
    )


def _text_part(title: str, key: str, limit: str = "medium", required: bool = True) -> Part:
    return Part(title, (Field(key, title, "longtext", required=required, limit=limit),))


def _row(title: str, *fields: Field) -> Part:
    return Part(title, fields, block="row")


def _parts(catalogue) -> dict[tuple[str, str], Part]:
    """What each sub-item of the materials lists holds, keyed by (section key, sub-item name). The order
    is the catalogue's (`materials.<tier>.sections[].items`), so the annex decides it, not this code."""
    return {
        ("basic", "企业名称"): _row("企业名称", Field("basic.enterprise_name", "企业名称", "text", limit="short", from_profile=True)),
        ("basic", "地址"): _row("地址", Field("basic.address", "地址", "text", limit="short", from_profile=True)),
        ("basic", "性质"): _row("性质", Field("basic.nature", "性质", "text", limit="short", from_profile=True)),
        ("basic", "行业"): _row("行业", Field("basic.industry", "行业", "text", limit="short", from_profile=True)),
        ("basic", "联系方式"): _row("联系方式", Field("basic.contact_name", "联系人", "text", limit="short"),
                                Field("basic.contact_mobile", "联系方式（手机号）", "mobile", limit="short")),
        ("factory", "建设起止时间"): _row("建设起止时间", Field("factory.start", "建设开始时间", "month"),
                                    Field("factory.end", "建设结束时间", "month")),
        ("factory", "总投资"): _row("总投资", Field("factory.total_investment", "总投资（万元）", "decimal")),
        ("factory", "集成商"): _row("集成商", Field("factory.integrators", "集成商", "list", limit="short")),
        ("factory", "项目简介"): _text_part("项目简介", "factory.summary"),
        ("factory", "建设成效"): _text_part("建设成效", "factory.outcomes"),
        ("factory", "真实性承诺"): Part("真实性承诺", block="pledges"),
        ("scenes", "项目总体情况"): _text_part("项目总体情况", "scenes.overall", "long"),
        ("scenes", "重点环节建设情况"): Part("重点环节建设情况", _segment_fields(catalogue), block="segments"),
        ("scenes", "具体场景建设情况"): Part("具体场景建设情况", block="scenarios"),
        ("scenes", "系统集成情况"): _text_part("系统集成情况", "scenes.integration", "long"),
        ("cultivation", "培育目标"): _text_part("培育目标", "cultivation.goals"),
        ("cultivation", "未来制造模式创新方向"): Part("未来制造模式创新方向", block="future_modes"),
        ("cultivation", "关键创建举措"): _text_part("关键创建举措", "cultivation.measures", "long"),
        ("effects", "先进性与特色"): _text_part("先进性与特色", "effects.advancement"),
        ("effects", "实施成效"): Part("实施成效", (Field("effects.results", "实施成效", "longtext", limit="long"),),
                                  block="results"),
        ("effects", "后续实施计划"): _text_part("后续实施计划", "effects.plan"),
    }


CN_NUMERALS = "一二三四五六七八九十"
TITLE_KEYS = (("培育", "cultivation"), ("基本信息", "basic"), ("场景", "scenes"), ("成效", "effects"), ("基本情况", "factory"))
DEFAULT_ITEMS = {
    "basic": ("企业名称", "地址", "性质", "行业", "联系方式"),
    "factory": ("建设起止时间", "总投资", "集成商", "项目简介", "建设成效", "真实性承诺"),
    "scenes": ("项目总体情况", "重点环节建设情况", "具体场景建设情况", "系统集成情况"),
    "cultivation": ("培育目标", "未来制造模式创新方向", "关键创建举措"),
    "effects": ("先进性与特色", "实施成效", "后续实施计划"),
}


class LayoutError(ValueError):
    """The catalogue's materials list names a sub-item the 申报书 has no place for."""


def layout(catalogue, tier: str) -> tuple[Section, ...]:
    """The 申报书 of `tier` as the catalogue's materials list orders it, section by section and sub-item
    by sub-item. The editor, the version diff, the PDF and the DOCX all follow this one definition."""
    cache = catalogue._cache.setdefault("applications.layout", {})
    if tier in cache:
        return cache[tier]
    materials = catalogue.materials.get(tier)
    parts = _parts(catalogue)
    sections = []
    for sec in (materials.sections if materials else ()):
        # A catalogue without `key`/`items` gets the 2025 annexes' sub-items for a section of that title.
        key = sec.key or next((k for word, k in TITLE_KEYS if word in sec.title), "")
        built = []
        numbered = 0
        for item in sec.items or DEFAULT_ITEMS.get(key, ()):
            part = parts.get((key, item))
            if part is None:
                raise LayoutError(f"materials.{tier}: 申报书没有“{sec.title}·{item}”这一项")
            if part.block != "row":
                numbered += 1
                part = Part(part.title, part.fields, part.block, f"（{CN_NUMERALS[numbered - 1]}）{part.title}", numbered)
            built.append(part)
        sections.append(Section(key, sec.title, {tier: sec.clause}, tuple(built), (tier,), sec.content,
                                getattr(sec, "title_en", ""), getattr(sec, "content_en", "")))
    cache[tier] = tuple(sections)
    return cache[tier]


def all_sections(catalogue, tier: str | None = None) -> tuple[Section, ...]:
    """Every section of every tier once (the fields a content may hold, whatever its tier), `tier`'s
    own sections first and in its order (the fullest list's order otherwise)."""
    cache = catalogue._cache.setdefault("applications.all_sections", {})
    if tier in cache:
        return cache[tier]
    seen: dict[str, Section] = {}
    tiers = sorted(catalogue.materials, key=lambda t: (t != tier, -len(catalogue.materials[t].sections)))
    for t in tiers:
        for s in layout(catalogue, t):
            if s.id in seen:
                seen[s.id] = Section(s.id, s.title, {**seen[s.id].clause, **s.clause}, s.parts,
                                     (*seen[s.id].tiers, t), s.content, s.title_en, s.content_en)
            else:
                seen[s.id] = s
    cache[tier] = tuple(seen.values())
    return cache[tier]


def part_dicts(section: Section) -> list[dict]:
    """A section's sub-items as plain data, for the document renderers (which import no Django)."""
    return [{"title": p.title, "heading": p.heading, "block": p.block,
             "fields": [{"key": f.key, "label": f.label} for f in p.fields]} for p in section.parts]


SECTIONS: tuple[Section, ...] = all_sections(default_catalogue())

SCENARIO_FIELDS = {"guide_link": "环节", "scenario": "场景名", "instance": "实例名", "description": "场景描述",
                   "uses_ai": "是否应用人工智能技术", "ai_models": "应用的人工智能模型"}


def sections_for(tier: str, catalogue=None) -> list[Section]:
    return list(layout(catalogue or default_catalogue(), tier))


def all_fields(catalogue=None) -> dict[str, Field]:
    """Every field a content may hold under `catalogue`, by path."""
    catalogue = catalogue or default_catalogue()
    cache = catalogue._cache.setdefault("applications.fields", {})
    if not cache:
        cache.update({f.key: f for s in all_sections(catalogue) for f in s.fields})
    return cache


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
    """Store `value` at `dotted`; a number of the 附表 or the 总投资 is stored normalised (１２．５ → 12.5)."""
    if isinstance(value, str) and (dotted == "factory.total_investment" or (
            dotted.startswith("effects.kpis.") and not dotted.endswith(".direction"))):
        value = normalise_number_text(value) if value.strip() else ""
    parts = split_path(dotted)
    node = content
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    if value is None and parts[0] == "attestations":
        node.pop(parts[-1], None)  # an answer withdrawn: no answer, not "does not meet"
        return
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


# ---------------------------------------------------------------------------------------- the 附表 KPIs


def _number_text(number: Decimal) -> str:
    return f"{number.normalize():f}"


def format_change(baseline, current) -> str:
    b, c = parse_decimal(baseline if baseline is not None else ""), parse_decimal(current if current is not None else "")
    if b is None or c is None:
        return ""
    diff = c - b
    return f"{'+' if diff > 0 else ''}{_number_text(diff)}"


def _plain(value) -> str:
    return "" if value is None or isinstance(value, bool | dict | list) else str(value)


AI_RATIO_KPI = "应用人工智能技术场景比例"
AI_MODELS_KPI = "工厂应用人工智能模型数量"
_MODEL_SPLIT = re.compile(r"[；;，,、/\n]+")


def distinct_ai_models(scenarios) -> list[str]:
    """The AI models the scenario table names (its 应用的人工智能模型 cells split at ；，、/), each once."""
    seen: dict[str, str] = {}
    for row in scenarios if isinstance(scenarios, list) else []:
        if not isinstance(row, dict) or not isinstance(row.get("ai_models"), str):
            continue
        for name in _MODEL_SPLIT.split(row["ai_models"]):
            name = unicodedata.normalize("NFKC", name).strip()
            if name and name not in ("无", "—", "-") and name.casefold() not in seen:
                seen[name.casefold()] = name
    return list(seen.values())


def ai_percent(ratio) -> Decimal | None:
    """The engine's AI-scenario ratio (0–1) as a percentage with at most one decimal."""
    if ratio is None:
        return None
    return (Decimal(str(ratio)) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _matches_ratio(number: Decimal, ratio) -> bool:
    """The applicant's percentage is the engine's ratio, rounded to as many decimals as they wrote."""
    exact = Decimal(str(ratio)) * 100
    places = max(0, -number.as_tuple().exponent)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) == number


def scenario_ai_ratio(scenarios) -> float | None:
    """The engine's AI-scenario ratio over a scenario table (rows that apply AI / all rows), None without rows."""
    rows = [r for r in scenarios if isinstance(r, dict)] if isinstance(scenarios, list) else []
    return sum(1 for r in rows if r.get("uses_ai") is True) / len(rows) if rows else None


def kpi_rows(content: dict, catalogue=None, ai_ratio=None, lang: str = "zh") -> list[dict]:
    """The 附表 as the editor and the documents show it. A `level` KPI has 基线值 and 当前值 and a computed
    change; a `change` KPI one value (the change, in %) and its direction. Values saved in the old shape
    (基线值/当前值 for a change KPI) are shown as they were saved (`legacy`), never dropped.

    With `ai_ratio` (the engine's): KPI 4's 当前值 is prefilled from it while the applicant has not given one
    (the editor shows it, the print prints it) and flagged when the applicant's differs; KPI 5 is flagged
    when it is below the number of distinct AI models the scenarios name. `lang` words the labels the
    pages show (`group_label`, `name_label`, `unit_label`, `direction_options`) and the flags; the stored
    values (`direction`) stay the catalogue's Chinese words."""
    catalogue = catalogue or default_catalogue()
    values = get(content, "effects.kpis") or {}
    values = values if isinstance(values, dict) else {}
    scenarios = get(content, "scenes.scenarios") or []
    rows = []
    for k in catalogue.kpis:
        v = values.get(str(k.no)) or {}
        v = v if isinstance(v, dict) else {}
        row = {
            "no": k.no, "group": k.group, "name": k.name, "unit": k.unit, "kind": k.kind,
            "directions": list(k.directions),
            "baseline": _plain(v.get("baseline")), "current": _plain(v.get("current")),
            "change": _plain(v.get("change")), "direction": _plain(v.get("direction")),
            "legacy": False, "prefilled": False, "flag": "",
            "group_label": k.group_in(lang), "name_label": k.name_in(lang), "unit_label": k.unit_in(lang),
            "direction_options": [(d, k.direction_in(d, lang)) for d in k.directions],
        }
        if k.kind == "change":
            row["direction"] = row["direction"] if row["direction"] in k.directions else k.directions[0]
            if row["change"]:
                row["change_text"] = f"{k.direction_in(row['direction'], lang)} {row['change']}"
            elif row["baseline"] or row["current"]:  # saved before KPIs had kinds
                row["legacy"] = True
                row["change_text"] = format_change(row["baseline"], row["current"])
            else:
                row["change_text"] = ""
        else:
            row["change_text"] = format_change(row["baseline"], row["current"])
        row["filled"] = bool(row["baseline"] or row["current"] or row["change"])
        if ai_ratio is not None and k.name == AI_RATIO_KPI and scenarios:
            computed = ai_percent(ai_ratio)
            given = parse_decimal(row["current"]) if row["current"] else None
            if not row["current"]:
                row["current"], row["prefilled"], row["filled"] = _number_text(computed), True, True
                row["change_text"] = format_change(row["baseline"], row["current"])
            elif given is not None and not _matches_ratio(given, ai_ratio):
                row["flag"] = (f"{k.name}：填写的当前值 {row['current']}% 与具体场景表计算的 {_number_text(computed)}% 不一致，"
                               "请核对场景表中的“应用AI”或修改此值") if lang != "en" else (
                    f"{k.name_in(lang)}: the current value given, {row['current']}%, differs from the "
                    f"{_number_text(computed)}% the scenario table gives; check “Uses AI” in the scenario table or change this value")
        if k.name == AI_MODELS_KPI and ai_ratio is not None:
            models = distinct_ai_models(scenarios)
            given = parse_decimal(row["current"]) if row["current"] else None
            if given is not None and given < len(models):
                row["flag"] = (f"{k.name}：填写的当前值 {row['current']} 个少于具体场景表列出的 {len(models)} 个不同的人工智能模型"
                               f"（{'、'.join(models[:8])}{'等' if len(models) > 8 else ''}）") if lang != "en" else (
                    f"{k.name_in(lang)}: the current value given, {row['current']}, is fewer than the {len(models)} different "
                    f"AI models the scenario table names ({', '.join(models[:8])}{' and others' if len(models) > 8 else ''})")
        rows.append(row)
    return rows
