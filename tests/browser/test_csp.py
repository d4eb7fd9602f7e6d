"""The Content-Security-Policy in a real browser: the pages work and the browser reports no violation."""

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    "demo-commission": ["/", "/audit/", "/campaigns/", "/accounts/profile/", "/check/", "/api/v1/docs"],
    "admin": ["/", "/admin/", "/admin/accounts/user/", "/audit/"],
}


def test_pages_raise_no_csp_violation_and_autosubmit_works(live_server, page, monkeypatch):
    monkeypatch.setenv("FACTORYTIER_DEMO_PASSWORD", "Browser-pass-2025!")
    call_command("demo")
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{live_server.url}/accounts/login/")
    for login, paths in PAGES.items():
        page.context.clear_cookies()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", login)
        page.fill("input[name=password]", "Browser-pass-2025!")
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        for path in paths:
            page.goto(f"{live_server.url}{path}")
    assert violations == []
    # The language switch (formerly an inline onchange handler) still submits its form.
    page.goto(f"{live_server.url}/audit/")
    with page.expect_navigation():
        page.select_option("select[name=language]", "en")
    assert page.evaluate("document.documentElement.lang") == "en"
