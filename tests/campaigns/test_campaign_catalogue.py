"""Issue 10 item 7: a campaign's rules come from the catalogue it is pinned to; issue 11 item 10: the
campaign form answers bad input at the field."""

import shutil

import pytest

from factorytier import policy
from factorytier.applications.models import Readiness
from factorytier.applications.readiness import readiness_for
from factorytier.applications.submission import evaluate
from factorytier.audit.models import AuditEntry
from factorytier.campaigns.models import Campaign
from factorytier.policy import loader

from ..factories import CampaignFactory, ready_application
from .test_campaign_admin import campaign_post

pytestmark = pytest.mark.django_db

NEXT_YEAR = """
schema: 1
id: test-next-year
extends: shanghai-2025
edition: "2026"
title: 测试用次年目录
tiers:
  excellent:
    rules:
      - {clause: N.EX.1, check: registration}
      - {clause: N.EX.2, check: prerequisite}
      - {clause: R.EX.C, check: segments}
      - {clause: R.EX.E1, check: ai_ratio, params: {min_ai_scenario_ratio: 0.5}}
      - {clause: R.EX.E2, check: attested}
      - {clause: R.EX.E3, check: attested}
      - {clause: R.EX.E4, check: attested}
      - {clause: N.EX.3, check: attested}
campaign:
  id: test-next-year
  region: 上海市
  tiers_open: [excellent, leading]
  branch_allowed_industries: [石油石化, 有色金属]
  deadlines:
    - {tier: excellent, kind: application,    closes_at: "2026-07-12T00:00:00+08:00"}
    - {tier: excellent, kind: recommendation, closes_at: "2026-07-12T00:00:00+08:00"}
    - {tier: leading,   kind: application,    closes_at: "2026-07-12T00:00:00+08:00"}
    - {tier: leading,   kind: recommendation, closes_at: "2026-07-12T00:00:00+08:00"}
  quotas:
    - {tier: excellent, per_recommender: 3, applies_to: [district, committee]}
    - {tier: leading,   per_recommender: 2, applies_to: [district, committee]}
"""


@pytest.fixture
def next_year_catalogue(tmp_path, monkeypatch):
    """Next year's catalogue published beside this year's: 卓越级 needs 50 % AI scenarios, quota 3, no 揭榜 exemption."""
    for name in ("national-2025", "shanghai-2025"):
        shutil.copy(loader.PACKAGE_DIR / f"{name}.yaml", tmp_path / f"{name}.yaml")
    (tmp_path / "test-next-year.yaml").write_text(NEXT_YEAR, encoding="utf-8")
    loader.catalogue_by_name.cache_clear()
    monkeypatch.setattr(loader, "PACKAGE_DIR", tmp_path)
    yield "test-next-year"
    loader.catalogue_by_name.cache_clear()


def test_a_campaign_reads_the_catalogue_it_is_pinned_to(next_year_catalogue):
    this_year = ready_application()  # two of five scenarios use AI: 40 %
    next_year = ready_application(campaign=CampaignFactory(catalogue=next_year_catalogue))
    assert evaluate(this_year)[0].eligible
    result = evaluate(next_year)[0]
    assert not result.eligible
    assert [f.clause for f in result.findings if f.blocks] == ["R.EX.E1"]
    assert "50%" in next(f.message for f in result.findings if f.clause == "R.EX.E1")


def test_publishing_a_new_catalogue_leaves_a_running_campaign_alone(next_year_catalogue):
    application = ready_application()
    Readiness.objects.filter(enterprise=application.enterprise).update(
        scenarios=application.content["scenes"]["scenarios"], attestations=application.content["attestations"])
    assert application.campaign.catalogue == "shanghai-2025"
    assert readiness_for(application.enterprise, application.campaign).tier("excellent").eligible
    assert not readiness_for(application.enterprise, CampaignFactory(catalogue=next_year_catalogue)).tier("excellent").eligible


def test_a_new_campaign_starts_with_its_catalogues_quotas(client, commission_user, login):
    login(commission_user)
    page = client.get("/campaigns/new/").content.decode()
    assert 'name="quotas-0-limit" value="6"' in page and 'name="quotas-1-limit" value="1"' in page
    data = campaign_post(**{"quotas-TOTAL_FORMS": "0"})
    assert client.post("/campaigns/new/", data).status_code == 302
    campaign = Campaign.objects.get(year=2026)
    assert campaign.catalogue == "shanghai-2025"
    assert (campaign.quota_for("excellent").limit, campaign.quota_for("excellent").pilot_exempt) == (6, True)
    assert (campaign.quota_for("leading").limit, campaign.quota_for("leading").pilot_exempt) == (1, False)
    assert AuditEntry.objects.filter(action="quota.create").count() == 2


