import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACCOUNTS = {
    "demo-enterprise": "上海示例智能装备有限公司",
    "demo-pudong": "待推荐申报",
    "demo-commission": "申报进度总览",
    "demo-expert": "评审任务",
    "admin": "系统概况",
}


def test_each_demo_account_logs_in_and_sees_its_home(live_server, page, artifacts, monkeypatch):
    monkeypatch.setenv("FACTORYTIER_DEMO_PASSWORD", "Browser-pass-2025!")
    call_command("demo")
    for login, expected in ACCOUNTS.items():
        page.context.clear_cookies()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", login)
        page.fill("input[name=password]", "Browser-pass-2025!")
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        assert expected in page.content(), login
        page.screenshot(path=str(artifacts / f"home-{login}.png"), full_page=True)
