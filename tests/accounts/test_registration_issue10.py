"""Issue 10 items 6 and 14-16 (registration) and issue 11 item 10 (simultaneous registrations)."""

import pytest
from django.db import IntegrityError

from factorytier.accounts import services
from factorytier.accounts.choices import UnitKind
from factorytier.accounts.models import Enterprise, User
from factorytier.applications.selectors import recommending_unit_id
from factorytier.core import clock

from ..factories import ApplicationFactory, CampaignFactory, EnterpriseFactory, UnitFactory, enterprise_user
from .test_registration import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def pudong():
    return UnitFactory(name="浦东新区科技和经济委员会", district="浦东新区")


# --- item 14 ----------------------------------------------------------------------------------------

def test_the_form_asks_the_enterprise_name_once(client, pudong):
    page = client.get("/accounts/register/").content.decode()
    assert page.count('name="name"') == 1
    assert page.count('name="username"') == 1


def test_filling_the_name_once_registers(client, pudong):
    assert client.post("/accounts/register/", form_data()).status_code == 302
    assert Enterprise.objects.get().name == "上海新注册智能制造有限公司"


# --- item 6: all 工业 divisions -----------------------------------------------------------------------

@pytest.mark.parametrize(("code", "name"), [("06", "煤炭开采和洗选业"), ("07", "石油和天然气开采业"),
                                            ("09", "有色金属矿采选业"), ("12", "其他采矿业"), ("13", "农副食品加工业"),
                                            ("43", "金属制品、机械和设备修理业"), ("44", "电力、热力生产和供应业"),
                                            ("46", "水的生产和供应业")])
def test_registration_offers_every_industrial_division(client, pudong, code, name):
    page = client.get("/accounts/register/").content.decode()
    assert f'<option value="{code}">{name}</option>' in page
    assert client.post("/accounts/register/", form_data(industry=code)).status_code == 302
    assert Enterprise.objects.get().industry == code


@pytest.mark.parametrize("code", ["01", "05", "47", "51", "99"])
def test_non_industrial_divisions_are_refused_at_the_field(client, pudong, code):
    response = client.post("/accounts/register/", form_data(industry=code))
    assert response.status_code == 200 and "所属行业（国民经济行业分类大类）：请从列表中选择" in response.content.decode()
    assert not Enterprise.objects.exists()


# --- item 15: 管委会 and central-SOE group HQ ------------------------------------------------------------

@pytest.mark.parametrize("committee", ["中国（上海）自由贸易试验区临港新片区管理委员会", "上海化学工业区管理委员会", "长兴岛管理委员会"])
def test_an_enterprise_in_a_park_chooses_its_committee(client, pudong, committee):
    unit = UnitFactory(name=committee, kind=UnitKind.COMMITTEE, district="")
    page = client.get("/accounts/register/").content.decode()
    assert committee in page
    assert client.post("/accounts/register/", form_data(committee=str(unit.pk))).status_code == 302
    assert Enterprise.objects.get().recommending_unit == unit


def test_without_a_committee_the_district_recommends(client, pudong):
    UnitFactory(name="上海化学工业区管理委员会", kind=UnitKind.COMMITTEE, district="")
    assert client.post("/accounts/register/", form_data()).status_code == 302
    assert Enterprise.objects.get().recommending_unit == pudong


def test_a_central_soe_chooses_its_group_hq_and_applications_route_by_tier(client, pudong):
    group = UnitFactory(name="中国示例集团有限公司", kind=UnitKind.CENTRAL_SOE, district="")
    response = client.post("/accounts/register/", form_data(nature="central_soe"))
    assert response.status_code == 200 and "中央企业请选择所属集团" in response.content.decode()
    assert client.post("/accounts/register/", form_data(nature="central_soe", central_soe_group=str(group.pk))).status_code == 302
    enterprise = Enterprise.objects.get()
    assert enterprise.central_soe_group == group and enterprise.recommending_unit == pudong
    campaign = CampaignFactory()
    assert recommending_unit_id(ApplicationFactory(enterprise=enterprise, campaign=campaign, tier="excellent")) == group.pk
    assert recommending_unit_id(ApplicationFactory(enterprise=enterprise, campaign=campaign, tier="leading")) == pudong.pk


def test_only_a_central_soe_names_a_group(client, pudong):
    group = UnitFactory(name="中国示例集团有限公司", kind=UnitKind.CENTRAL_SOE, district="")
    response = client.post("/accounts/register/", form_data(central_soe_group=str(group.pk)))
    assert response.status_code == 200 and "仅中央企业（在沪企业）选择所属集团" in response.content.decode()
    assert not Enterprise.objects.exists()


