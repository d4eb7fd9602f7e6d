"""A demo enterprise, in headless Chromium: log in, readiness, a full 卓越级 application with five
scenarios, submission, and the PDF, checked as a reviewer would check the paper copy."""

import re
import shutil
import subprocess

import pytest
from django.core.management import call_command

from factorytier.applications.models import Application, Snapshot, State

from .conftest import wait_js

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCENARIOS = [
    ("工厂建设", "数字孪生工厂构建", "总装车间数字孪生与实时数据交互", True),
    ("产品研发", "产品数字化设计", "基于仿真的机床床身轻量化设计", False),
    ("生产作业", "人机协同作业", "多机协同的箱体柔性加工与检测", True),
    ("生产管理", "计划调度", "基于运筹优化的车间动态排产", False),
    ("供应链管理", "供应链风险预警", "关键物料断供风险预警", False),
]
MARKUP = "#set [x] $y$ *b* <script>alert(1)</script> @ref \\ end"


def tool(name, package):
    if not shutil.which(name):
        pytest.fail(f"{name} is missing: install Debian's {package} (the README's test command does)")
    return name


def wait_saved(page):
    wait_js(page, "window.factorytierEditor && window.factorytierEditor.pendingCount() === 0")
    wait_js(page, "!document.getElementById('save-status').textContent.includes('保存…')")


def test_enterprise_applies_for_excellent_and_downloads_a_verifiable_pdf(live_server, page, artifacts, monkeypatch, tmp_path):
    monkeypatch.setenv("FACTORYTIER_DEMO_PASSWORD", "Browser-pass-2025!")
    monkeypatch.setattr("django.conf.settings.FACTORYTIER_BASE_URL", live_server.url)
    call_command("demo")
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", "demo-enterprise")
    page.fill("input[name=password]", "Browser-pass-2025!")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")

    # Readiness
    page.click("text=就绪度自评")
    page.wait_for_url(f"{base}/applications/readiness/")
    assert "目前可申报" in page.content()
    page.screenshot(path=str(artifacts / "readiness.png"), full_page=True)

    # The practice campaign's draft
    application = Application.objects.get(enterprise__name="上海示例智能装备有限公司", state=State.DRAFT)
    page.goto(f"{base}/applications/{application.pk}/edit/")
    fills = {
        "factory.start": "2022-01", "factory.end": "2024-12", "factory.total_investment": "12345.67",
        "factory.integrators": "上海示例系统集成有限公司\n示例工业软件有限公司", "factory.summary": "项目简介：" + MARKUP,
        "factory.outcomes": "建设成效显著。", "scenes.overall": "项目总体情况。", "scenes.integration": "系统集成情况。",
        "effects.advancement": "先进性与特色。", "effects.results": "实施成效。", "effects.plan": "后续实施计划。",
    }
    for path, value in fills.items():
        page.fill(f"[data-path='{path}']", value)
    page.fill("[data-path='effects.kpis.1.baseline']", "45")
    page.fill("[data-path='effects.kpis.1.current']", "78.5")
    page.locator("[data-path='effects.kpis.1.current']").dispatch_event("change")
    # The draft starts with the readiness answers' scenarios; this applicant lists them afresh.
    while page.locator("#scenario-table tbody tr").count():
        page.locator("#scenario-table tbody tr [data-remove-row]").first.click()
    for i, (link, scenario, instance, ai) in enumerate(SCENARIOS):
        page.click("[data-add-row='scenario-table']")
        row = page.locator("#scenario-table tbody tr").nth(i)
        row.locator("[data-col='guide_link']").select_option(link)
        row.locator("[data-col='scenario']").fill(scenario)
        row.locator("[data-col='instance']").fill(instance)
        row.locator("[data-col='description']").fill(f"{instance}的建设内容。")
        if ai:
            row.locator("[data-col='uses_ai']").check()
    for box in page.locator("#section-attestations input[type=checkbox]").all():
        box.check()
    page.check("#decl-truthful")
    page.check("#decl-no-secrets")
    wait_saved(page)
    try:
        page.wait_for_selector("text=已满足提交条件", timeout=10000)
    finally:
        page.screenshot(path=str(artifacts / "application-edit.png"), full_page=True)
    page.screenshot(path=str(artifacts / "application-edit.png"), full_page=True)

    # A reload keeps everything
    page.reload()
    assert page.input_value("[data-path='factory.total_investment']") == "12345.67"
    assert page.locator("#scenario-table tbody tr").count() == 5

    page.click("#submit-button")
    # Submitting cannot be undone: the platform says what will happen and asks once.
    page.wait_for_selector("#confirm-move")
    page.screenshot(path=str(artifacts / "application-confirm-submit.png"), full_page=True)
    page.click("#confirm-move button[type=submit]")
    page.wait_for_url(f"{base}/applications/{application.pk}/")
    assert "已提交" in page.content()
    snapshot = Snapshot.objects.get(application=application)

    # PDF: rendered by the task, offered on the progress page
    page.click("text=下载 PDF")
    page.wait_for_selector("text=下载", timeout=30000)
    with page.expect_download() as download:
        page.click("#job-progress a.btn")
    pdf = tmp_path / "application.pdf"
    download.value.save_as(str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")

    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run([tool("pdfinfo", "poppler-utils"), str(pdf)],
                                                             capture_output=True, text=True).stdout).group(1))
    for n in range(1, pages + 1):
        text = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True, text=True).stdout
        compact = re.sub(r"\s+", "", text)
        assert "上海示例智能装备有限公司" in compact, f"page {n} lacks the enterprise name"
        assert snapshot.digest in compact, f"page {n} lacks the digest"
    whole = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout)
    assert re.sub(r"\s+", "", MARKUP) in whole

    fonts = subprocess.run([tool("pdffonts", "poppler-utils"), str(pdf)], capture_output=True, text=True).stdout
    # Noto's PostScript names spell the face "NotoSerifCJKsc-Regular": an SC face, never JP.
    assert re.search(r"CJK\s*sc", fonts, re.IGNORECASE) and not re.search(r"CJK\s*jp", fonts, re.IGNORECASE), fonts

    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(pdf), str(artifacts / "application-pdf")], check=True)
    png = next(artifacts.glob("application-pdf*.png"))
    qr = subprocess.run([tool("zbarimg", "zbar-tools"), "--raw", "-q", str(png)], capture_output=True, text=True).stdout.strip()
    assert qr == f"{live_server.url}/verify/{snapshot.digest}"

    # The verify page, as a district officer holding the paper copy would open it
    page.goto(qr)
    assert "一致" in page.content() and "上海示例智能装备有限公司" in page.content()
