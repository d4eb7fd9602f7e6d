"""Issue 10 items 1-4: the changed check contract (declared false is fail, regions compared normalised,
branch industries by group from the catalogue) and what R.EX.E1 / R.LD.E1 say was checked."""

from __future__ import annotations

import pytest
from policy_support import ideal_facts

from factorytier.policy import CampaignRules, check_tier, default_catalogue, load_catalogue


def excellent_facts(**enterprise) -> dict:
    facts = ideal_facts(default_catalogue(), "excellent")
    facts["enterprise"].update(enterprise)
    return facts


def finding(facts, clause, tier="excellent", **kw):
    return {f.clause: f for f in check_tier(facts, tier, **kw).findings}[clause]


# --- item 2: regions -------------------------------------------------------------------------------

@pytest.mark.parametrize("province", ["上海", "上海市", " 上海 ", "上海市 ", "\u3000上海市"])
@pytest.mark.parametrize(("tier", "clause"), [("excellent", "N.EX.1"), ("leading", "N.LD.1")])
def test_shanghai_with_or_without_shi_is_the_same_region(province, tier, clause):
    facts = ideal_facts(default_catalogue(), tier)
    facts["enterprise"]["province"] = province
    assert finding(facts, clause, tier).status == "pass"
    assert check_tier(facts, tier).eligible


@pytest.mark.parametrize("province", ["江苏省", "江苏", "北京市", "上海市浦东"])
def test_another_region_still_fails(province):
    f = finding(excellent_facts(province=province), "N.EX.1")
    assert f.status == "fail" and "须在上海市注册" in f.message


def test_campaign_region_is_compared_normalised_too():
    facts = excellent_facts(province="江苏省")
    assert finding(facts, "N.EX.1", campaign_overrides=CampaignRules(region="江苏")).status == "pass"


# --- item 3: branch industries by group ----------------------------------------------------------------

@pytest.mark.parametrize("industry", [
    "石油石化", "有色金属",
    "石油和天然气开采业", "石油、煤炭及其他燃料加工业",  # 07, 25 -> 石油石化
    "有色金属矿采选业", "有色金属冶炼和压延加工业",  # 09, 32 -> 有色金属
    " 有色金属冶炼和压延加工业 ", "32 有色金属冶炼和压延加工业", "25",
])
@pytest.mark.parametrize(("tier", "clause"), [("excellent", "N.EX.1"), ("leading", "N.LD.1")])
def test_a_branch_in_a_division_of_an_allowed_group_may_apply(industry, tier, clause):
    facts = ideal_facts(default_catalogue(), tier)
    facts["enterprise"].update(legal_entity="branch", industry=industry)
    f = finding(facts, clause, tier)
    assert f.status == "pass", f.message
    assert "法人的分支机构" in f.message


def test_the_pass_message_names_the_group_of_a_division():
    f = finding(excellent_facts(legal_entity="branch", industry="有色金属冶炼和压延加工业"), "N.EX.1")
    assert "有色金属冶炼和压延加工业（属有色金属）" in f.message


@pytest.mark.parametrize("industry", ["化学原料和化学制品制造业", "化学纤维制造业", "汽车制造业", "26", "石化"])
def test_a_branch_outside_the_groups_fails(industry):
    f = finding(excellent_facts(legal_entity="branch", industry=industry), "N.EX.1")
    assert f.status == "fail" and "仅石油石化、有色金属等行业允许法人的分支机构申报" in f.message


def test_a_campaign_may_admit_division_26_as_data():
    facts = excellent_facts(legal_entity="branch", industry="化学原料和化学制品制造业")
    rules = CampaignRules(branch_allowed_industries=("石油石化", "有色金属", "化学原料和化学制品制造业"))
    assert finding(facts, "N.EX.1", campaign_overrides=rules).status == "pass"


