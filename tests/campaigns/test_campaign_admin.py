import pytest

from factorytier.audit.models import AuditEntry
from factorytier.campaigns.models import Campaign
from factorytier.core import clock

from ..factories import CampaignFactory, UnitFactory

pytestmark = pytest.mark.django_db


def campaign_post(**overrides):
    data = {
        "name": "2026年度上海市智能工厂申报", "year": "2026", "region": "上海市", "notice_no": "沪经信制〔2026〕1号",
        "tiers_open": ["excellent", "leading"], "application_opens_at": "",
        "application_deadline": "2026-07-10T23:59:59", "recommendation_deadline": "2026-07-15T23:59:59",
        "branch_allowed_industries": "石油石化、有色金属，船舶", "is_active": "on",
        "quotas-TOTAL_FORMS": "2", "quotas-INITIAL_FORMS": "0", "quotas-MIN_NUM_FORMS": "0", "quotas-MAX_NUM_FORMS": "1000",
        "quotas-0-tier": "excellent", "quotas-0-unit": "", "quotas-0-limit": "6", "quotas-0-pilot_exempt": "on",
        "quotas-1-tier": "leading", "quotas-1-unit": "", "quotas-1-limit": "1",
    }
    data.update(overrides)
    return data


def test_commission_creates_a_campaign_in_the_web_interface(client, commission_user, login):
    login(commission_user)
    assert client.get("/campaigns/new/").status_code == 200
    response = client.post("/campaigns/new/", campaign_post())
    assert response.status_code == 302, response.content.decode()[:2000]
    campaign = Campaign.objects.get(year=2026)
    assert campaign.application_deadline == clock.shanghai(2026, 7, 10, 23, 59, 59)
    assert campaign.branch_allowed_industries == ["石油石化", "有色金属", "船舶"]
    assert campaign.quota_for("excellent").limit == 6 and campaign.quota_for("excellent").pilot_exempt
    assert campaign.quota_for("leading").limit == 1
    assert AuditEntry.objects.filter(action="campaign.create", object_id=str(campaign.pk)).exists()
    assert AuditEntry.objects.filter(action="quota.create").count() == 2


def test_unit_specific_quota_overrides_the_default(client, commission_user, login):
    unit = UnitFactory()
    login(commission_user)
    data = campaign_post(**{"quotas-TOTAL_FORMS": "3", "quotas-2-tier": "excellent", "quotas-2-unit": str(unit.pk), "quotas-2-limit": "8"})
    assert client.post("/campaigns/new/", data).status_code == 302
    campaign = Campaign.objects.get(year=2026)
    assert campaign.quota_for("excellent", unit).limit == 8
    assert campaign.quota_for("excellent", UnitFactory()).limit == 6


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("year", "二〇二六", "年度"),
        ("application_deadline", "2026-13-45T99:00:00", "企业申报截止时间：请输入有效的日期时间"),
        ("recommendation_deadline", "2026-07-01T00:00:00", "推荐截止时间：推荐截止时间不应早于企业申报截止时间"),
        ("quotas-0-limit", "-1", "推荐上限："),
        ("tiers_open", [], "开放申报的层级：请至少选择一个"),
        ("limit_medium", "很多", "一般段落字数上限应为整数"),
        ("limit_short", "1", "短文字字数上限不能小于 10"),
    ],
)
def test_bad_campaign_input_is_refused_at_the_field(client, commission_user, login, field, value, message):
    login(commission_user)
    response = client.post("/campaigns/new/", campaign_post(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Campaign.objects.exists() and not AuditEntry.objects.filter(action__startswith="campaign").exists()


def test_editing_records_before_and_after(client, commission_user, login):
    campaign = CampaignFactory()
    login(commission_user)
    data = campaign_post(name=campaign.name, year="2025", application_deadline="2025-07-12T23:59:59",
                         recommendation_deadline="2025-07-12T23:59:59",
                         **{"quotas-TOTAL_FORMS": "0"})
    assert client.post(f"/campaigns/{campaign.pk}/edit/", data).status_code == 302
    entry = AuditEntry.objects.get(action="campaign.update")
    changed = {name: (old, new) for name, old, new in entry.changed_fields()}
    assert changed["application_deadline"] == ("2025-07-11T23:59:59+08:00", "2025-07-12T23:59:59+08:00")


def test_text_limits_are_campaign_data(client, commission_user, login):
    login(commission_user)
    assert client.post("/campaigns/new/", campaign_post(limit_medium="300")).status_code == 302
    campaign = Campaign.objects.get(year=2026)
    assert campaign.text_limit("medium") == 300 and campaign.text_limit("long") == 5000


def test_only_tiers_with_a_materials_list_can_be_opened(client, commission_user, login):
    login(commission_user)
    response = client.post("/campaigns/new/", campaign_post(tiers_open=["basic", "excellent"]))
    assert response.status_code == 200 and "开放申报的层级：" in response.content.decode()
    assert not Campaign.objects.exists()


def test_the_new_campaign_form_shows_empty_fields_not_python_values(client, commission_user, login):
    login(commission_user)
    body = client.get("/campaigns/new/").content.decode()
    assert 'name="branch_allowed_industries"' in body and 'value="[]"' not in body


def test_a_text_limit_out_of_range_names_the_field_in_either_language(client, commission_user, login):
    login(commission_user)
    body = client.post("/campaigns/new/", campaign_post(limit_short="5")).content.decode()
    assert "短文字字数上限不能小于 10" in body
    body = client.post("/campaigns/new/", campaign_post(limit_short="5"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "cannot be less than 10" in body
    assert not Campaign.objects.exists()
