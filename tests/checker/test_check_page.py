import pytest

from factorytier.applications.models import Readiness

from ..factories import enterprise_user, scenario_form_data

pytestmark = pytest.mark.django_db

ATTESTED = ["R.B1", "R.B2", "R.B3", "R.B4", "R.EX.E2", "R.EX.E3", "R.EX.E4", "N.EX.3", "R.AD.E1", "R.AD.E2", "R.BA.E"]


def form(**overrides):
    data = {
        "name": "上海示例智能装备有限公司", "uscc": "91310115MA1K3YJ12G", "province": "上海市", "district": "浦东新区",
        "legal_entity": "independent", "industry": "专用设备制造业", "cmmm_level": "3", "current_rating": "advanced",
    }
    data.update(scenario_form_data(ATTESTED))
    data.update(overrides)
    return data


def test_page_is_public_and_offers_the_guide_scenarios(client):
    body = client.get("/check/").content.decode()
    assert "智能工厂自评" in body and "数字孪生工厂构建" in body and "R.B1" in body


def test_posting_shows_the_ladder_with_findings(client):
    body = client.post("/check/", form()).content.decode()
    assert "自评结果" in body
    assert "目前最高可满足：<strong>卓越级</strong>" in body
    assert "R.LD.E1" in body  # why not 领航级


def test_bad_input_is_shown_at_the_field(client):
    body = client.post("/check/", form(uscc="91310115MA1K3YJ120", **{"sc-2-instance": ""})).content.decode()
    assert "统一社会信用代码校验位错误" in body
    assert "实例名：" in body
    assert "自评结果" not in body


def test_enterprise_saves_its_answers(client, login):
    user = enterprise_user()
    login(user)
    response = client.post("/check/", form(save="1"))
    assert response.status_code == 302
    readiness = Readiness.objects.get(enterprise=user.enterprise)
    assert readiness.cmmm_level == 3 and len(readiness.scenarios) == 5 and readiness.attestations["R.B1"] is True
    assert "目前最高可满足" in client.get("/").content.decode()
