"""The 申报书 editor and the catalogue's names in English (issue 12 item 5): labels, KPI table, pledges and
division / 场景指引 names follow the interface language; stored values and the frozen snapshot stay Chinese."""

import pytest

from factorytier.core import clock
from factorytier.policy import default_catalogue, division_name, industry_name

from ..factories import enterprise_user, ready_application
from .english import chinese_interface_text

pytestmark = pytest.mark.django_db


def test_division_names_in_both_languages():
    assert division_name("13", "en") == "Processing of food from agricultural products"
    assert division_name("13", "zh") == "农副食品加工业"
    assert division_name("99", "en") == "99"
    assert industry_name("26 化学原料和化学制品制造业", "en") == "26 Manufacture of raw chemical materials and chemical products"
    assert industry_name("石油石化", "en") == "Petroleum and petrochemicals"
    assert industry_name("自填行业", "en") == "自填行业"


def test_every_industrial_division_has_its_english():
    from factorytier.accounts.choices import INDUSTRIAL_DIVISIONS
    from factorytier.policy.divisions import DIVISIONS

    assert [(c, DIVISIONS[c][0]) for c, _ in INDUSTRIAL_DIVISIONS] == INDUSTRIAL_DIVISIONS
    assert all(en and en[0].isupper() for _zh, en in DIVISIONS.values())


def test_catalogue_names_have_english():
    c = default_catalogue()
    assert all(c.guide_category_name(link, "en") != link for link in c.guide_links)
    assert c.guide_category_name("运营管理", "zh") == "运营管理"
    assert all(s.name_en for s in c.guide_scenarios)
    assert c.scenario_name("自己起的名字", "en") == "自己起的名字"
    for k in c.kpis:
        assert k.name_en and k.group_en, k.no
        assert [k.direction_in(d, "en") for d in k.directions] != list(k.directions) or not k.directions
        assert k.direction_in(k.directions[0], "zh") == k.directions[0] if k.directions else True
    for materials in c.materials.values():
        assert all(s.title_en and s.content_en for s in materials.sections)


def test_editor_in_english_and_the_snapshot_keeps_the_chinese_pledges(client, login):
    from factorytier.applications.models import State
    from factorytier.applications.services import set_application_state

    application = ready_application()
    owner = enterprise_user(application.enterprise)
    login(owner)
    with clock.frozen_at(clock.shanghai(2025, 7, 1, 10)):
        body = client.get(f"/applications/{application.pk}/edit/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        chinese = client.get(f"/applications/{application.pk}/edit/").content.decode()
    assert chinese_interface_text(body) == []
    assert "We are responsible for the truthfulness of this application" in body
    assert "Share of key equipment under numerical control" in body and "Capability improvement" in body
    assert '<option value="缩短" selected>Shortened</option>' in body  # the stored value stays the catalogue's word
    assert "(1) Project summary" in body and "Operations management" in body
    assert "本单位对申报内容的真实性负责" in chinese and "（一）项目简介" in chinese and "关键设备数控化率" in chinese
    with clock.frozen_at(clock.shanghai(2025, 7, 10, 15)):
        set_application_state(application, State.SUBMITTED, owner)
    pledges = application.snapshots.get().data["pledges"]
    assert pledges[0]["text"].startswith("本单位对申报内容的真实性负责")


def test_registration_form_and_enterprise_home_name_the_industry_in_english(client, login):
    body = client.get("/accounts/register/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<option value="13">Processing of food from agricultural products</option>' in body
    assert '<optgroup label="Manufacturing">' in body
    assert '<option value="13">农副食品加工业</option>' in client.get("/accounts/register/").content.decode()
    application = ready_application()
    login(enterprise_user(application.enterprise))
    home = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    code = application.enterprise.industry
    assert f"{code} {division_name(code, 'en')}" in home
