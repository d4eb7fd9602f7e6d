"""What the application pages show, built from the content and the catalogue."""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from django.urls import reverse

from factorytier.checker.presenters import tier_view
from factorytier.policy import default_catalogue

from .content import (
    DECLARATIONS,
    FUTURE_MODE_CATEGORIES,
    MARKS_CONFIRMATION,
    SEGMENT_CLAUSES,
    get,
    parse_decimal,
    profile_basics,
    sections_for,
)
from .submission import classification_hits, evaluate, submission_problems


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


def kpi_rows(content: dict, catalogue=None, ai_ratio=None) -> list[dict]:
    """The 附表 as the editor and the documents show it. A `level` KPI has 基线值 and 当前值 and a computed
    change; a `change` KPI one value (the change, in %) and its direction. Values saved in the old shape
    (基线值/当前值 for a change KPI) are shown as they were saved (`legacy`), never dropped.

    With `ai_ratio` (the engine's, for the editor): KPI 4 is prefilled from it when empty and flagged when it
    differs; KPI 5 is flagged when it is below the number of distinct AI models the scenarios name."""
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
        }
        if k.kind == "change":
            row["direction"] = row["direction"] if row["direction"] in k.directions else k.directions[0]
            if row["change"]:
                row["change_text"] = f"{row['direction']} {row['change']}"
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
                row["current"], row["prefilled"] = _number_text(computed), True
                row["change_text"] = format_change(row["baseline"], row["current"])
            elif given is not None and not _matches_ratio(given, ai_ratio):
                row["flag"] = (f"{k.name}：填写的当前值 {row['current']}% 与具体场景表计算的 {_number_text(computed)}% 不一致，"
                               "请核对场景表中的“应用AI”或修改此值")
        if k.name == AI_MODELS_KPI and ai_ratio is not None:
            models = distinct_ai_models(scenarios)
            given = parse_decimal(row["current"]) if row["current"] else None
            if given is not None and given < len(models):
                row["flag"] = (f"{k.name}：填写的当前值 {row['current']} 个少于具体场景表列出的 {len(models)} 个不同的人工智能模型"
                               f"（{'、'.join(models[:8])}{'等' if len(models) > 8 else ''}）")
        rows.append(row)
    return rows


def declared_clauses(tier: str, catalogue=None):
    catalogue = catalogue or default_catalogue()
    return [r.clause for r in catalogue.tier_rules(tier) if r.check == "attested"]


def _field_view(f, application, catalogue, content, guidance) -> dict:
    segment = f.key.rsplit(".", 1)[-1] if f.key.startswith("scenes.segments.") else None
    clause_id = guidance.get(segment) if segment else None
    value = get(content, f.key, "")
    if f.from_profile:
        value = profile_basics(application.enterprise)[f.key.split(".", 1)[1]]
    return {
        "key": f.key, "label": f.label, "kind": f.kind, "required": f.required, "from_profile": f.from_profile,
        "limit": application.campaign.text_limit(f.limit),
        "value": "\n".join(value) if f.kind == "list" and isinstance(value, list) else (value if value is not None else ""),
        "guidance_id": clause_id,
        "guidance": catalogue.clauses[clause_id].text if clause_id in catalogue.clauses else "",
    }


def editor_sections(application, catalogue=None) -> list[dict]:
    """The editor's sections and sub-items in the materials list's order (附件2 / 附件4)."""
    catalogue = catalogue or application.campaign.policy_catalogue
    content = application.content or {}
    guidance = SEGMENT_CLAUSES.get(application.tier, {})
    sections = []
    for section in sections_for(application.tier, catalogue):
        parts = [{"title": p.title, "heading": p.heading, "block": p.block,
                  "fields": [_field_view(f, application, catalogue, content, guidance) for f in p.fields]}
                 for p in section.parts]
        sections.append({"id": section.id, "title": section.title, "clause": section.clause.get(application.tier, ""),
                         "requirement": section.content, "parts": parts,
                         "fields": [f for p in parts for f in p["fields"]]})
    return sections


