"""Nothing typed is lost: a refused field does not take valid edits down with it, and a conflict keeps
the edits in the browser to restore after a reload."""

import json

import pytest
from django.core.management import call_command

from factorytier.accounts.models import User
from factorytier.applications.drafts import save_draft
from factorytier.applications.models import Application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def editor_page(live_server, page, monkeypatch):
    monkeypatch.setenv("FACTORYTIER_DEMO_PASSWORD", "Browser-pass-2025!")
    call_command("demo")
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "demo-enterprise")
    page.fill("input[name=password]", "Browser-pass-2025!")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    application = Application.objects.get(enterprise__name="上海示例智能装备有限公司", state="draft")
    page.goto(f"{live_server.url}/applications/{application.pk}/edit/")
    return page, application


def settle(page):
    page.wait_for_function("window.factorytierEditor.pendingCount() === 0")


def test_a_half_filled_scenario_row_does_not_lose_the_paragraph_typed_meanwhile(editor_page):
    page, application = editor_page
    page.click("[data-add-row='scenario-table']")  # a new row with no 实例名 yet
    page.locator("#scenario-table tbody tr").last.locator("[data-col='guide_link']").select_option("生产作业")
    page.fill("[data-path='factory.summary']", "同时在写的项目简介段落")
    settle(page)
    page.wait_for_selector("text=实例名：不能为空")
    application.refresh_from_db()
    assert application.content["factory"]["summary"] == "同时在写的项目简介段落"
    assert page.evaluate("window.factorytierEditor.failedCount()") == 1


def test_a_conflict_keeps_the_edit_to_restore_after_reload(editor_page):
    page, application = editor_page
    owner = User.objects.get(username="demo-enterprise")
    save_draft(application, {"factory.outcomes": "同事先保存的内容"}, application.version, owner)  # another editor
    page.on("dialog", lambda d: d.accept())
    page.fill("[data-path='factory.summary']", "我这边写的段落")
    page.wait_for_selector("text=已被他人修改")
    page.reload()
    page.wait_for_selector("#restore-bar:not([hidden])")
    kept = json.loads(page.evaluate("Object.values(localStorage)[0]"))
    assert kept["pending"]["factory.summary"] == "我这边写的段落"
    page.click("[data-restore]")
    page.wait_for_load_state("load")
    page.wait_for_function("document.querySelector(\"[data-path='factory.summary']\").value === '我这边写的段落'")
    application.refresh_from_db()
    assert application.content["factory"]["summary"] == "我这边写的段落"
    assert application.content["factory"]["outcomes"] == "同事先保存的内容"
