"""demo-pudong in headless Chromium: returns one application with a reason, ranks three (one move by
keyboard, one by dragging), submits the list, downloads 附件3; the enterprise sees the reason in its editor.
Then 附件3 and 附件5 as they print: docx → LibreOffice → PDF → PNG, for looking at beside the annexes."""

import shutil
import subprocess

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from factorytier.accounts.choices import Role
from factorytier.accounts.models import Enterprise, User
from factorytier.applications.models import State
from factorytier.recommendations.models import RankedList
from factorytier.recommendations.summary import build

from .conftest import wait_js

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Browser-pass-2025!"


def log_in(page, base, username):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def order(page):
    return page.eval_on_selector_all("#ranked tr.entry", "rows => rows.map(r => r.querySelector('td:nth-child(2) a').textContent)")


def test_officer_returns_ranks_submits_and_downloads_annex3(live_server, page, artifacts, monkeypatch, tmp_path):
    monkeypatch.setenv("FACTORYTIER_DEMO_PASSWORD", PASSWORD)
    call_command("demo")
    base = live_server.url
    log_in(page, base, "demo-pudong")
    page.click("text=进入推荐审核")
    page.wait_for_url("**/recommendations/queue/**")

    # Return 生物医药 with a written reason.
    row = page.locator("tr", has_text="上海示例生物医药有限公司").filter(has=page.locator("details.return"))
    row.locator("summary").click()
    row.locator("textarea").fill("请补充生产作业环节的场景实例说明和关键绩效指标的测算依据")
    row.locator("button", has_text="确认退回").click()
    page.wait_for_selector("text=已退回")

    # The list: one entry already; add two more.
    page.click("text=卓越级推荐名单")
    page.wait_for_url("**/recommendations/lists/**")
    for name in ("上海示例集成电路装备有限公司", "上海示例工业机器人有限公司"):
        with page.expect_navigation():
            page.get_by_role("button", name=f"加入名单 {name}").click()
    assert order(page) == ["上海示例汽车零部件有限公司", "上海示例集成电路装备有限公司", "上海示例工业机器人有限公司"]

    # Keyboard: Tab to "下移 汽车零部件" and press Enter; the new place is announced to screen readers.
    page.get_by_role("button", name="下移 上海示例汽车零部件有限公司").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert order(page) == ["上海示例集成电路装备有限公司", "上海示例汽车零部件有限公司", "上海示例工业机器人有限公司"]
    wait_js(page, "document.getElementById('announce').textContent.includes('现位于第 2 位')")
    assert page.get_attribute("#announce", "aria-live") == "polite"
    wait_js(page, "(document.activeElement.closest('tr') || document.body).textContent.includes('汽车零部件') && "
                  "document.activeElement.tagName === 'BUTTON'")

    # Drag 工业机器人 onto the first row.
    robot = page.locator("tr.entry", has_text="上海示例工业机器人有限公司")
    first = page.locator("tr.entry").first
    with page.expect_navigation(url="**moved=**"):
        robot.drag_to(first)
    assert order(page) == ["上海示例工业机器人有限公司", "上海示例集成电路装备有限公司", "上海示例汽车零部件有限公司"]
    assert "不占名额" in page.content()  # the confirmed 揭榜 unit
    page.screenshot(path=str(artifacts / "recommendation-list.png"), full_page=True)

    # Submit after the confirmation page, then download 附件3.
    page.click("text=报送推荐名单…")
    page.wait_for_url("**/submit/")
    page.screenshot(path=str(artifacts / "recommendation-confirm.png"), full_page=True)
    page.click("button:has-text('确认报送')")
    page.wait_for_selector("text=推荐名单已报送")
    with page.expect_download() as download:
        page.click("text=下载推荐汇总表（附件3")
    path = tmp_path / "a3.xlsx"
    download.value.save_as(path)
    ws = load_workbook(path).active
    assert ws["A1"].value == "附件3" and ws["A2"].value == "卓越级智能工厂项目推荐汇总表"
    assert [ws.cell(r, 2).value for r in (5, 6, 7)] == ["上海示例工业机器人有限公司", "上海示例集成电路装备有限公司",
                                                        "上海示例汽车零部件有限公司"]
    practice = RankedList.objects.get(campaign__notice_no="演示用", unit__district="浦东新区", tier="excellent")
    assert practice.is_submitted
    states = dict(practice.campaign.applications.filter(enterprise__district="浦东新区", tier="excellent")
                  .values_list("enterprise__name", "state"))
    assert states["上海示例生物医药有限公司"] == State.RETURNED
    assert states["上海示例精密仪器有限公司"] == State.NOT_RECOMMENDED

    # The enterprise sees the reason at the top of its editor.
    user = User.objects.create_user("demo-biomed", password=PASSWORD, role=Role.ENTERPRISE,
                                    enterprise=Enterprise.objects.get(name="上海示例生物医药有限公司"))
    log_in(page, base, user.username)
    app = practice.campaign.applications.get(enterprise=user.enterprise, tier="excellent")
    page.goto(f"{base}/applications/{app.pk}/edit/")
    banner = page.locator(".return-reason")
    assert "请补充生产作业环节的场景实例说明" in banner.inner_text()
    page.screenshot(path=str(artifacts / "editor-return-reason.png"))


def test_annexes_3_and_5_as_they_print(artifacts, monkeypatch, tmp_path):
    for tool in ("soffice", "pdftoppm", "pdfinfo"):
        if not shutil.which(tool):
            pytest.fail(f"{tool} is missing: apt-get install libreoffice-writer-nogui poppler-utils")
    monkeypatch.setenv("FACTORYTIER_DEMO_PASSWORD", PASSWORD)
    call_command("demo")
    for tier, annex in (("excellent", "annex3"), ("leading", "annex5")):
        rl = RankedList.objects.get(campaign__notice_no="沪经信制〔2025〕430号", unit__district="浦东新区", tier=tier)
        docx = tmp_path / f"{annex}.docx"
        docx.write_bytes(build(rl, "docx")[1])
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                        "--outdir", str(tmp_path), str(docx)], check=True, capture_output=True, timeout=180)
        pdf = tmp_path / f"{annex}.pdf"
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        size = next(line for line in info.splitlines() if line.startswith("Page size"))
        width, height = (float(x) for x in size.split(":")[1].split("pts")[0].split("x"))
        assert round(width) == 842 and round(height) == 595, size  # A4 landscape
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", str(pdf), str(artifacts / f"{annex}-docx")], check=True)
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "推荐单位（盖章）：浦东新区科技和经济委员会" in text and "推荐数量不超过通知中规定的上限" in text
