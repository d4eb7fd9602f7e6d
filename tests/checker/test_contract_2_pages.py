"""Issue 10 items 1-3 wherever findings are shown: /check/, the API, the readiness page, submission."""

import copy
import json

import pytest

from factorytier.applications.models import Readiness
from factorytier.core import clock

from ..api.test_check_api import FACTS
from ..factories import CampaignFactory, EnterpriseFactory, enterprise_user, scenario_form_data
from .test_check_page import form

pytestmark = pytest.mark.django_db


def row(body: str, clause: str) -> str:
    """The findings row of `clause` in the excellent tier's table."""
    start = body.index(f"<code>{clause}</code>", body.index("卓越级"))
    return body[start:body.index("</tr>", start)]


def test_check_page_declared_false_is_fail_and_absent_is_missing(client):
    body = client.post("/check/", form(att_R_EX_E3="no", att_R_EX_E4="")).content.decode()
    assert "申报主体声明本工厂不满足该条款" in body
    assert "未声明：" in body
    # the answers are shown back as given
    assert 'id="att_R_EX_E3_no" value="no" checked' in body
    assert 'id="att_R_EX_E4_none" value="" checked' in body


def test_check_page_branch_in_a_division_of_a_group_passes(client):
    body = client.post("/check/", form(legal_entity="branch", industry="有色金属冶炼和压延加工业",
                                       province="上海")).content.decode()
    assert "目前最高可满足：<strong>卓越级</strong>" in body
    assert "有色金属冶炼和压延加工业（属有色金属）行业法人的分支机构" in body


def test_api_declared_false_is_fail(client):
    facts = copy.deepcopy(FACTS)
    facts["attestations"]["R.EX.E3"] = False
    out = client.post("/api/v1/check?tier=excellent", data=json.dumps(facts, ensure_ascii=False),
                      content_type="application/json").json()
    status = {f["clause"]: f["status"] for f in out["findings"]}
    assert status["R.EX.E3"] == "fail" and out["eligible"] is False


def test_api_region_and_branch_division(client):
    facts = copy.deepcopy(FACTS)
    facts["enterprise"].update(province=" 上海 ", legal_entity="branch", industry="石油和天然气开采业")
    out = client.post("/api/v1/check?tier=excellent", data=json.dumps(facts, ensure_ascii=False),
                      content_type="application/json").json()
    assert out["eligible"] is True, out["findings"]


DECLARED = ["R.B1", "R.B2", "R.B3", "R.B4", "R.BA.E", "R.AD.E1", "R.AD.E2", "R.EX.E2", "R.EX.E3", "R.EX.E4", "N.EX.3"]


def readiness_post(**overrides):
    data = {"cmmm_level": "3", "cmmm_certificate_no": "CMMM-2024-0001", "cmmm_certificate_date": "2024-05-20",
            "current_rating": "advanced"}
    data.update(scenario_form_data(DECLARED))
    data.update(overrides)
    return data


@pytest.fixture
def open_campaign():
    return CampaignFactory(application_deadline=clock.shanghai(2099, 1, 1), recommendation_deadline=clock.shanghai(2099, 1, 1))


def test_readiness_page_keeps_three_answers(client, login, open_campaign):
    user = enterprise_user()
    login(user)
    client.post("/applications/readiness/", readiness_post(att_R_EX_E3="no", att_N_EX_3="", att_R_B1="yes"))
    saved = Readiness.objects.get(enterprise=user.enterprise).attestations
    assert saved["R.EX.E3"] is False and "N.EX.3" not in saved and saved["R.B1"] is True
    body = client.get("/applications/readiness/").content.decode()
    assert "申报主体声明本工厂不满足该条款" in body and "未声明：配合开展现场核查" in body


@pytest.mark.parametrize("division", ["07", "09", "25", "32"])
def test_readiness_branch_in_a_group_division_is_ready_for_excellent(client, login, open_campaign, division):
    """Registration offers the division names; the catalogue maps them to 石油石化 / 有色金属."""
    user = enterprise_user(EnterpriseFactory(legal_entity="branch", industry=division))
    login(user)
    body = client.post("/applications/readiness/", readiness_post(), follow=True).content.decode()
    assert "目前可申报 <strong>卓越级</strong>" in body


def test_readiness_branch_in_division_26_is_not_ready(client, login, open_campaign):
    user = enterprise_user(EnterpriseFactory(legal_entity="branch", industry="26"))
    login(user)
    body = client.post("/applications/readiness/", readiness_post(), follow=True).content.decode()
    assert "目前可申报 <strong>卓越级</strong>" not in body
    assert "仅石油石化、有色金属等行业允许法人的分支机构申报" in body
