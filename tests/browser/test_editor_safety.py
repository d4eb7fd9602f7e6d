"""Nothing typed is lost: a refused field does not take valid edits down with it, and a conflict keeps
the edits in the browser to restore after a reload."""

import json

import pytest

from factorytier.accounts.models import User
from factorytier.applications.drafts import save_draft

from .conftest import open_demo_editor, wait_js

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def editor_page(live_server, page, monkeypatch):
    return open_demo_editor(page, live_server.url, monkeypatch)


def settle(page):
    wait_js(page, "window.factorytierEditor.pendingCount() === 0")


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
    wait_js(page, "document.querySelector(\"[data-path='factory.summary']\").value === '我这边写的段落'")
    application.refresh_from_db()
    assert application.content["factory"]["summary"] == "我这边写的段落"
    assert application.content["factory"]["outcomes"] == "同事先保存的内容"


def test_submitting_with_a_refused_field_saves_the_rest_and_does_not_submit(editor_page, live_server):
    from factorytier.core import clock

    page, application = editor_page
    page.fill("[data-path='factory.summary']", "刚写的有效段落")
    page.fill("[data-path='basic.contact_mobile']", "123")
    page.click("#submit-button")
    page.wait_for_selector("text=还有修改未保存")
    application.refresh_from_db()
    assert application.state == "draft"
    assert application.content["factory"]["summary"] == "刚写的有效段落"
    assert clock.now()  # the clock is the real one: the practice campaign is open


def test_switching_tabs_does_not_make_the_editor_conflict_with_itself(editor_page):
    page, application = editor_page
    page.route("**/autosave/", lambda route: (page.wait_for_timeout(1200), route.continue_()))
    page.fill("[data-path='factory.summary']", "切换标签页之前写的")
    page.evaluate("Object.defineProperty(document, 'visibilityState', {value: 'hidden', configurable: true});"
                  "document.dispatchEvent(new Event('visibilitychange'))")
    page.wait_for_timeout(2500)
    page.unroute("**/autosave/")
    settle(page)
    assert "已被他人修改" not in page.inner_text("#save-status")
    application.refresh_from_db()
    assert application.content["factory"]["summary"] == "切换标签页之前写的"


def test_a_closed_tab_leaves_no_stale_restore_offer(editor_page, live_server):
    page, application = editor_page
    page.fill("[data-path='factory.summary']", "关闭前写的段落")
    settle(page)
    context = page.context
    page.close(run_before_unload=False)
    again = context.new_page()
    again.goto(f"{live_server.url}/applications/{application.pk}/edit/")
    again.wait_for_load_state("load")
    assert again.locator("#restore-bar").is_hidden()


def test_a_save_whose_answer_was_lost_is_sent_again_with_its_id_not_a_stale_conflict(editor_page):
    """The server applies a save but the answer never reaches the browser (time-out, dropped
    connection). The editor sends the same save again (same id, same base version) and gets the
    original answer; the next edit saves on top of it, with no "已被他人修改"."""
    page, application = editor_page
    start = application.version
    sent = []

    def lose_first_answer(route):
        body = json.loads(route.request.post_data)
        sent.append(body)
        if len(sent) == 1:
            route.fetch()  # the server applies it...
            route.abort("timedout")  # ...and the answer is lost on the way back
        else:
            route.continue_()

    page.route("**/autosave/", lose_first_answer)
    page.fill("[data-path='factory.summary']", "超时前已到服务器的段落")
    wait_js(page, "window.factorytierEditor.pendingCount() === 0", timeout=20)
    assert len(sent) >= 2 and sent[1]["save_id"] == sent[0]["save_id"] and sent[1]["version"] == sent[0]["version"]
    page.fill("[data-path='factory.outcomes']", "之后的修改")
    settle(page)
    assert page.locator("text=已被他人修改").count() == 0
    application.refresh_from_db()
    assert application.version == start + 2  # applied once each, the replay made no version
    assert application.content["factory"]["summary"] == "超时前已到服务器的段落"
    assert application.content["factory"]["outcomes"] == "之后的修改"
