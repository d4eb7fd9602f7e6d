"""Validation of the facts: every problem at once, with its JSON path and a Chinese message."""

from __future__ import annotations

import pytest
from policy_support import valid_facts

from factorytier.policy import FactsInvalid, FieldError, check_ladder, check_tier, parse_facts, validate_facts
from factorytier.policy.uscc import uscc_problem


def paths(data) -> list[str]:
    return [e.path for e in validate_facts(data)]


def test_valid_facts_have_no_errors():
    assert validate_facts(valid_facts()) == []
    facts = parse_facts(valid_facts())
    assert facts.cmmm_level == 3 and facts.scenarios[2].uses_ai is True


def test_all_errors_are_reported_at_once():
    data = valid_facts()
    data["enterprise"].update(uscc="91310115MA1K3YJ120", legal_entity="company", cmmm_level=True,
                              current_rating="gold", pilot_demo_locally_accepted="no")
    del data["enterprise"]["province"]
    data["enterprise"]["industry"] = ""
    data["attestations"]["R.X.9"] = True
    data["attestations"]["R.B1"] = "yes"
    data["scenarios"][2]["guide_link"] = "市场营销"
    data["scenarios"][3]["scenario"] = ""
    data["scenarios"][4]["uses_ai"] = 1
    data["scenarios"].append("not an object")
    errors = validate_facts(data)
    assert [e.path for e in errors] == [
        "enterprise.uscc", "enterprise.province", "enterprise.legal_entity", "enterprise.industry",
        "enterprise.cmmm_level", "enterprise.current_rating", "enterprise.pilot_demo_locally_accepted",
        "attestations.R.B1", "attestations.R.X.9", "scenarios[2].guide_link", "scenarios[3].scenario",
        "scenarios[4].uses_ai", "scenarios[5]",
    ]
    by = {e.path: e.message for e in errors}
    assert by["enterprise.uscc"] == "统一社会信用代码校验位错误"
    assert by["attestations.R.X.9"] == "未知的条款编号"
    assert "工厂建设" in by["scenarios[2].guide_link"]
    assert all(isinstance(e, FieldError) and e.message for e in errors)
    with pytest.raises(FactsInvalid) as invalid:
        check_ladder(data)
    assert invalid.value.errors == errors


@pytest.mark.parametrize("value, message", [
    ("91310115MA1K3YJ12", "统一社会信用代码应为 18 位，当前为 17 位"),
    ("91310115MA1K3YJ12GG", "统一社会信用代码应为 18 位，当前为 19 位"),
    ("91310115ma1k3yj12g", "统一社会信用代码中的字母应为大写：91310115MA1K3YJ12G"),
    ("91310115MA1K3YJ1IG", "统一社会信用代码含有不允许的字符：I（只能是数字和除 I、O、Z、S、V 以外的大写字母）"),
    ("91310115MA1K3YJ1-G", "统一社会信用代码含有不允许的字符：-（只能是数字和除 I、O、Z、S、V 以外的大写字母）"),
    ("9131A115MA1K3YJ12G", "统一社会信用代码第 3–8 位（登记管理机关行政区划码）应为数字"),
    ("91310115MA1K3YJ12H", "统一社会信用代码校验位错误"),
    (" 91310115MA1K3YJ12G", "统一社会信用代码首尾不应有空格"),
    ("", "统一社会信用代码不能为空"),
    (91310115, "统一社会信用代码应为字符串"),
    (None, "统一社会信用代码应为字符串"),
])
def test_uscc_messages(value, message):
    assert uscc_problem(value) == message
    data = valid_facts()
    data["enterprise"]["uscc"] = value
    assert [(e.path, e.message) for e in validate_facts(data)] == [("enterprise.uscc", message)]


def test_valid_usccs():
    for code in ("91310115MA1K3YJ12G", "91110000600037341L", "91310112MA1GBY2K7J"):
        assert uscc_problem(code) is None


@pytest.mark.parametrize("level", [True, False, -1, 6, 3.0, "3", None, 10**100, [3]])
def test_cmmm_level_must_be_an_integer_0_to_5(level):
    data = valid_facts()
    data["enterprise"]["cmmm_level"] = level
    assert paths(data) == ["enterprise.cmmm_level"]


@pytest.mark.parametrize("level", [0, 1, 2, 3, 4, 5])
def test_cmmm_levels_accepted(level):
    data = valid_facts()
    data["enterprise"]["cmmm_level"] = level
    assert paths(data) == []


REQUIRED_ENTERPRISE_PATHS = ["enterprise.uscc", "enterprise.province", "enterprise.legal_entity", "enterprise.industry",
                             "enterprise.cmmm_level", "enterprise.current_rating"]


@pytest.mark.parametrize("data, expected", [
    (None, ["$"]), ([], ["$"]), ("x", ["$"]), (3, ["$"]),
    # A missing or malformed enterprise names the object and, as well, each required field it lacks.
    ({}, ["enterprise", *REQUIRED_ENTERPRISE_PATHS]),
    ({"enterprise": []}, ["enterprise", *REQUIRED_ENTERPRISE_PATHS]),
    ({"enterprise": {}}, REQUIRED_ENTERPRISE_PATHS),
])
def test_structure_errors(data, expected):
    assert paths(data) == expected


def test_optional_parts():
    data = valid_facts()
    del data["attestations"], data["scenarios"], data["enterprise"]["pilot_demo_locally_accepted"]
    data["enterprise"]["district"] = None
    assert paths(data) == []
    result = check_tier(data, "basic")
    assert {f.clause: f.status for f in result.findings}["R.B1"] == "missing"
    data["attestations"] = None
    data["scenarios"] = None
    assert paths(data) == []
    for key, value in (("attestations", []), ("scenarios", {})):
        bad = valid_facts()
        bad[key] = value
        assert paths(bad) == [key]


def test_attestation_false_is_fail_not_missing_nor_invalid():
    """Issue 10 item 1: answered false, the applicant states the factory does not meet the clause."""
    data = valid_facts()
    data["attestations"]["N.EX.3"] = False
    result = check_tier(data, "excellent")
    finding = {f.clause: f for f in result.findings}["N.EX.3"]
    assert finding.status == "fail" and "申报主体声明本工厂不满足该条款" in finding.message
    assert not result.eligible
    del data["attestations"]["N.EX.3"]
    absent = {f.clause: f for f in check_tier(data, "excellent").findings}["N.EX.3"]
    assert absent.status == "missing" and absent.message.startswith("未声明")
    assert not result.eligible


def test_scenario_field_errors():
    data = valid_facts()
    data["scenarios"][0] = {"guide_link": None, "scenario": 3, "instance": "  "}
    assert paths(data) == ["scenarios[0].guide_link", "scenarios[0].scenario", "scenarios[0].instance",
                           "scenarios[0].uses_ai"]
