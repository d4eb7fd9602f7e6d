"""Each role's main path in English, in headless Chromium, with a screenshot per step (issue 12 items 2, 5, 8):
the enterprise submits through the confirmation step and sees what comes next, then withdraws with a reason;
the district officer filters and sorts its queue, opens an application, returns one with a reason, ranks its
list with the keyboard buttons, submits it after the confirmation page and downloads 附件3; the expert confirms
their profile with nothing to declare, opens the assignment and scores it; the commission follows the campaign
over all units, assigns experts (the conflict shown), records a decision, releases and publishes it, reads the
results page and passes a cultivation record's initial review; the administrator filters the audit log by an
action. The data comes from the factories and the services. No page shows interface text in Chinese outside
lang="zh-Hans" data; the screenshots (test-artifacts/en-*.png) are for looking at."""

import itertools
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from factorytier.accounts.choices import Role
from factorytier.applications.models import State
from factorytier.applications.services import set_application_state
from factorytier.audit.models import AuditEntry
from factorytier.core import clock
from factorytier.cultivation import services as cultivation_services
from factorytier.decisions.models import Decision, Publication
from factorytier.recommendations import services as rec_services
from factorytier.recommendations.models import RankedList
from factorytier.reviews import services as review_services
from factorytier.reviews.models import Assignment, Conflict, ExpertProfile
from factorytier.reviews.paths import move_on_path

from ..factories import (
    CampaignFactory,
    EnterpriseFactory,
    UnitFactory,
    UserFactory,
    enterprise_user,
    ready_application,
    recommender,
)
from ..i18n.english import chinese_interface_text
from .conftest import wait_js

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "English-walk-2026!"
FUTURE = clock.shanghai(2099, 1, 1)
EXPERT_NUMBERS = itertools.count(1)


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
    found = [t for t in chinese_interface_text(page.content()) if not any(ok in t for ok in chinese_ok)]
    if "<" in page.title():  # markup (a |zh span) in <title> shows as text in the tab
        found.append(f"<title> shows markup: {page.title()}")
    return found


def assert_english(found: dict[str, list[str]]) -> None:
    """Every step's page, without Chinese interface text (the steps that have some, and what, in the message)."""
    problems = {name: texts for name, texts in found.items() if texts}
    assert not problems, "Chinese interface text on English pages:\n" + "\n".join(
        f"- {name}: {' | '.join(texts)}" for name, texts in problems.items())


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

    assert_english(found)


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


# ---------------------------------------------------------------- set-up through the factories and services

def with_password(user):
    user.set_password(PASSWORD)
    user.save()
    return user


def account(role, **kw):
    return with_password(UserFactory(role=role, **kw))


def submitted(campaign, unit, name, tier="excellent"):
    """An application of a new enterprise of `unit`, submitted by its own user through the submission service."""
    enterprise = EnterpriseFactory(recommending_unit=unit, name=name)
    application = ready_application(tier=tier, campaign=campaign, enterprise=enterprise)
    set_application_state(application, State.SUBMITTED, enterprise_user(enterprise))
    application.refresh_from_db()
    return application


def recommend(officer, campaign, applications, tier="excellent"):
    """The officer's ranked list with `applications`, submitted: they become 已推荐."""
    ranked = rec_services.list_for(officer.unit, campaign, tier)
    for application in applications:
        ranked = rec_services.add_application(ranked, application, officer, ranked.version)
    return rec_services.submit_list(ranked, officer, ranked.version)


def expert(name, organisation="上海交通大学"):
    user = account(Role.EXPERT, display_name=name, email=f"expert{next(EXPERT_NUMBERS)}@example.com")
    ExpertProfile.objects.create(user=user, name=name, organisation=organisation, industries=["36"],
                                 guide_links=["生产作业", "工厂建设"], invited_at=clock.now())
    return user


def go(page, selector):
    """Follow a link or press a button that loads another page."""
    with page.expect_navigation():
        page.click(selector)


def confirm_if_asked(page, done: str, on_confirmation=None):
    """After a button that leads to a confirmation page (`#confirm-move` for the applications' moves,
    `#confirm-decision` for a decision): confirm there (after `on_confirmation()`, e.g. a screenshot), then
    wait for `done` on the page that follows. Returns whether it asked."""
    page.wait_for_selector(f"#confirm-move, #confirm-decision, {done}")
    for panel in ("#confirm-move", "#confirm-decision"):
        if page.locator(panel).count():
            if on_confirmation:
                on_confirmation()
            go(page, f"{panel} button[type=submit]")
            page.wait_for_selector(done)
            return True
    return False


