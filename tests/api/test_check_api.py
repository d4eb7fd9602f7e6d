import copy
import json

import pytest

pytestmark = pytest.mark.django_db

FACTS = {
    "enterprise": {
        "name": "上海示例智能装备有限公司", "uscc": "91310115MA1K3YJ12G", "province": "上海市", "district": "浦东新区",
        "legal_entity": "independent", "industry": "汽车制造业", "cmmm_level": 3, "current_rating": "advanced",
        "pilot_demo_locally_accepted": False,
    },
    "attestations": {k: True for k in ["R.B1", "R.B2", "R.B3", "R.B4", "R.EX.E2", "R.EX.E3", "R.EX.E4", "N.EX.3"]},
    "scenarios": [
        {"guide_link": "工厂建设", "scenario": "数字孪生工厂构建", "instance": "总装车间数字孪生", "uses_ai": True},
        {"guide_link": "产品研发", "scenario": "产品数字化设计", "instance": "轻量化设计", "uses_ai": False},
        {"guide_link": "生产作业", "scenario": "人机协同作业", "instance": "柔性加工与检测", "uses_ai": True},
        {"guide_link": "生产管理", "scenario": "计划调度", "instance": "车间动态排产", "uses_ai": False},
        {"guide_link": "供应链管理", "scenario": "供应链风险预警", "instance": "断供风险预警", "uses_ai": False},
    ],
}


def post(client, query, body):
    data = body if isinstance(body, (bytes, str)) else json.dumps(body, ensure_ascii=False)
    return client.post(f"/api/v1/check{query}", data=data, content_type="application/json")


def test_one_tier_gives_the_contract_output(client):
    response = post(client, "?tier=excellent", FACTS)
    assert response.status_code == 200
    out = response.json()
    assert out["tier"] == "excellent" and out["eligible"] is True
    assert out["ai_scenario_ratio"] == pytest.approx(0.4)
    assert sorted(out["segments_covered"]) == ["design", "factory", "management", "operations", "production"]
    assert {f["clause"] for f in out["findings"]} >= {"R.B5", "N.EX.1", "N.EX.2", "R.EX.E1"}


def test_ladder(client):
    out = post(client, "?ladder=true", FACTS).json()
    assert [t["tier"] for t in out["tiers"]] == ["basic", "advanced", "excellent", "leading"]
    assert out["highest_eligible"] == "excellent"


def test_invalid_fields_are_all_reported_with_422(client):
    facts = copy.deepcopy(FACTS)
    facts["enterprise"]["uscc"] = "91310115MA1K3YJ120"
    facts["enterprise"]["cmmm_level"] = 9
    facts["scenarios"][1]["guide_link"] = "火星"
    response = post(client, "?tier=excellent", facts)
    assert response.status_code == 422
    paths = {e["path"] for e in response.json()["errors"]}
    assert {"enterprise.uscc", "enterprise.cmmm_level", "scenarios[1].guide_link"} <= paths


@pytest.mark.parametrize("body", [b"{not json", b"\xff\xfe", "[]", "null", '"text"', "{}"])
def test_any_body_gives_a_result_or_422_never_500(client, body):
    response = post(client, "?tier=basic", body)
    assert response.status_code in (200, 422)


def test_missing_tier_is_422(client):
    response = post(client, "", FACTS)
    assert response.status_code == 422 and response.json()["errors"][0]["path"] == "tier"
    assert post(client, "?tier=platinum", FACTS).status_code == 422


def test_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/check" in paths
    assert "requestBody" in paths["/api/v1/check"]["post"]
