"""Properties over generated factories and arbitrary JSON (Hypothesis)."""

from __future__ import annotations

import copy
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from policy_support import valid_facts

from factorytier.policy import FactsInvalid, check_ladder, check_tier, default_catalogue

CATALOGUE = default_catalogue()
TIERS = [t.id for t in CATALOGUE.tiers]
DECLARED = sorted({r.clause.id for t in TIERS for r in CATALOGUE.tier_rules(t) if r.check == "attested"})

scenario = st.fixed_dictionaries({
    "guide_link": st.sampled_from(CATALOGUE.guide_links),
    "scenario": st.sampled_from(["人机协同作业", "车间智能排产", "远程运维服务"]),
    "instance": st.text(min_size=1, max_size=5).filter(str.strip),
    "uses_ai": st.booleans(),
})


@st.composite
def factories(draw):
    facts = valid_facts()
    facts["enterprise"].update(
        province=draw(st.sampled_from(["上海市", "江苏省"])),
        legal_entity=draw(st.sampled_from(["independent", "branch"])),
        industry=draw(st.sampled_from(["汽车制造业", "石油石化", "有色金属"])),
        cmmm_level=draw(st.integers(0, 5)),
        current_rating=draw(st.sampled_from(["none", *TIERS])),
        pilot_demo_locally_accepted=draw(st.booleans()),
    )
    facts["attestations"] = draw(st.dictionaries(st.sampled_from(DECLARED), st.booleans()))
    facts["scenarios"] = draw(st.lists(scenario, max_size=12))
    return facts


@given(factories(), st.sampled_from(TIERS))
def test_adding_an_ai_scenario_never_lowers_the_ratio(facts, tier):
    before = check_tier(facts, tier)
    more = copy.deepcopy(facts)
    more["scenarios"].append({"guide_link": "生产作业", "scenario": "在线智能检测", "instance": "视觉检测", "uses_ai": True})
    after = check_tier(more, tier)
    assert after.ai_scenario_ratio >= before.ai_scenario_ratio
    ai_rule = [r for r in CATALOGUE.tier_rules(tier) if r.check == "ai_ratio"]
    if ai_rule:
        status = {f.clause: f.status for f in after.findings}
        was = {f.clause: f.status for f in before.findings}
        cid = ai_rule[0].clause.id
        assert not (was[cid] == "pass" and status[cid] != "pass")


@given(factories(), st.sampled_from(TIERS), st.integers(0, 5))
def test_eligibility_survives_a_higher_maturity_level(facts, tier, extra):
    if not check_tier(facts, tier).eligible:
        return
    facts["enterprise"]["cmmm_level"] = min(5, facts["enterprise"]["cmmm_level"] + extra)
    assert check_tier(facts, tier).eligible


@given(factories())
def test_ladder_is_consistent_with_each_tier(facts):
    ladder = check_ladder(facts)
    singles = [check_tier(facts, t) for t in TIERS]
    assert [t.to_dict() for t in ladder.tiers] == [s.to_dict() for s in singles]
    eligible = [s.tier for s in singles if s.eligible]
    assert ladder.highest_eligible == (eligible[-1] if eligible else None)
    for t in ladder.tiers:
        assert t.eligible == (not any(f.status in ("fail", "missing") for f in t.findings))
        assert (t.remedy is None) == t.eligible
        assert json.loads(t.to_json()) == t.to_dict()
    assert json.loads(ladder.to_json()) == ladder.to_dict()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


def _result_or_invalid(data) -> None:
    try:
        result = check_ladder(data)
    except FactsInvalid as invalid:
        assert invalid.errors and all(e.path and e.message for e in invalid.errors)
        return
    json.dumps(result.to_dict(), ensure_ascii=False)


@given(json_values)
def test_any_json_value_gives_a_result_or_facts_invalid(data):
    _result_or_invalid(data)


PATHS = [("enterprise",), ("attestations",), ("scenarios",)] + [
    ("enterprise", k) for k in valid_facts()["enterprise"]
] + [("scenarios", 0), ("scenarios", 0, "guide_link"), ("scenarios", 0, "uses_ai"), ("scenarios", 0, "scenario"),
     ("attestations", "R.B1"), ("attestations", "R.Z.1")]


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(PATHS), json_values | st.just(10**5000) | st.just("DELETE")), max_size=5))
def test_mutated_facts_give_a_result_or_facts_invalid(mutations):
    data = valid_facts()
    for path, value in mutations:
        target = data
        for key in path[:-1]:
            if isinstance(target, dict) and key in target or isinstance(target, list) and isinstance(key, int) and key < len(target):
                target = target[key]
            else:
                target = None
                break
        if target is None:
            continue
        key = path[-1]
        if isinstance(target, dict):
            if value == "DELETE":
                target.pop(key, None)
            else:
                target[key] = value
        elif isinstance(target, list) and isinstance(key, int) and key < len(target):
            target[key] = value
    _result_or_invalid(data)