def test_a_campaign_without_a_group_does_not_admit_its_divisions():
    facts = excellent_facts(legal_entity="branch", industry="有色金属冶炼和压延加工业")
    rules = CampaignRules(branch_allowed_industries=("石油石化",))
    assert finding(facts, "N.EX.1", campaign_overrides=rules).status == "fail"


def test_industry_groups_are_catalogue_data(tmp_path):
    from factorytier.policy.loader import PACKAGE_DIR

    (tmp_path / "groups.yaml").write_text(
        f"schema: 1\nid: groups-test\nextends: {PACKAGE_DIR / 'shanghai-2025.yaml'}\n"
        "campaign:\n  id: groups-test\n  region: 上海市\n  tiers_open: [excellent]\n"
        "  branch_allowed_industries: [石油石化]\n"
        "  industry_groups:\n    石油石化:\n      - {code: \"26\", name: 化学原料和化学制品制造业}\n",
        encoding="utf-8")
    catalogue = load_catalogue(tmp_path / "groups.yaml")
    facts = ideal_facts(catalogue, "excellent")
    facts["enterprise"].update(legal_entity="branch", industry="化学原料和化学制品制造业")
    assert finding(facts, "N.EX.1", catalogue=catalogue).status == "pass"
    facts["enterprise"]["industry"] = "石油、煤炭及其他燃料加工业"  # not in this catalogue's group
    assert finding(facts, "N.EX.1", catalogue=catalogue).status == "fail"


def test_a_bad_industry_group_names_the_key(tmp_path):
    from factorytier.policy import CatalogueError
    from factorytier.policy.loader import PACKAGE_DIR

    (tmp_path / "bad.yaml").write_text(
        f"schema: 1\nid: bad\nextends: {PACKAGE_DIR / 'shanghai-2025.yaml'}\n"
        "campaign:\n  id: bad\n  region: 上海市\n  tiers_open: [excellent]\n"
        "  industry_groups:\n    石油石化:\n      - {code: \"2\", name: 石油加工}\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"campaign\.industry_groups\.石油石化\[0\]\.code"):
        load_catalogue(tmp_path / "bad.yaml")


# --- item 4: R.EX.E1 / R.LD.E1 say what was checked -----------------------------------------------------

@pytest.mark.parametrize(("tier", "clause", "level"), [("excellent", "R.EX.E1", "国内同行业领先水平"),
                                                      ("leading", "R.LD.E1", "全球领先水平")])
def test_ai_ratio_pass_says_only_the_ratio_was_checked(tier, clause, level):
    f = finding(ideal_facts(default_catalogue(), tier), clause, tier)
    assert f.status == "pass"
    assert "应用人工智能技术场景比例为 100%" in f.message
    assert "此处仅核对该比例" in f.message and level in f.message and "附表" in f.message and "评审" in f.message


@pytest.mark.parametrize(("tier", "clause"), [("excellent", "R.EX.E1"), ("leading", "R.LD.E1")])
def test_ai_ratio_fail_names_the_ratio(tier, clause):
    facts = ideal_facts(default_catalogue(), tier)
    for s in facts["scenarios"]:
        s["uses_ai"] = False
    f = finding(facts, clause, tier)
    assert f.status == "fail" and "应用人工智能技术场景比例为 0%" in f.message


# --- item 1: every declared clause ------------------------------------------------------------------

@pytest.mark.parametrize("tier", ["basic", "advanced", "excellent", "leading"])
def test_every_declared_clause_answered_false_fails(tier):
    catalogue = default_catalogue()
    for rule in catalogue.tier_rules(tier):
        if rule.check != "attested":
            continue
        facts = ideal_facts(catalogue, tier)
        facts["attestations"][rule.clause.id] = False
        result = check_tier(facts, tier)
        f = {x.clause: x for x in result.findings}[rule.clause.id]
        assert f.status == "fail" and f.message.startswith("申报主体声明本工厂不满足该条款")
        assert not result.eligible and rule.clause.id in result.remedy.blocking_clauses