def test_a_district_unit_is_not_offered_as_a_committee(client, pudong):
    response = client.post("/accounts/register/", form_data(committee=str(pudong.pk)))
    assert response.status_code == 200 and "请从列表中选择管委会" in response.content.decode()


# --- item 16 ---------------------------------------------------------------------------------------

def test_lowercase_uscc_is_upper_cased(client, pudong):
    assert client.post("/accounts/register/", form_data(uscc="91310115ma1k3yj12g")).status_code == 302
    assert Enterprise.objects.get().uscc == "91310115MA1K3YJ12G"


def test_mobile_with_spaces_is_stored_without_them(client, pudong):
    assert client.post("/accounts/register/", form_data(contact_mobile="139 1234 5678")).status_code == 302
    assert Enterprise.objects.get().contact_mobile == "13912345678"
    assert User.objects.get(username="newco").mobile == "13912345678"


# --- issue 11 item 10: simultaneous registrations ---------------------------------------------------

@pytest.mark.parametrize(("other", "field_message"), [
    ({"uscc": "91310115MA1K3YJ12G"}, "统一社会信用代码：该统一社会信用代码的企业已注册账户"),
    ({"username": "newco"}, "登录用户名：该用户名已被使用"),
])
def test_a_registration_that_loses_the_race_gets_a_field_message(client, pudong, monkeypatch, other, field_message):
    """Nine people register the same code or user name at once: all pass the form's checks, the
    database takes one; the others see a field message, not a 500."""
    real = services.register_enterprise

    def racing(data, unit=None):
        # the other registration is saved between this form's checks and its save
        if "uscc" in other:
            EnterpriseFactory(uscc=other["uscc"], recommending_unit=pudong)
        else:
            enterprise_user(username=other["username"])
        return real(data, unit)

    monkeypatch.setattr("factorytier.accounts.views.register_enterprise", racing)
    response = client.post("/accounts/register/", form_data())
    assert response.status_code == 200
    assert field_message in response.content.decode()
    assert not Enterprise.objects.filter(name="上海新注册智能制造有限公司").exists()


def test_register_enterprise_raises_integrity_error_on_a_duplicate(pudong):
    EnterpriseFactory(uscc="91310115MA1K3YJ12G", recommending_unit=pudong)
    data = {**form_data(), "central_soe_group": None}
    with pytest.raises(IntegrityError):
        services.register_enterprise(data)


# --- item 6: USCC issued outside Shanghai -------------------------------------------------------------

def readiness_page(client, login, uscc):
    CampaignFactory(application_deadline=clock.shanghai(2099, 1, 1), recommendation_deadline=clock.shanghai(2099, 1, 1))
    login(enterprise_user(EnterpriseFactory(uscc=uscc)))
    return client.get("/applications/readiness/").content.decode()


def test_a_non_shanghai_registration_authority_code_is_a_warning(client, login):
    body = readiness_page(client, login, "91320594MA1MXXXXXX"[:17] + _check("91320594MA1MXXXXX"))
    assert 'id="warnings"' in body and "登记管理机关行政区划码）为 320594" in body and "本提示不影响自评" in body


def test_a_shanghai_code_gives_no_warning(client, login):
    body = readiness_page(client, login, "91310115MA1K3YJ12G")
    assert 'id="warnings"' not in body


def _check(stem: str) -> str:
    from stdnum.cn import uscc

    return uscc.calc_check_digit(stem)


@pytest.mark.django_db(transaction=True)
def test_nine_simultaneous_registrations_give_one_account_and_field_messages(pudong):
    """Real concurrency (PostgreSQL): nine registrations of the same code at the same moment."""
    import threading

    from django.db import connection
    from django.test import Client

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers")
    results, barrier = [], threading.Barrier(9)

    def register(i):
        from django.db import connections

        try:
            barrier.wait()
            response = Client().post("/accounts/register/", form_data(
                username=f"racer{i}", contact_mobile=f"1391234{i:04d}"))
            results.append((response.status_code, response.content.decode()))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(i,)) for i in range(9)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    codes = sorted(code for code, _ in results)
    assert codes == [200] * 8 + [302], codes
    assert all("该统一社会信用代码的企业已注册账户" in body for code, body in results if code == 200)
    assert Enterprise.objects.count() == 1