def select_by_value_or_label(page, selector, values, label_pattern):
    """Pick the option of `selector` whose value is one of `values`, or else whose label matches `label_pattern`
    (a JS regular expression): the filter's choices are words, whose spelling the translation may change."""
    index = page.eval_on_selector(
        selector,
        "(s, [values, pattern]) => { const re = new RegExp(pattern, 'i'); const o = [...s.options];"
        " const i = o.findIndex(x => values.includes(x.value)); return i >= 0 ? i : o.findIndex(x => re.test(x.text.trim())); }",
        [values, label_pattern],
    )
    assert index >= 0, f"no option for {values} / {label_pattern} in {selector}"
    page.select_option(selector, index=index)


# ---------------------------------------------------------------- the district officer

def test_district_officer_walks_its_main_path_in_english(live_server, english, artifacts, tmp_path):
    page, base = english, live_server.url
    campaign = CampaignFactory(application_deadline=FUTURE, recommendation_deadline=FUTURE)
    unit = UnitFactory(name="浦东新区科技和经济委员会", district="浦东新区")
    officer = with_password(recommender(unit))
    names = ["上海示例汽车零部件有限公司", "上海示例集成电路装备有限公司", "上海示例工业机器人有限公司", "上海示例生物医药有限公司"]
    parts, chips, robots, biomed = (submitted(campaign, unit, name) for name in names)
    found = {}

    log_in(page, base, officer)
    found["home"] = shot(page, artifacts, "officer-home")

    # The queue, filtered to the submitted 卓越级 applications and sorted by name.
    go(page, "nav a[href='/recommendations/queue/']")
    page.select_option("form[role=search] select[name=tier]", "excellent")
    page.select_option("form[role=search] select[name=state]", "submitted")
    page.select_option("form[role=search] select[name=sort]", "name")
    go(page, "form[role=search] button[type=submit]")
    assert "state=submitted" in page.url and "sort=name" in page.url
    by_name = sorted([parts, chips, robots, biomed], key=lambda a: a.enterprise.name)
    assert page.eval_on_selector_all("table.queue tbody tr", "rows => rows.map(r => r.id)") == [f"app-{a.pk}" for a in by_name]
    found["queue"] = shot(page, artifacts, "officer-queue")

    # Open one application, then back to the queue.
    go(page, f"#app-{chips.pk} td:first-child a")
    assert page.url.endswith(f"/applications/{chips.pk}/")
    found["application"] = shot(page, artifacts, "officer-application")
    page.go_back()
    page.wait_for_selector(f"#app-{biomed.pk}")

    # Return 生物医药 with a written reason.
    page.click(f"#app-{biomed.pk} details.return summary")
    page.fill(f"#app-{biomed.pk} details.return textarea[name=reason]", "请补充生产作业环节的场景实例说明")
    found["return-form"] = shot(page, artifacts, "officer-return-reason")
    go(page, f"#app-{biomed.pk} details.return button[type=submit]")
    page.wait_for_selector(".messages")
    biomed.refresh_from_db()
    assert biomed.state == State.RETURNED
    assert biomed.history.order_by("at").last().reason == "请补充生产作业环节的场景实例说明"
    found["returned"] = shot(page, artifacts, "officer-returned")

    # The 卓越级 ranked list: add three, then move by keyboard (Enter on the focused Down and Up buttons).
    go(page, "main .actions a[href*='tier=excellent']")
    assert "/recommendations/lists/" in page.url
    found["list-empty"] = shot(page, artifacts, "officer-list-empty")
    for application in (parts, chips, robots):
        go(page, f"form[action$='/add/']:has(input[name=application][value='{application.pk}']) button")
    ranked = RankedList.objects.get(campaign=campaign, unit=unit, tier="excellent")

    def order():
        return list(ranked.entries.order_by("rank").values_list("application_id", flat=True))

    def shown():
        return page.eval_on_selector_all("#ranked tr.entry", "rows => rows.map(r => Number(r.dataset.app))")

    assert order() == shown() == [parts.pk, chips.pk, robots.pk]
    page.focus(f"#entry-{parts.pk} button[name=direction][value=down]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert order() == shown() == [chips.pk, parts.pk, robots.pk]
    # The new place is announced, and focus is back on the moved row's buttons.
    wait_js(page, "document.getElementById('announce').textContent.trim().length > 0")
    wait_js(page, f"document.activeElement.closest('tr') && document.activeElement.closest('tr').id === 'entry-{parts.pk}'")
    found["list-moved-down"] = shot(page, artifacts, "officer-list-moved-down")
    page.focus(f"#entry-{robots.pk} button[name=direction][value=up]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert order() == shown() == [chips.pk, robots.pk, parts.pk]
    wait_js(page, f"document.activeElement.closest('tr') && document.activeElement.closest('tr').id === 'entry-{robots.pk}'")
    found["list-ranked"] = shot(page, artifacts, "officer-list-ranked")

    # The list's confirmation page, then submit.
    go(page, "a[href$='/submit/']")
    assert page.url.endswith(f"/recommendations/lists/{ranked.pk}/submit/")
    found["list-confirm"] = shot(page, artifacts, "officer-list-confirm")
    go(page, "main form button[type=submit]")
    page.wait_for_selector("a[href$='/summary/xlsx/']")
    ranked.refresh_from_db()
    assert ranked.is_submitted
    states = dict(campaign.applications.values_list("pk", "state"))
    assert [states[a.pk] for a in (chips, robots, parts, biomed)] == [State.RECOMMENDED] * 3 + [State.RETURNED]
    found["list-submitted"] = shot(page, artifacts, "officer-list-submitted")

    # 附件3, as the district sends it on: the official annex in Chinese, in the list's order.
    with page.expect_download() as download:
        page.click("a[href$='/summary/xlsx/']")
    path = tmp_path / "annex3.xlsx"
    download.value.save_as(path)
    sheet = load_workbook(path).active
    assert sheet["A1"].value == "附件3"
    assert [sheet.cell(r, 2).value for r in (5, 6, 7)] == [chips.enterprise.name, robots.enterprise.name, parts.enterprise.name]

    assert_english(found)


# ---------------------------------------------------------------- the expert

def test_expert_walks_its_main_path_in_english(live_server, english, artifacts):
    page, base = english, live_server.url
    campaign = CampaignFactory(application_deadline=FUTURE, recommendation_deadline=FUTURE)
    unit = UnitFactory()
    officer, commission = recommender(unit), account(Role.COMMISSION)
    application = submitted(campaign, unit, "上海示例电子科技有限公司")
    recommend(officer, campaign, [application])
    move_on_path(application, State.UNDER_REVIEW, commission)
    reviewer = expert("王工", organisation="同济大学")
    assignment = review_services.assign_by_hand(commission, application, reviewer)
    review_services.publish_assignments(commission, campaign)
    profile = ExpertProfile.objects.get(user=reviewer)
    found = {}

    log_in(page, base, reviewer)
    assert page.locator(f"a[href='/reviews/assignments/{assignment.pk}/']").is_visible()
    found["home"] = shot(page, artifacts, "expert-home")

    # Own profile and declaration of interests: nothing to declare, confirm the profile as it stands.
    go(page, "nav a[href='/reviews/profile/']")
    found["profile"] = shot(page, artifacts, "expert-profile")
    go(page, "form:has(input[name=action][value=profile]) button[type=submit]")
    page.wait_for_selector(".messages")
    profile.refresh_from_db()
    assert profile.completed_at is not None and not Conflict.objects.filter(expert=reviewer).exists()
    found["profile-confirmed"] = shot(page, artifacts, "expert-profile-confirmed")

    # The assignment: the tasks, then the application with its conflict-of-interest panel, not used.
    go(page, "nav a[href='/reviews/']")
    found["tasks"] = shot(page, artifacts, "expert-tasks")
    go(page, f"a[href='/reviews/assignments/{assignment.pk}/']")
    assert page.locator("#declare-conflict").is_visible()
    found["assignment"] = shot(page, artifacts, "expert-assignment")

    # Score every criterion, keep a draft, then submit.
    for i, value in enumerate(["9", "8", "8", "7", "9", "6"]):
        page.locator("#score-form input[type=number]").nth(i).fill(value)
        page.locator("#score-form textarea").nth(i).fill("场景建设扎实，数据可信。")
    go(page, "#score-form button[name=submit][value='0']")
    page.wait_for_selector(".messages")
    assignment.refresh_from_db()
    assert assignment.sheet.submitted_at is None and assignment.sheet.weighted_total == Decimal("79.50")
    found["draft"] = shot(page, artifacts, "expert-score-draft")
    go(page, "#score-form button[name=submit][value='1']")
    page.wait_for_selector(".messages")
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.SCORED and assignment.sheet.submitted_at is not None
    assert page.locator("#score-form input[type=number][disabled]").count() == 6
    found["scored"] = shot(page, artifacts, "expert-scored")

    assert_english(found)


# ---------------------------------------------------------------- the commission

def test_commission_walks_its_main_path_in_english(live_server, english, artifacts):
    page, base = english, live_server.url
    campaign = CampaignFactory(application_deadline=FUTURE, recommendation_deadline=FUTURE)
    pudong = UnitFactory(name="浦东新区科技和经济委员会", district="浦东新区")
    minhang = UnitFactory(name="闵行区经济委员会", district="闵行区")
    UnitFactory(name="崇明区经济委员会", district="崇明区")
    commission = account(Role.COMMISSION)
    officer = recommender(pudong)
    decided = submitted(campaign, pudong, "上海示例电子科技有限公司")
    other = submitted(campaign, pudong, "上海示例精密仪器有限公司")
    submitted(campaign, minhang, "上海示例新材料有限公司")
    recommend(officer, campaign, [decided, other])
    experts = [expert(name) for name in ("王工", "李工", "张工", "赵工", "钱工", "孙工")]
    conflicted = expert("周工", organisation="上海示例咨询有限公司")
    review_services.declare_conflict(conflicted, decided.enterprise, "advised", "2024年曾为该企业提供咨询")
    # A 领航级 培育对象 of the same campaign whose enterprise has applied for acceptance.
    leading = ready_application(tier="leading", campaign=campaign, title="上海示例智能装备有限公司领航级智能工厂项目",
                                enterprise=EnterpriseFactory(recommending_unit=minhang, name="上海示例智能装备有限公司"))
    leading.state = State.CULTIVATION
    leading.save()
    cultivation = cultivation_services.start(commission, leading)
    owner = enterprise_user(leading.enterprise)
    cultivation_services.add_milestone(owner, cultivation, "数字孪生平台二期上线", cultivation.starts_on, cultivation.starts_on)
    cultivation_services.file_report(owner, cultivation, "第一季度", "二期平台已上线，关键绩效指标达到预期。")
    cultivation_services.apply_acceptance(owner, cultivation, "培育目标均已完成。")
    found = {}

    # The campaign over all units: home, the campaign's page, the recommendation overview.
    log_in(page, base, commission)
    found["home"] = shot(page, artifacts, "commission-home-walk")
    go(page, f"main a[href='/campaigns/{campaign.pk}/']")
    found["campaign"] = shot(page, artifacts, "commission-campaign")
    go(page, "nav a[href='/recommendations/overview/']")
    overview = page.inner_text("table.overview")
    assert pudong.name in overview and minhang.name in overview
    found["overview"] = shot(page, artifacts, "commission-overview")

    # Experts: automatic assignment, the application's experts (the conflict shown), one more by hand, publish.
    page.go_back()
    go(page, f"main a[href='/reviews/campaigns/{campaign.pk}/assignments/']")
    go(page, "#auto-assign")
    drafts = Assignment.objects.filter(application=decided, published_at__isnull=True)
    assert drafts.count() == 5 and not drafts.filter(expert=conflicted).exists()
    found["assignments"] = shot(page, artifacts, "commission-assignments")
    go(page, f"a[href='/reviews/applications/{decided.pk}/experts/']")
    conflict_row = page.locator("tbody tr", has_text=conflicted.expert_profile.name)
    assert conflict_row.count() == 1 and conflict_row.locator("button").count() == 0
    left = next(e for e in experts if not drafts.filter(expert=e).exists())
    found["experts"] = shot(page, artifacts, "commission-application-experts")
    go(page, f"form:has(input[name=expert][value='{left.pk}']) button")
    assert Assignment.objects.filter(application=decided, expert=left, source=Assignment.Source.MANUAL).exists()
    found["experts-assigned"] = shot(page, artifacts, "commission-application-experts-assigned")
    go(page, f".breadcrumbs a[href='/reviews/campaigns/{campaign.pk}/assignments/']")
    go(page, "#publish-assignments")
    assert not Assignment.objects.filter(application__campaign=campaign, published_at__isnull=True).exists()
    found["published-assignments"] = shot(page, artifacts, "commission-assignments-published")

    # Two experts score (through the service), so the case page has something to weigh.
    ids = [c.id for c in review_services.criteria_for(decided)]
    for a in Assignment.objects.filter(application=decided).select_related("expert").order_by("id")[:2]:
        review_services.save_scores(a.expert, a, dict.fromkeys(ids, "8"), dict.fromkeys(ids, "扎实。"), submit=True)

    # The decision case page: into review, then record the decision (through its confirmation, if asked).
    go(page, f"a[href='/decisions/applications/{decided.pk}/']")
    go(page, "form[action$='/move/']:has(input[name=to_state][value=under_review]) button")
    decided.refresh_from_db()
    assert decided.state == State.UNDER_REVIEW
    found["case"] = shot(page, artifacts, "commission-case")
    page.select_option("#decision-form select[name=outcome]", "approved")
    page.fill("#decision-form textarea[name=reason]", "专家评审加权总分 80 分，达到卓越级要求")
    page.click("#decision-form button[type=submit]")
    confirm_if_asked(page, "form:has(input[name=action][value=withdraw])",
                     lambda: found.__setitem__("decision-confirm", shot(page, artifacts, "commission-decision-confirm")))
    decision = Decision.objects.get(application=decided)
    assert decision.outcome == "approved" and decision.released_at is None
    found["decision"] = shot(page, artifacts, "commission-decision")

    # The outbox: release the decision, publish the campaign's results.
    go(page, "#decision-form a[href='/decisions/outbox/']")
    found["outbox"] = shot(page, artifacts, "commission-outbox")
    go(page, "#release")
    decided.refresh_from_db()
    assert decided.state == State.APPROVED
    page.click(f"#publish-{campaign.pk}")
    confirm_if_asked(page, f"a[href='/results/{campaign.pk}/']")
    assert Publication.objects.filter(campaign=campaign).exists()
    found["published"] = shot(page, artifacts, "commission-published")

    # The results page.
    go(page, f"a[href='/results/{campaign.pk}/']")
    assert decided.enterprise.name in page.inner_text("main")
    found["results"] = shot(page, artifacts, "commission-results")

    # A cultivation record: the enterprise has applied for acceptance; the initial review passes it.
    go(page, "nav a[href='/cultivation/']")
    found["cultivation-list"] = shot(page, artifacts, "commission-cultivation-list")
    go(page, f"a[href='/cultivation/{cultivation.pk}/']")
    assert "数字孪生平台二期上线" in page.inner_text("main")
    found["cultivation"] = shot(page, artifacts, "commission-cultivation")
    page.fill("form[action$='/review/'] textarea[name=reason]", "材料齐全")
    go(page, "form[action$='/review/'] button[name=passed][value='1']")
    leading.refresh_from_db()
    assert leading.state == State.INITIAL_REVIEW_PASSED
    found["cultivation-reviewed"] = shot(page, artifacts, "commission-cultivation-reviewed")

    assert_english(found)


# ---------------------------------------------------------------- the administrator

def test_administrator_walks_its_main_path_in_english(live_server, english, artifacts):
    page, base = english, live_server.url
    CampaignFactory(application_deadline=FUTURE, recommendation_deadline=FUTURE)
    admin = account(Role.ADMIN, is_staff=True, is_superuser=True)
    commission = account(Role.COMMISSION)
    found = {}

    log_in(page, base, commission)  # a log-in of someone else, for the log to show
    log_in(page, base, admin)
    found["home"] = shot(page, artifacts, "admin-home")
    go(page, "nav a[href='/audit/']")
    found["audit"] = shot(page, artifacts, "admin-audit")

    # Filter by one action: the log-ins.
    select_by_value_or_label(page, "select[name=action]", ["登录", "user.login"], r"^(log(ged)? ?in|sign(ed)? ?in)$")
    go(page, "main form[method=get] button[type=submit]")
    assert "action=" in page.url
    logins = AuditEntry.objects.filter(action="user.login").count()
    assert logins >= 2
    actions = page.eval_on_selector_all("main table tbody tr td:nth-child(4)", "cells => cells.map(c => c.textContent.trim())")
    assert len(actions) == logins and len(set(actions)) == 1, actions
    found["audit-filtered"] = shot(page, artifacts, "admin-audit-filtered")

    assert_english(found)


# ---------------------------------------------------------------- accessibility in English

def test_no_serious_accessibility_violation_on_english_pages(live_server, browser, monkeypatch):
    """axe-core (WCAG 2.1 A/AA) over every page each demo account reaches, as test_accessibility does, but in
    English: the English wording (longer labels, lang="zh-Hans" data inside English pages) must not bring
    serious or critical violations of its own."""
    from django.core.management import call_command

    from .test_accessibility import AXE, PASSWORD, audit_every_role

    assert AXE.exists(), "axe-core is missing: bash scripts/test installs it into .tools/"
    monkeypatch.setenv("FACTORYTIER_DEMO_PASSWORD", PASSWORD)
    call_command("demo")
    # The site's Content-Security-Policy rightly refuses injected scripts; the audit is not the site.
    context = browser.new_context(locale="en-GB", viewport={"width": 1440, "height": 900}, bypass_csp=True)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        assert page.evaluate("document.documentElement.lang") == "en"
        problems, _seen = audit_every_role(page, live_server.url)
    finally:
        context.close()
    assert not problems, "\n".join(problems)
