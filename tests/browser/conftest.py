import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail("Debian chromium is missing: the README's test command installs it (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
    # test itself are still synchronous, so allow them.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-background-networking", "--disable-gpu"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def wait_js(page, expression: str, timeout: float = 15.0) -> None:
    """Wait until `expression` is true in the page. Playwright's wait_for_function compiles the expression with
    eval inside the page, which the site's Content-Security-Policy (no 'unsafe-eval') refuses; page.evaluate
    goes through the DevTools protocol and is not subject to it."""
    import time

    from playwright.sync_api import Error

    deadline = time.monotonic() + timeout
    while True:
        try:
            if page.evaluate(expression):
                return
        except Error:
            pass  # a navigation under way: like wait_for_function, try again on the new page
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout}s: {expression}")
        page.wait_for_timeout(50)


DEMO_EDITOR_PASSWORD = "Browser-pass-2025!"


def open_demo_editor(page, base: str, monkeypatch):
    """Load the demo, log in as demo-enterprise and open its draft in the editor: (page, application)."""
    from django.core.management import call_command

    from factorytier.applications.models import Application

    monkeypatch.setenv("FACTORYTIER_DEMO_PASSWORD", DEMO_EDITOR_PASSWORD)
    call_command("demo")
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", "demo-enterprise")
    page.fill("input[name=password]", DEMO_EDITOR_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")
    application = Application.objects.get(enterprise__name="上海示例智能装备有限公司", state="draft")
    page.goto(f"{base}/applications/{application.pk}/edit/")
    return page, application
