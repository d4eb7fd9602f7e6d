"""Issue 10: a new user registers a 上海化学工业区 branch of a 石油石化 legal person (GB/T 4754 division 25),
fills the readiness page, and sees 卓越级 as one it may apply for."""

import pytest

from factorytier.accounts.choices import UnitKind
from factorytier.accounts.models import Enterprise
from factorytier.core import clock

from ..factories import CampaignFactory, UnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCENARIOS = [
    ("工厂建设", "数字孪生工厂构建", "炼化装置数字孪生与实时数据交互", True),
    ("工艺设计", "工艺数字化设计", "加氢裂化工艺流程仿真优化", False),
    ("生产作业", "先进过程控制", "常减压装置先进过程控制", True),
    ("生产管理", "能源智能管控", "全厂蒸汽动力系统能源优化", False),
    ("供应链管理", "供应链风险预警", "原油采购与物流风险预警", False),
]


def test_chemical_park_branch_of_a_petrochemical_group_registers_and_is_ready_for_excellent(live_server, page, artifacts):
    committee = UnitFactory(name="上海化学工业区管理委员会", kind=UnitKind.COMMITTEE, district="")
    CampaignFactory(application_deadline=clock.shanghai(2099, 7, 11, 23, 59, 59),
                    recommendation_deadline=clock.shanghai(2099, 7, 11, 23, 59, 59))
    base = live_server.url

    page.goto(f"{base}/accounts/register/")
    assert page.locator("input[name=name]").count() == 1  # 企业名称 once (item 14)
    page.fill("input[name=name]", "中国示例石化股份有限公司上海化工区分公司")
    page.fill("input[name=uscc]", "91310115ma1k3yj12g")  # lowercase: upper-cased (item 16)
    page.fill("input[name=address]", "上海市金山区化学工业区示例路1号")
    page.select_option("select[name=district]", "金山区")
    page.select_option("select[name=committee]", label="上海化学工业区管理委员会")
    page.select_option("select[name=nature]", "state_owned")
    page.select_option("select[name=legal_entity]", "branch")
    page.select_option("select[name=industry]", "25")
    page.fill("input[name=contact_name]", "王工")
    page.fill("input[name=contact_mobile]", "139 1234 5678")  # spaces removed (item 16)
    page.fill("input[name=username]", "chem-branch")
    page.fill("input[name=password1]", "Strong-pass-2025!")
    page.fill("input[name=password2]", "Strong-pass-2025!")
    page.screenshot(path=str(artifacts / "register-chemical-park-branch.png"), full_page=True)
    page.click("button:has-text('注册')")
    page.wait_for_url(f"{base}/")
    enterprise = Enterprise.objects.get()
    assert enterprise.recommending_unit == committee and enterprise.industry == "25"
    assert enterprise.uscc == "91310115MA1K3YJ12G" and enterprise.contact_mobile == "13912345678"

    page.goto(f"{base}/applications/readiness/")
    page.select_option("select[name=cmmm_level]", "3")
    page.fill("input[name=cmmm_certificate_no]", "CMMM-2024-0325")
    page.fill("input[name=cmmm_certificate_date]", "2024-05-20")
    page.select_option("select[name=current_rating]", "advanced")
    while page.locator("#scenario-table tbody tr").count() < len(SCENARIOS):
        page.click("#add-scenario")
    for i, (link, scenario, instance, ai) in enumerate(SCENARIOS):
        row = page.locator("#scenario-table tbody tr").nth(i)
        row.locator("select").select_option(link)
        row.locator("input[aria-label=场景名]").fill(scenario)
        row.locator("input[aria-label=实例名]").fill(instance)
        if ai:
            row.locator("input[type=checkbox]").check()
    for radio in page.locator("input[type=radio][value=yes]").all():
        radio.check()
    page.click("button:has-text('保存并重新自评')")
    try:
        page.wait_for_selector("text=自评信息已保存")
    finally:
        page.screenshot(path=str(artifacts / "readiness-chemical-park-branch.png"), full_page=True)
    body = page.content()
    assert "目前可申报 <strong>卓越级</strong>" in body
    assert "石油、煤炭及其他燃料加工业（属石油石化）行业法人的分支机构" in body
