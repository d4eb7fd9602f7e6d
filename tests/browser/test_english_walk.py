"""Each role's main path in English, in headless Chromium, with screenshots (issue 12 items 2, 5, 8):
the enterprise submits through the confirmation step and sees what comes next, then withdraws with a reason;
the district officer opens its queue and the application; the commission sees the units with no application.
No page shows interface text in Chinese outside lang="zh-Hans" data."""

import pytest

from factorytier.applications.models import State
from factorytier.core import clock

from ..factories import CampaignFactory, UnitFactory, enterprise_user, ready_application, recommender
from ..i18n.english import chinese_interface_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "English-walk-2026!"
FUTURE = clock.shanghai(2099, 1, 1)


@pytest.fixture
def english(browser):
    context = browser.new_context(locale="en-GB", viewport={"width": 1440, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def log_in(page, base, user):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")


def shot(page, artifacts, name, chinese_ok=()):
    page.screenshot(path=str(artifacts / f"en-{name}.png"), full_page=True)
    assert page.evaluate("document.documentElement.lang") == "en"
    return [t for t in chinese_interface_text(page.content()) if not any(ok in t for ok in chinese_ok)]


def test_every_role_walks_its_main_path_in_english(live_server, english, artifacts):
    page, base = english, live_server.url
    campaign = CampaignFactory(application_deadline=FUTURE, recommendation_deadline=FUTURE)
    application = ready_application(campaign=campaign)
    UnitFactory(name="崇明区经济委员会")
    owner, officer = enterprise_user(application.enterprise), recommender(application.enterprise.recommending_unit)
    from django.contrib.auth import get_user_model

    commission = get_user_model().objects.create_user("walk-commission", password=PASSWORD, role="commission")
    for user in (owner, officer):
        user.set_password(PASSWORD)
        user.save()
    found = {}

    # Enterprise: 我的申报 with its New application button, submit through the confirmation
    log_in(page, base, owner)
    found["home"] = shot(page, artifacts, "enterprise-home")
    page.goto(f"{base}/applications/")
    assert page.locator("#new-application button", has_text="New application").is_visible()
    found["list"] = shot(page, artifacts, "enterprise-list")
    page.goto(f"{base}/applications/{application.pk}/")
    page.click("form:has(input[value=submitted]) button")
    page.wait_for_selector("#confirm-move")
    assert "What cannot be undone" in page.content()
    found["confirm-submit"] = shot(page, artifacts, "enterprise-confirm-submit")
    page.click("#confirm-move button[type=submit]")
    page.wait_for_selector("#next-steps")
    application.refresh_from_db()
    assert application.state == State.SUBMITTED
    assert "recommendation deadline" in page.inner_text("#next-steps")
    found["next-steps"] = shot(page, artifacts, "enterprise-next-steps")

    # Officer: recommend through the confirmation
    log_in(page, base, officer)
    found["officer-home"] = shot(page, artifacts, "officer-home")
    page.goto(f"{base}/applications/?state=submitted&sort=-submitted")
    found["officer-queue"] = shot(page, artifacts, "officer-queue")
    page.goto(f"{base}/applications/{application.pk}/")
    found["officer-application"] = shot(page, artifacts, "officer-application")

    # Commission: home names the unit with no application
    log_in(page, base, commission)
    assert "崇明区经济委员会" in page.inner_text("#units-without")
    found["commission-home"] = shot(page, artifacts, "commission-home")
    page.goto(f"{base}/campaigns/new/")
    found["campaign-new"] = shot(page, artifacts, "commission-campaign-new")

    problems = {name: texts for name, texts in found.items() if texts}
    assert not problems, problems


def test_withdrawal_asks_for_a_reason_in_the_browser(live_server, english, artifacts):
    page, base = english, live_server.url
    campaign = CampaignFactory(application_deadline=FUTURE, recommendation_deadline=FUTURE)
    application = ready_application(campaign=campaign)
    owner = enterprise_user(application.enterprise)
    owner.set_password(PASSWORD)
    owner.save()
    log_in(page, base, owner)
    page.goto(f"{base}/applications/{application.pk}/")
    page.click("form:has(input[value=withdrawn]) button")
    page.wait_for_selector("#confirm-move textarea[name=reason]")
    page.fill("#confirm-move textarea[name=reason]", "产线改造延期")
    page.screenshot(path=str(artifacts / "en-enterprise-confirm-withdraw.png"), full_page=True)
    page.click("#confirm-move button[type=submit]")
    page.wait_for_selector(".messages")
    application.refresh_from_db()
    assert application.state == State.WITHDRAWN
    assert application.history.get().reason == "产线改造延期"
