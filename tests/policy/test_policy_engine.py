"""The engine: every rule of every tier can pass and can fail; messages, remedies, overrides."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from fractions import Fraction

import pytest
from policy_support import JIANGSU, REPO, ideal_facts, valid_facts

from factorytier.policy import CampaignRules, check_ladder, check_tier, default_catalogue, load_catalogue
from factorytier.policy.engine import ai_scenarios_needed

CATALOGUES = {"shanghai": default_catalogue(), "jiangsu": load_catalogue(JIANGSU)}
RULES = [(name, tier.id, i) for name, cat in CATALOGUES.items() for tier in cat.tiers
         for i in range(len(cat.tier_rules(tier.id)))]


def _break(facts: dict, rule, catalogue) -> list[dict]:
    """Variants of passing facts that each break `rule` (derived from its check and parameters)."""
    out = []
    if rule.check == "attested":
        absent = copy.deepcopy(facts)
        del absent["attestations"][rule.clause.id]
        declined = copy.deepcopy(facts)
        declined["attestations"][rule.clause.id] = False
        out += [absent, declined]
    elif rule.check == "maturity":
        low = copy.deepcopy(facts)
        low["enterprise"]["cmmm_level"] = rule.params["min_cmmm_level"] - 1
        out.append(low)
    elif rule.check == "segments":
        for seg in rule.params["required_segments"]:
            links = next(s.guide_links for s in catalogue.segments if s.id == seg)
            f = copy.deepcopy(facts)
            f["scenarios"] = [s for s in f["scenarios"] if s["guide_link"] not in links]
            out.append(f)
    elif rule.check == "ai_ratio":
        f = copy.deepcopy(facts)
        for s in f["scenarios"]:
            s["uses_ai"] = False
        out.append(f)
        empty = copy.deepcopy(facts)
        empty["scenarios"] = []
        out.append(empty)
    elif rule.check == "registration":
        elsewhere = copy.deepcopy(facts)
        elsewhere["enterprise"]["province"] = "火星省"
        branch = copy.deepcopy(facts)
        branch["enterprise"].update(legal_entity="branch", industry="纺织业")
        out += [elsewhere, branch]
    elif rule.check == "prerequisite":
        tier_ids = [t.id for t in catalogue.tiers]
        required = tier_ids.index(rule.params["prerequisite_rating"])
        for rating in ["none", *tier_ids[:required], *tier_ids[required + 1:]]:
            f = copy.deepcopy(facts)
            f["enterprise"]["current_rating"] = rating
            # ratings below the prerequisite, and the tier itself or above, both fail
            out.append(f)
    return out


@pytest.mark.parametrize("catalogue_name, tier, index", RULES,
                         ids=[f"{c}-{t}-{CATALOGUES[c].tier_rules(t)[i].clause.id}" for c, t, i in RULES])
def test_every_rule_passes_and_fails(catalogue_name, tier, index):
    catalogue = CATALOGUES[catalogue_name]
    rule = catalogue.tier_rules(tier)[index]
    facts = ideal_facts(catalogue, tier)
    result = check_tier(facts, tier, catalogue)
    assert result.eligible, result.findings
    assert {f.status for f in result.findings} == {"pass"}
    passed = {f.clause: f for f in result.findings}[rule.clause.id]
    assert passed.status == "pass" and passed.message

    variants = _break(facts, rule, catalogue)
    tier_order = {t.id: t.order for t in catalogue.tiers}
    if rule.check == "prerequisite":
        # a rating between the prerequisite and the tier passes too
        variants = [v for v in variants
                    if not (tier_order.get(v["enterprise"]["current_rating"], 0) >= tier_order[rule.params["prerequisite_rating"]]
                            and tier_order.get(v["enterprise"]["current_rating"], 0) < tier_order[tier])]
    assert variants, "no way to break this rule"
    for broken in variants:
        res = check_tier(broken, tier, catalogue)
        finding = {f.clause: f for f in res.findings}[rule.clause.id]
        # a declared clause answered false is fail (the applicant says it is not met); absent is missing
        declined = rule.check == "attested" and broken["attestations"].get(rule.clause.id) is False
        assert finding.status == ("fail" if declined else rule.blocking_status), (finding, broken)
        assert finding.message and finding.message != passed.message
        assert res.eligible is (rule.blocking_status == "warn")
        if not res.eligible:
            assert rule.clause.id in res.remedy.blocking_clauses
            assert res.remedy.lines


def test_findings_follow_catalogue_order(shanghai):
    for tier in shanghai.tiers:
        result = check_tier(valid_facts(), tier.id)
        assert [f.clause for f in result.findings] == [r.clause.id for r in shanghai.tier_rules(tier.id)]


def test_messages_say_what_was_found_and_what_is_asked():
    facts = valid_facts()
    facts["scenarios"] = [dict(facts["scenarios"][2], uses_ai=i < 2) for i in range(11)]
    by = {f.clause: f for f in check_tier(facts, "excellent").findings}
    assert by["R.EX.E1"].status == "fail"
    assert by["R.EX.E1"].message == "应用人工智能技术场景比例为 18%（2/11），卓越级要求不低于 20%"
    assert by["R.B5"].message == "能力成熟度三级，满足卓越级三级及以上要求"
    assert by["R.EX.C"].status == "warn"
    assert by["R.EX.C"].message == "未覆盖工厂建设、研发设计、生产管理、运营管理环节（原则上应覆盖全部五个环节）"
    facts = valid_facts()
    facts["enterprise"]["current_rating"] = "excellent"
    by = {f.clause: f for f in check_tier(facts, "excellent").findings}
    assert by["N.EX.2"].status == "fail"
    assert by["N.EX.2"].message == "已获评卓越级智能工厂，无需再申报卓越级，可申报领航级"
    facts["enterprise"]["current_rating"] = "leading"
    assert "已获评领航级智能工厂" in {f.clause: f for f in check_tier(facts, "excellent").findings}["N.EX.2"].message
    ld = {f.clause: f for f in check_tier(facts, "leading").findings}["N.LD.3"]
    assert ld.status == "fail" and ld.message.startswith("已获评领航级智能工厂，无需再申报领航级")


def test_three_of_five_reaches_sixty_percent_exactly():
    facts = valid_facts()
    for i, s in enumerate(facts["scenarios"]):
        s["uses_ai"] = i < 3
    result = check_tier(facts, "leading")
    assert result.ai_scenario_ratio == 0.6
    assert {f.clause: f.status for f in result.findings}["R.LD.E1"] == "pass"


def test_no_scenario_means_ratio_zero():
    facts = valid_facts()
    facts["scenarios"] = []
    result = check_tier(facts, "excellent")
    assert result.ai_scenario_ratio == 0.0 and result.segments_covered == ()
    assert {f.clause: f.status for f in result.findings}["R.EX.E1"] == "fail"
    assert result.remedy.ai_scenarios_needed == 1
    assert set(result.remedy.missing_segments) == set()  # R.EX.C only warns
    lead = check_tier(facts, "leading")
    assert lead.remedy.missing_segments == ("factory", "design", "production", "management", "operations")


def test_ratio_is_rounded_to_four_decimals():
    facts = valid_facts()
    facts["scenarios"] = [dict(facts["scenarios"][0], uses_ai=i == 0) for i in range(3)]
    assert check_tier(facts, "basic").ai_scenario_ratio == 0.3333


@pytest.mark.parametrize("ratio", ["0", "0.2", "0.25", "0.6", "0.333", "0.99", "1"])
def test_ai_scenarios_needed_is_minimal(ratio):
    r = Fraction(ratio)
    for n in range(0, 25):
        for ai in range(0, n + 1):
            def ok(a, m):
                return m > 0 and a * r.denominator >= r.numerator * m or (m == 0 and r == 0)

            add, convert = ai_scenarios_needed(ai, n, r)
            if add is None:
                assert r == 1 and ai < n
            else:
                assert ok(ai + add, n + add)
                assert add == 0 or not ok(ai + add - 1, n + add - 1)
            if n:
                assert convert <= n - ai or r > 1
                assert ok(ai + convert, n)
                assert convert == 0 or not ok(ai + convert - 1, n)


def test_remedy_structure():
    facts = valid_facts()
    facts["enterprise"].update(cmmm_level=2, current_rating="basic")
    facts["attestations"].pop("N.EX.3")
    facts["scenarios"] = [dict(s, uses_ai=False) for s in facts["scenarios"]]
    r = check_tier(facts, "excellent").remedy
    assert r.min_maturity_level == 3
    assert r.prerequisite_rating == "advanced"
    assert r.missing_attestations == ("N.EX.3",)
    assert r.ai_scenarios_needed == 2 and r.ai_scenarios_to_convert == 1
    assert r.blocking_clauses == ("R.B5", "N.EX.2", "R.EX.E1", "N.EX.3")
    assert len(r.lines) == 4 and all(isinstance(line, str) and line for line in r.lines)
    assert check_tier(valid_facts(), "excellent").remedy is None


def test_to_dict_matches_contract_and_to_json():
    result = check_tier(valid_facts(), "excellent")
    d = result.to_dict()
    assert list(d) == ["tier", "eligible", "ai_scenario_ratio", "segments_covered", "findings"]
    assert d["segments_covered"] == ["factory", "design", "production", "management", "operations"]
    assert all(list(f) == ["clause", "status", "message"] for f in d["findings"])
    assert json.loads(result.to_json()) == d
    ladder = check_ladder(valid_facts())
    assert json.loads(ladder.to_json()) == ladder.to_dict()
    assert list(ladder.to_dict()) == ["highest_eligible", "tiers"]
    assert ladder.highest_eligible == "excellent"
    assert [t.tier for t in ladder.tiers] == ["basic", "advanced", "excellent", "leading"]


def test_results_are_read_only():
    result = check_tier(valid_facts(), "excellent")
    with pytest.raises(AttributeError):
        result.eligible = False
    with pytest.raises(AttributeError):
        result.findings[0].status = "fail"


def test_campaign_overrides():
    facts = valid_facts()
    facts["enterprise"].update(province="江苏省")
    assert not check_tier(facts, "excellent").eligible
    assert check_tier(facts, "excellent", campaign_overrides=CampaignRules(region="江苏省")).eligible
    facts = valid_facts()
    facts["enterprise"].update(legal_entity="branch", industry="钢铁")
    assert not check_tier(facts, "excellent").eligible
    rules = CampaignRules(branch_allowed_industries=["石油石化", "钢铁"])  # a list is accepted too
    assert check_tier(facts, "excellent", campaign_overrides=rules).eligible
    assert check_ladder(facts, campaign_overrides=rules).highest_eligible == "excellent"
    facts["enterprise"]["industry"] = "石油石化"
    assert not check_tier(facts, "excellent", campaign_overrides=CampaignRules(branch_allowed_industries=())).eligible
    assert check_tier(facts, "excellent").eligible  # the default catalogue is untouched


def test_unknown_tier_raises_key_error():
    with pytest.raises(KeyError):
        check_tier(valid_facts(), "platinum")


def test_policy_imports_without_django():
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'django' or name.startswith('django.'):\n"
        "            raise ImportError('django is blocked')\n"
        "sys.meta_path.insert(0, Block())\n"
        "sys.modules['django'] = None\n"
        "import factorytier.policy as p, factorytier.policy.cli\n"
        "r = p.check_ladder({'enterprise': {'uscc': '91310115MA1K3YJ12G', 'province': '上海市',"
        " 'legal_entity': 'independent', 'industry': 'x', 'cmmm_level': 2, 'current_rating': 'none'}})\n"
        "assert r.highest_eligible is None\n"
        "assert not [m for m in sys.modules if m.startswith('django') and sys.modules[m] is not None]\n"
        "print('ok')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok"
