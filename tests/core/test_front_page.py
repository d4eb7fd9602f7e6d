"""The public front page, and the warning that the printed verify address is not configured."""

from xml.etree import ElementTree

import pytest
from django.contrib.staticfiles import finders
from django.test import override_settings

from factorytier.core import clock

from ..factories import CampaignFactory, enterprise_user

pytestmark = pytest.mark.django_db


def test_logged_out_front_page_explains_the_platform_and_lists_open_campaigns(client):
    open_now = CampaignFactory(name="2026年度练习批次", application_deadline=clock.shanghai(2026, 12, 31, 23, 59, 59),
                               recommendation_deadline=clock.shanghai(2027, 1, 15, 23, 59, 59))
    CampaignFactory(name="已截止的批次")
    with clock.frozen_at(clock.shanghai(2026, 12, 1, 9)):
        page = client.get("/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "智能工厂梯度培育申报管理平台" in text
    assert open_now.name in text and "2026-12-31 23:59:59" in text
    assert "已截止的批次" not in text
    for link in ('href="/check/"', 'href="/results/"', 'href="/verify/"', 'href="/accounts/login/"',
                 'href="/accounts/register/"'):
        assert link in text, link


def test_front_page_says_when_no_campaign_is_open(client):
    CampaignFactory()
    with clock.frozen_at(clock.shanghai(2026, 12, 1, 9)):
        text = client.get("/").content.decode()
    assert "目前没有开放申报的批次" in text


def test_enterprise_navigation_has_no_api_documentation_but_the_profile_links_it(client, login):
    login(enterprise_user())
    home = client.get("/").content.decode()
    assert "/api/v1/docs" not in home
    assert "/api/v1/docs" in client.get("/accounts/profile/").content.decode()


@pytest.mark.parametrize("configured, shown", [(False, True), (True, False)])
def test_commission_is_warned_while_the_public_address_is_unset(client, login, commission_user, configured, shown):
    with override_settings(FACTORYTIER_BASE_URL_CONFIGURED=configured):
        login(commission_user)
        text = client.get("/").content.decode()
    assert ("FACTORYTIER_BASE_URL" in text) is shown


def test_enterprise_is_never_shown_the_address_warning(client, login):
    with override_settings(FACTORYTIER_BASE_URL_CONFIGURED=False):
        login(enterprise_user())
        assert "FACTORYTIER_BASE_URL" not in client.get("/").content.decode()


def test_every_page_names_the_platforms_icon_so_browsers_do_not_ask_for_a_missing_favicon(client):
    for path in ("/", "/accounts/login/"):
        assert '<link rel="icon" href="/static/factorytier/favicon.svg" type="image/svg+xml">' in client.get(path).content.decode()
    icon = ElementTree.parse(finders.find("factorytier/favicon.svg")).getroot()
    assert icon.tag == "{http://www.w3.org/2000/svg}svg" and icon.get("viewBox") == "0 0 32 32"
