"""`POST /api/v1/check`: the rule engine over HTTP, with the command line's input and output."""

import json
from typing import Literal

from django.http import HttpRequest
from ninja import Status

from factorytier import policy
from factorytier.applications.readiness import campaign_catalogue, campaign_rules
from factorytier.campaigns.selectors import current_campaign

from .api import api

TIERS = ["basic", "advanced", "excellent", "leading"]

_ENTERPRISE_SCHEMA = {
    "type": "object",
    "required": ["uscc", "province", "legal_entity", "industry", "cmmm_level", "current_rating"],
    "properties": {
        "name": {"type": "string", "description": "企业名称"},
        "uscc": {"type": "string", "description": "统一社会信用代码（GB 32100—2015，18 位）"},
        "province": {"type": "string", "description": "注册省份，如 上海市（“上海”与“上海市”视为同一地区，首尾空格忽略）"},
        "district": {"type": "string", "description": "所在区"},
        "legal_entity": {"type": "string", "enum": ["independent", "branch"]},
        "industry": {"type": "string", "description": "行业：行业组名称（石油石化、有色金属）或国民经济行业分类（GB/T 4754—2017）大类名称；"
                                                        "各行业组包含的大类由规则目录规定（石油石化 ← 07、25；有色金属 ← 09、32），其分支机构可申报"},
        "cmmm_level": {"type": "integer", "minimum": 0, "maximum": 5, "description": "GB/T 39116—2020 成熟度等级"},
        "current_rating": {"type": "string", "enum": ["none", *TIERS]},
        "pilot_demo_locally_accepted": {"type": "boolean", "description": "已通过揭榜单位地方验收"},
    },
}
FACTS_SCHEMA = {
    "type": "object",
    "required": ["enterprise"],
    "properties": {
        "enterprise": _ENTERPRISE_SCHEMA,
        "attestations": {"type": "object", "additionalProperties": {"type": "boolean"},
                         "description": "条款编号 → 是否承诺（declared 类条款）"},
        "scenarios": {"type": "array", "items": {
            "type": "object", "required": ["guide_link", "scenario", "instance", "uses_ai"],
            "properties": {
                "guide_link": {"type": "string", "enum": ["工厂建设", "产品研发", "工艺设计", "生产作业", "生产管理",
                                                          "运营管理", "产品服务", "供应链管理"]},
                "scenario": {"type": "string"}, "instance": {"type": "string"}, "uses_ai": {"type": "boolean"},
            }}},
    },
}


def _invalid(path: str, message: str):
    return Status(422, {"detail": "输入无效", "errors": [{"path": path, "message": message}]})


@api.post(
    "/check",
    auth=None,
    tags=["自评"],
    summary="智能工厂自评：某一层级，或全部层级（ladder=true）",
    description="输入输出与命令行 `factorytier check` 相同。无需登录。",
    response={200: dict, 400: dict, 422: dict},
    openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": FACTS_SCHEMA}}}},
)
def check(request: HttpRequest, tier: Literal["basic", "advanced", "excellent", "leading"] | None = None,
          ladder: bool = False):
    if not ladder and tier not in TIERS:
        return _invalid("tier", "请指定层级 tier（basic、advanced、excellent、leading 之一），或 ladder=true")
    try:
        data = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return _invalid("", "请求体不是有效的 UTF-8 JSON")
    campaign = current_campaign()
    catalogue, overrides = campaign_catalogue(campaign), campaign_rules(campaign)
    try:
        if ladder:
            result = policy.check_ladder(data, catalogue, campaign_overrides=overrides)
        else:
            result = policy.check_tier(data, tier, catalogue, campaign_overrides=overrides)
    except policy.FactsInvalid as invalid:
        return Status(422, {"detail": "输入无效", "errors": [{"path": e.path, "message": e.message} for e in invalid.errors]})
    return Status(200, result.to_dict())
