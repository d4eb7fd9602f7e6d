"""WCAG 2.1 AA: axe-core on every page each role reaches, logged out and as each demo account.

The pages are found by following the site's own links from each home page (one page per URL shape,
so a hundred applications cost one visit), so a page added later is checked without editing this file.
axe-core comes from the npm registry into `.tools/` (scripts/test installs it); no CDN.
"""

import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from django.core.management import call_command
from playwright.sync_api import Error as PlaywrightError

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / ".tools" / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "Axe-check-2025!"
ACCOUNTS = ["demo-enterprise", "demo-pudong", "demo-commission", "demo-expert", "admin"]
PUBLIC = ["/", "/accounts/login/", "/accounts/register/", "/check/", "/verify/", "/results/"]
# Not pages to audit: leaving, the Django admin's own screens, downloads and the API.
SKIP = re.compile(r"^/(accounts/logout|admin/|api/|static/|media/|i18n/)|/(pdf|docx|xlsx|csv|json|zip|download)/?$"
                  r"|\.(csv|json|pdf|docx|xlsx|zip)$")
MAX_PAGES = 40


def shape(path: str) -> str:
    return re.sub(r"/\d+(?=/|$)", "/{n}", path) + ("?" if "?" in path else "")


def audit(page, url: str) -> list[str]:
    """The serious and critical violations of WCAG 2.1 A/AA on the page now loaded."""
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag',
               values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    return [
        f"{url}: {v['id']} ({v['impact']}) {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"] if v["impact"] in ("serious", "critical")
    ]


def crawl(page, base: str, start: list[str]) -> tuple[list[str], list[str]]:
    """(problems, pages audited)."""
    seen_shapes, queue, problems, visited = set(), list(start), [], []
    while queue and len(visited) < MAX_PAGES:
        path = queue.pop(0)
        if shape(path) in seen_shapes or SKIP.search(path.split("?")[0]):
            continue
        seen_shapes.add(shape(path))
        try:
            response = page.goto(base + path)
        except PlaywrightError as error:  # a link that downloads a file (an export): not a page
            if "Download is starting" in str(error):
                continue
            raise
        if response is None or response.status >= 400 or "text/html" not in response.headers.get("content-type", ""):
            continue
        visited.append(shape(path))
        problems += audit(page, path)
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
            target = urlparse(urljoin(base + path, href))
            if target.netloc == urlparse(base).netloc and target.path:
                queue.append(target.path + (f"?{target.query}" if target.query else ""))
    return problems, visited


@pytest.fixture
def axe_page(browser):
    assert AXE.exists(), "axe-core is missing: bash scripts/test installs it into .tools/"
    # The site's Content-Security-Policy rightly refuses injected scripts; the audit is not the site.
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900}, bypass_csp=True)
    yield context.new_page()
    context.close()


def audit_every_role(page, base: str) -> tuple[list[str], list[str]]:
    """axe-core over the public pages, then over every page each demo account reaches from its home:
    (problems, the public pages seen). The demo data must be loaded with PASSWORD."""
    problems, public = crawl(page, base, PUBLIC)
    for login in ACCOUNTS:
        page.context.clear_cookies()
        page.goto(f"{base}/accounts/login/")
        page.fill("input[name=username]", login)
        page.fill("input[name=password]", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url(f"{base}/")
        found, seen = crawl(page, base, ["/"])
        problems += [f"[{login}] {p}" for p in found]
        # The crawl really walked the role's pages (not just its home).
        assert len(seen) >= 4, (login, seen)
        if login == "demo-enterprise":
            assert {"/applications/{n}/edit/", "/applications/readiness/"} <= set(seen), seen
    return problems, public


def test_no_serious_accessibility_violation_on_any_page_for_any_role(live_server, axe_page, monkeypatch):
    monkeypatch.setenv("FACTORYTIER_DEMO_PASSWORD", PASSWORD)
    call_command("demo")
    problems, seen = audit_every_role(axe_page, live_server.url)
    assert {"/", "/check/", "/verify/", "/accounts/register/"} <= set(seen), seen
    assert not problems, "\n".join(problems)
