"""The facts about one factory (check contract, "Input"): validation and parsing in one pass.

Any JSON value must come out either as `Facts` or as the complete list of field errors, so every
access below checks the type first; `bool` is tested before `int` because True is an int in Python.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from .errors import FactsInvalid, FieldError
from .model import Catalogue
from .uscc import uscc_problem

LEGAL_ENTITIES = {"independent": "独立法人", "branch": "法人的分支机构"}
NO_RATING = "none"
MAX_CMMM_LEVEL = 5


class Scenario(NamedTuple):  # a tuple: one per scenario per factory, so cheap to build
    guide_link: str
    scenario: str
    instance: str
    uses_ai: bool


@dataclass(frozen=True, slots=True)
class Facts:
    name: str
    uscc: str
    province: str
    district: str
    legal_entity: str
    industry: str
    cmmm_level: int
    current_rating: str
    pilot_demo_locally_accepted: bool
    attestations: Mapping[str, bool]
    scenarios: tuple[Scenario, ...]


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "JSON 对象"
    if isinstance(value, list):
        return "JSON 数组"
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):  # huge ints beyond str conversion, Python objects from API callers
        return type(value).__name__
    return text if len(text) <= 40 else text[:37] + "…"


def _string(obj: Mapping, key: str, path: str, label: str, errors: list[FieldError], *, required: bool) -> str:
    value = obj.get(key)
    if value is None:
        if required:
            errors.append(FieldError(path, f"缺少{label}" if key not in obj else f"{label}不能为空"))
        return ""
    if not isinstance(value, str):
        errors.append(FieldError(path, f"{label}应为字符串，当前为 {_show(value)}"))
        return ""
    if required and not value.strip():
        errors.append(FieldError(path, f"{label}不能为空"))
    return value


def _boolean(obj: Mapping, key: str, path: str, label: str, errors: list[FieldError], default: bool | None) -> bool:
    value = obj.get(key, default)
    if value is True or value is False:
        return value
    if key not in obj:
        errors.append(FieldError(path, f"缺少{label}（true 或 false）"))
    else:
        errors.append(FieldError(path, f"{label}应为 true 或 false，当前为 {_show(value)}"))
    return False


def _enterprise(ent: Any, catalogue: Catalogue, errors: list[FieldError]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if not isinstance(ent, dict):
        errors.append(FieldError("enterprise", "缺少企业信息" if ent is None else "企业信息应为 JSON 对象"))
        # Go on as if it were empty, so every required field is named too, not only the object.
        ent = {}
    out["name"] = _string(ent, "name", "enterprise.name", "企业名称", errors, required=False)
    if "uscc" not in ent:
        errors.append(FieldError("enterprise.uscc", "缺少统一社会信用代码"))
        out["uscc"] = ""
    else:
        uscc = ent["uscc"]
        problem = uscc_problem(uscc)
        if problem:
            errors.append(FieldError("enterprise.uscc", problem))
        out["uscc"] = uscc if isinstance(uscc, str) else ""
    out["province"] = _string(ent, "province", "enterprise.province", "注册地省份", errors, required=True)
    out["district"] = _string(ent, "district", "enterprise.district", "所在区", errors, required=False)

    legal = ent.get("legal_entity")
    if not isinstance(legal, str) or legal not in LEGAL_ENTITIES:
        what = "缺少法人类型" if legal is None else f"法人类型不正确（{_show(legal)}）"
        errors.append(FieldError("enterprise.legal_entity", what + "，应为 independent（独立法人）或 branch（法人的分支机构）"))
    out["legal_entity"] = legal

    out["industry"] = _string(ent, "industry", "enterprise.industry", "所属行业", errors, required=True)

    level = ent.get("cmmm_level")
    if isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= MAX_CMMM_LEVEL:
        what = "缺少能力成熟度等级" if level is None else f"能力成熟度等级不正确（{_show(level)}）"
        errors.append(FieldError("enterprise.cmmm_level", what + "，应为 0（未评估）到 5 的整数"))
    out["cmmm_level"] = level

    rating = ent.get("current_rating")
    if not isinstance(rating, str) or (rating != NO_RATING and rating not in catalogue._tier_order):
        allowed = "、".join([NO_RATING, *(t.id for t in catalogue.tiers)])
        what = "缺少已获评等级" if rating is None else f"已获评等级不正确（{_show(rating)}）"
        errors.append(FieldError("enterprise.current_rating", f"{what}，应为 {allowed} 之一"))
    out["current_rating"] = rating

    # Optional in the contract's example sense: an enterprise that never took part in 揭榜 omits it.
    out["pilot_demo_locally_accepted"] = _boolean(
        ent, "pilot_demo_locally_accepted", "enterprise.pilot_demo_locally_accepted",
        "是否已通过智能制造示范工厂揭榜单位地方验收", errors, default=False,
    )
    return out


def _attestations(att: Any, catalogue: Catalogue, errors: list[FieldError]) -> dict[str, bool]:
    if att is None:
        return {}
    if not isinstance(att, dict):
        errors.append(FieldError("attestations", "承诺事项应为 JSON 对象（条款编号 → true/false）"))
        return {}
    clauses = catalogue.clauses
    for key, value in att.items():
        if key not in clauses:
            errors.append(FieldError(f"attestations.{key}", "未知的条款编号"))
        elif value is not True and value is not False:
            errors.append(FieldError(f"attestations.{key}", f"承诺值应为 true 或 false，当前为 {_show(value)}"))
    return dict(att)


def _scenarios(items: Any, catalogue: Catalogue, errors: list[FieldError]) -> tuple[Scenario, ...]:
    if items is None:
        return ()
    if not isinstance(items, list):
        errors.append(FieldError("scenarios", "场景应为 JSON 数组"))
        return ()
    links = catalogue._link_segment
    out = []
    for i, item in enumerate(items):
        # fast path for a well-formed scenario; anything else goes through the field-by-field checks
        if type(item) is dict:
            link, name, instance, uses_ai = (item.get("guide_link"), item.get("scenario"), item.get("instance"),
                                             item.get("uses_ai"))
            if (type(link) is str and link in links and type(name) is str and type(instance) is str
                    and (uses_ai is True or uses_ai is False) and name.strip() and instance.strip()):
                out.append(Scenario(link, name, instance, uses_ai))
                continue
        path = f"scenarios[{i}]"
        if not isinstance(item, dict):
            errors.append(FieldError(path, "场景应为 JSON 对象"))
            continue
        link = item.get("guide_link")
        if not isinstance(link, str) or link not in links:
            what = "缺少环节" if link is None else f"环节不正确（{_show(link)}）"
            errors.append(FieldError(f"{path}.guide_link", f"{what}，应为《{catalogue.guide_title}》的环节之一：{'、'.join(catalogue.guide_links)}"))
        name = _string(item, "scenario", f"{path}.scenario", "场景名", errors, required=True)
        instance = _string(item, "instance", f"{path}.instance", "实例名", errors, required=True)
        uses_ai = _boolean(item, "uses_ai", f"{path}.uses_ai", "是否应用人工智能技术", errors, default=None)
        out.append(Scenario(link, name, instance, uses_ai))
    return tuple(out)


def _parse(data: Any, catalogue: Catalogue) -> tuple[Facts | None, list[FieldError]]:
    errors: list[FieldError] = []
    if not isinstance(data, dict):
        return None, [FieldError("$", "输入应为 JSON 对象（包含 enterprise、attestations、scenarios）")]
    ent = _enterprise(data.get("enterprise"), catalogue, errors)
    att = _attestations(data.get("attestations"), catalogue, errors)
    scenarios = _scenarios(data.get("scenarios"), catalogue, errors)
    if errors:
        return None, errors
    return Facts(attestations=att, scenarios=scenarios, **ent), errors


def validate_facts(data: Any, catalogue: Catalogue | None = None) -> list[FieldError]:
    """Every problem of `data` (check contract's field table) at once; empty when valid."""
    from .loader import default_catalogue

    return _parse(data, catalogue or default_catalogue())[1]


def parse_facts(data: Any, catalogue: Catalogue | None = None) -> Facts:
    """`data` as Facts, or FactsInvalid listing every problem."""
    if isinstance(data, Facts):
        return data
    from .loader import default_catalogue

    facts, errors = _parse(data, catalogue or default_catalogue())
    if facts is None:
        raise FactsInvalid(errors)
    return facts