def test_a_new_campaign_on_next_years_catalogue_gets_next_years_quotas(client, commission_user, login, next_year_catalogue):
    login(commission_user)
    data = campaign_post(catalogue=next_year_catalogue, **{"quotas-TOTAL_FORMS": "0"})
    assert client.post("/campaigns/new/", data).status_code == 302
    campaign = Campaign.objects.get(year=2026)
    assert campaign.policy_catalogue.id == "test-next-year"
    assert (campaign.quota_for("excellent").limit, campaign.quota_for("excellent").pilot_exempt) == (3, False)
    assert campaign.quota_for("leading").limit == 2


def test_jiebang_exemption_only_for_a_tier_whose_catalogue_rule_has_it(client, commission_user, login):
    login(commission_user)
    data = campaign_post(**{"quotas-1-pilot_exempt": "on"})  # 领航级: N.LD.P3 has no exemption
    response = client.post("/campaigns/new/", data)
    assert response.status_code == 200
    assert "领航级的推荐名额没有揭榜单位不占名额的规定" in response.content.decode()
    assert not Campaign.objects.exists()


def test_the_catalogue_of_a_campaign_cannot_be_changed(client, commission_user, login, next_year_catalogue):
    campaign = CampaignFactory()
    login(commission_user)
    data = campaign_post(name=campaign.name, year="2025", catalogue=next_year_catalogue, **{"quotas-TOTAL_FORMS": "0"})
    assert client.post(f"/campaigns/{campaign.pk}/edit/", data).status_code == 302
    campaign.refresh_from_db()
    assert campaign.catalogue == "shanghai-2025"


def test_duplicate_default_quota_is_a_field_message_not_a_500(client, commission_user, login):
    login(commission_user)
    data = campaign_post(**{"quotas-TOTAL_FORMS": "3", "quotas-2-tier": "excellent", "quotas-2-unit": "", "quotas-2-limit": "4"})
    response = client.post("/campaigns/new/", data)
    assert response.status_code == 200
    assert "卓越级的默认（各推荐单位）推荐名额已在上面一行设置" in response.content.decode()
    assert not Campaign.objects.exists()


@pytest.mark.parametrize("field", ["application_deadline", "recommendation_deadline", "application_opens_at"])
def test_year_0001_is_a_field_message_not_a_500(client, commission_user, login, field):
    login(commission_user)
    response = client.post("/campaigns/new/", campaign_post(**{field: "0001-01-01T00:00:00"}))
    assert response.status_code == 200
    assert "年份应在 2000 至 2100 之间" in response.content.decode()
    assert not Campaign.objects.exists()


def test_year_field_0001_is_a_field_message(client, commission_user, login):
    login(commission_user)
    response = client.post("/campaigns/new/", campaign_post(year="0001"))
    assert response.status_code == 200 and "年度应在 2000 至 2100 之间" in response.content.decode()


def test_same_name_saved_meanwhile_is_a_field_message(client, commission_user, login, monkeypatch):
    """Two officers creating the same campaign at once: the database refuses the second; no 500."""
    login(commission_user)
    # as if the other officer's save came after this form's checks
    monkeypatch.setattr(Campaign, "validate_constraints", lambda self, exclude=None: None)
    monkeypatch.setattr(Campaign, "validate_unique", lambda self, exclude=None: None)
    CampaignFactory(name="2026年度上海市智能工厂申报", year=2026)
    response = client.post("/campaigns/new/", campaign_post())
    assert response.status_code == 200
    assert "同一年度、地区已有同名批次" in response.content.decode()


def test_campaign_catalogue_names_lists_only_campaign_catalogues():
    names = dict(policy.campaign_catalogue_names())
    assert "shanghai-2025" in names and "national-2025" not in names


def test_jiebang_exemption_refused_when_editing_a_campaign(client, commission_user, login):
    campaign = CampaignFactory()
    login(commission_user)
    leading = campaign.quotas.get(tier="leading")
    data = campaign_post(name=campaign.name, year="2025", **{
        "quotas-TOTAL_FORMS": "1", "quotas-INITIAL_FORMS": "1", "quotas-0-id": str(leading.pk),
        "quotas-0-campaign": str(campaign.pk), "quotas-0-tier": "leading", "quotas-0-unit": "",
        "quotas-0-limit": "1", "quotas-0-pilot_exempt": "on"})
    data.pop("quotas-1-tier"), data.pop("quotas-1-unit"), data.pop("quotas-1-limit")
    response = client.post(f"/campaigns/{campaign.pk}/edit/", data)
    assert response.status_code == 200
    assert response.content.decode().count("领航级的推荐名额没有揭榜单位不占名额的规定") == 1
    leading.refresh_from_db()
    assert leading.pilot_exempt is False