DECLARATION_ANCHORS = {"declarations.truthful": "decl-truthful", "declarations.no_secrets": "decl-no-secrets",
                       "declarations.marks_confirmed": "decl-marks"}


def problem_link(path: str, tier: str, catalogue=None) -> str:
    """Where the applicant fixes a submission problem: a field of the editor, or the readiness page."""
    if path.startswith("scenes.scenarios"):
        return "#scenario-table"
    if path.startswith("cultivation.future_modes"):
        return "#mode-table"
    if path.startswith("attestations."):
        return "#att-" + path.split(".", 1)[1]
    if path in DECLARATION_ANCHORS:
        return "#" + DECLARATION_ANCHORS[path]
    if path.startswith("clause:"):
        rule = next((r for r in (catalogue or default_catalogue()).tier_rules(tier) if r.clause_id == path[7:]), None)
        # Scenario-based clauses are fixed in the scenario table; the others in the enterprise's answers.
        return "#scenario-table" if rule is not None and rule.check in ("segments", "ai_ratio") else reverse("applications:readiness")
    if path.startswith("enterprise."):
        return reverse("applications:readiness")
    return "#f-" + path


def findings_panel(application, evaluated=None) -> dict:
    catalogue = application.campaign.policy_catalogue
    result, fact_problems = evaluated or evaluate(application)
    problems = submission_problems(application, (result, fact_problems))
    kpis = kpi_rows(application.content or {}, catalogue, result.ai_scenario_ratio if result else None)
    return {
        "tier": tier_view(result) if result else None,
        "problems": [(problem_link(p, application.tier, catalogue), m) for p, m in problems],
        "marks": classification_hits(application.content or {}),
        "fact_problems": fact_problems,
        "kpi_flags": [(f"#kpi-{k['no']}", k["flag"]) for k in kpis if k["flag"]],
        "kpis": kpis,
    }


def deadline_text(application) -> tuple[str, bool]:
    """The deadline that applies to this draft's submission, in words, and whether it is still open."""
    from factorytier.campaigns.models import Stage
    from factorytier.core import clock

    stage = Stage.RECOMMENDATION if application.state == "returned" else Stage.APPLICATION
    deadline = application.campaign.deadline(stage)
    is_open = application.campaign.is_open(stage)
    when = deadline.astimezone(clock.SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")
    if not is_open:
        return f"提交截止时间 {when}（北京时间）已过，不能再提交", False
    left = deadline - clock.now()
    days, hours, minutes = left.days, left.seconds // 3600, left.seconds % 3600 // 60
    remaining = f"{days} 天 {hours} 小时" if days else f"{hours} 小时 {minutes} 分钟"
    return f"提交截止 {when}（北京时间），还剩 {remaining}", True


def editor_context(application) -> dict:
    catalogue = application.campaign.policy_catalogue
    content = application.content or {}
    deadline, can_submit = deadline_text(application)
    panel = findings_panel(application)
    declarations = content.get("declarations") or {}
    return {
        "deadline": deadline, "can_submit": can_submit,
        "application": application,
        "sections": editor_sections(application, catalogue),
        "scenarios": get(content, "scenes.scenarios") or [],
        "guide_links": catalogue.guide_links,
        "scenarios_by_link": {link: list(names) for link, names in catalogue.scenarios_by_link.items()},
        "kpis": panel["kpis"],
        "future_modes": get(content, "cultivation.future_modes") or [],
        "future_mode_categories": FUTURE_MODE_CATEGORIES,
        "attestations": [(c, bool((content.get("attestations") or {}).get(c.id))) for c in declared_clauses(application.tier, catalogue)],
        "declarations": declarations,
        "pledges": [{"key": key, "text": text, "id": DECLARATION_ANCHORS[f"declarations.{key}"],
                     "checked": declarations.get(key) is True} for key, text in DECLARATIONS],
        "marks_confirmation": MARKS_CONFIRMATION,
        "short_limit": application.campaign.text_limit("short"),
        "medium_limit": application.campaign.text_limit("medium"),
        "panel": panel,
    }
