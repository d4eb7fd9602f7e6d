"""In headless Chromium: demo-expert declares a conflict on one application and scores another; the
commission runs the automatic assignment, records a decision, releases the outbox and publishes; the
public page shows the list."""

import pytest
from django.core.management import call_command

from factorytier.applications.models import Application
from factorytier.campaigns.models import Campaign
from factorytier.decisions.models import Decision
from factorytier.reviews.models import Assignment, Conflict

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Browser-pass-2025!"


def log_in(page, base, login):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", login)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def test_expert_and_commission_take_an_application_from_review_to_published_result(live_server, page, artifacts, monkeypatch):
    monkeypatch.setenv("FACTORYTIER_DEMO_PASSWORD", PASSWORD)
    call_command("demo")
    base = live_server.url
    practice = Campaign.objects.exclude(year=2025).get()
    conflicted = Application.objects.get(campaign=practice, enterprise__name="上海示例新能源汽车有限公司")
    scored = Application.objects.get(campaign=practice, enterprise__name="上海示例电子科技有限公司")

    # The expert: declare a conflict on one application, score the other.
    log_in(page, base, "demo-expert")
    page.click("nav >> text=评审任务")
    page.wait_for_url(f"{base}/reviews/")
    page.screenshot(path=str(artifacts / "review-expert-tasks.png"), full_page=True)
    page.click(f"text={conflicted.number}")
    page.select_option("#declare-conflict select[name=kind]", "advised")
    page.fill("#declare-conflict input[name=note]", "2024年曾为该企业提供咨询")
    page.click("#declare-conflict button[type=submit]")
    page.wait_for_url(f"{base}/reviews/")
    assert "已申报回避" in page.content() and conflicted.number not in page.content()
    page.click(f"text={scored.number}")
    for i, value in enumerate(["9", "8", "8", "7", "9", "6"]):
        page.locator("#score-form input[type=number]").nth(i).fill(value)
        page.locator("#score-form textarea").nth(i).fill("场景建设扎实，数据可信。")
    page.click("#score-form button[value='1']")
    page.wait_for_selector("text=评分已提交")
    assert "79.50" in page.content()  # 9·2 + 8·2 + 8·1.5 + 7·2 + 9·1.5 + 6·1
    page.screenshot(path=str(artifacts / "review-expert-scored.png"), full_page=True)
    assert Conflict.objects.filter(enterprise=conflicted.enterprise, source="on_opening").exists()

    # The commission: automatic assignment, publish it, decide, release, publish results.
    log_in(page, base, "demo-commission")
    page.goto(f"{base}/reviews/campaigns/{practice.pk}/assignments/")
    page.click("#auto-assign")
    page.wait_for_selector("text=自动分配完成")
    page.screenshot(path=str(artifacts / "review-commission-assignment.png"), full_page=True)
    page.click("#publish-assignments")
    page.wait_for_selector("text=并通知相关专家")
    expert_rows = Assignment.objects.filter(expert__username="demo-expert", application__campaign=practice)
    assert expert_rows.get(application=conflicted).status == "declined"
    assert Assignment.objects.filter(application=scored).exclude(status="declined").count() == 5
    assert not Assignment.objects.filter(application__enterprise__name="上海示例电气设备有限公司",
                                         application__campaign=practice, expert__username="demo-expert").exists()
    page.goto(f"{base}/decisions/applications/{scored.pk}/")
    page.click("button:has-text('进入评审')")
    page.wait_for_selector("text=已办理")
    page.select_option("#decision-form select[name=outcome]", "approved")
    page.fill("#decision-form textarea[name=reason]", "专家评审加权总分 79.5 分，达到卓越级要求")
    page.click("#decision-form button[type=submit]")
    # Asked once: what will happen and what cannot be undone; nothing is recorded before confirming.
    page.wait_for_selector("#confirm-decision")
    assert "不能撤销的内容" in page.content() and not Decision.objects.filter(application=scored).exists()
    page.screenshot(path=str(artifacts / "review-commission-decision-confirm.png"), full_page=True)
    page.click("#confirm-decision-form button[type=submit]")
    page.wait_for_selector("text=决定已记录")
    assert Decision.objects.get(application=scored).outcome == "approved"
    page.screenshot(path=str(artifacts / "review-commission-decision.png"), full_page=True)
    page.goto(f"{base}/decisions/outbox/")
    page.click("#release")
    page.wait_for_selector("text=已发布")
    page.click(f"#publish-{practice.pk}")
    page.wait_for_selector("text=结果已公布")
    page.screenshot(path=str(artifacts / "review-commission-outbox.png"), full_page=True)
    assert Application.objects.get(pk=scored.pk).state == "approved"

    # The public page, logged out.
    page.context.clear_cookies()
    page.goto(f"{base}/results/{practice.pk}/")
    assert scored.enterprise.name in page.content() and scored.title in page.content()
    page.screenshot(path=str(artifacts / "review-public-results.png"), full_page=True)
