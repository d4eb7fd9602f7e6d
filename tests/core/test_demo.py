import pytest
from django.core.management import call_command

from factorytier.accounts.models import Enterprise, User
from factorytier.campaigns.models import Campaign
from factorytier.core import clock

pytestmark = pytest.mark.django_db

ACCOUNTS = ["demo-enterprise", "demo-pudong", "demo-commission", "demo-expert", "admin"]


def test_demo_is_idempotent_and_every_account_logs_in(client, monkeypatch, capsys):
    monkeypatch.setenv("FACTORYTIER_DEMO_PASSWORD", "Demo-pass-2025!")
    call_command("demo")
    call_command("demo")
    printed = capsys.readouterr().out
    assert Campaign.objects.count() == 2  # the 2025 campaign and an open practice campaign
    campaign = Campaign.objects.get(year=2025)
    assert campaign.application_deadline == clock.shanghai(2025, 7, 11, 23, 59, 59)
    assert campaign.quota_for("excellent").limit == 6 and campaign.quota_for("leading").limit == 1
    assert Enterprise.objects.count() >= 12
    assert Enterprise.objects.filter(legal_entity="branch", industry="25").exists()
    assert Enterprise.objects.filter(central_soe_group__isnull=False).exists()
    assert Enterprise.objects.filter(pilot_demo_locally_accepted=True).exists()
    assert User.objects.get(username="demo-enterprise").enterprise.name == "上海示例智能装备有限公司"
    assert User.objects.get(username="demo-pudong").unit.district == "浦东新区"
    practice = Campaign.objects.exclude(pk=campaign.pk).get()
    assert "演示" in practice.name and practice.is_open("application")
    for login in ACCOUNTS:
        assert login in printed
        client.logout()
        response = client.post("/accounts/login/", {"username": login, "password": "Demo-pass-2025!"})
        assert response.status_code == 302, login
        assert client.get("/").status_code == 200, login


def test_the_demo_officer_has_something_to_act_on(client, monkeypatch):
    from factorytier.applications.models import Application, State
    from factorytier.applications.services import allowed_moves

    monkeypatch.setenv("FACTORYTIER_DEMO_PASSWORD", "Demo-pass-2025!")
    call_command("demo")
    officer = User.objects.get(username="demo-pudong")
    waiting = Application.objects.filter(state=State.SUBMITTED, campaign__name__contains="演示")
    assert waiting.count() >= 2  # five in 浦东新区 since the recommendation demo (ranked list in progress)
    assert all(State.RECOMMENDED in dict(allowed_moves(a, officer)) for a in waiting)
