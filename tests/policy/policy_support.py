"""Fact builders shared by the rule-engine tests (imported by name: keep this file name unique)."""

from __future__ import annotations

import copy
import os
from pathlib import Path

from factorytier.policy import Catalogue

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
JIANGSU = HERE / "catalogues" / "jiangsu-2026.yaml"


def shared_dir() -> Path:
    return Path(os.environ.get("FACTORYTIER_SHARED_DIR") or REPO.parent / "shared")


VALID_FACTS = {
    "enterprise": {
        "name": "上海示例智能装备有限公司",
        "uscc": "91310115MA1K3YJ12G",
        "province": "上海市",
        "district": "浦东新区",
        "legal_entity": "independent",
        "industry": "汽车制造业",
        "cmmm_level": 3,
        "current_rating": "advanced",
        "pilot_demo_locally_accepted": False,
    },
    "attestations": {"R.B1": True, "R.B2": True, "R.B3": True, "R.B4": True,
                     "R.EX.E2": True, "R.EX.E3": True, "R.EX.E4": True, "N.EX.3": True},
    "scenarios": [
        {"guide_link": "工厂建设", "scenario": "数字孪生工厂构建", "instance": "总装车间数字孪生", "uses_ai": True},
        {"guide_link": "产品研发", "scenario": "产品数字化设计", "instance": "电驱壳体轻量化设计", "uses_ai": False},
        {"guide_link": "生产作业", "scenario": "人机协同作业", "instance": "发动机壳体柔性加工", "uses_ai": True},
        {"guide_link": "生产管理", "scenario": "车间智能排产", "instance": "车间动态排产", "uses_ai": False},
        {"guide_link": "供应链管理", "scenario": "供应链风险预警与调度", "instance": "断供风险预警", "uses_ai": False},
    ],
}


def valid_facts() -> dict:
    return copy.deepcopy(VALID_FACTS)


def ideal_facts(catalogue: Catalogue, tier_id: str) -> dict:
    """Facts that pass every rule of `tier_id`, derived from the catalogue's own rules."""
    rules = catalogue.tier_rules(tier_id)
    attest = {r.clause.id: True for r in rules if r.check == "attested"}
    level = max([r.params["min_cmmm_level"] for r in rules if r.check == "maturity"] or [0])
    prereq = [r.params["prerequisite_rating"] for r in rules if r.check == "prerequisite"]
    region = catalogue.campaign.region if catalogue.campaign else "上海市"
    scenarios = [
        {"guide_link": seg.guide_links[0], "scenario": f"{seg.name}场景", "instance": f"{seg.name}实例", "uses_ai": True}
        for seg in catalogue.segments
    ]
    facts = valid_facts()
    facts["enterprise"].update(province=region, legal_entity="independent", cmmm_level=level,
                               current_rating=prereq[0] if prereq else "none")
    facts["attestations"] = attest
    facts["scenarios"] = scenarios
    return facts
