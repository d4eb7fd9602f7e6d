"""Notices and e-mails are worded in each recipient's language (User.language, kept when a signed-in user
picks a language with the site's switcher); data inside them stays as entered; Chinese wording is unchanged."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factorytier.accounts.models import User
from factorytier.applications.models import State
from factorytier.core import clock
from factorytier.cultivation import services as cultivation
from factorytier.decisions import services as decisions
from factorytier.notices.models import EmailPreference, Notice
from factorytier.notices.services import Text, notify
from factorytier.recommendations.services import return_application

from ..factories import ApplicationFactory, EnterpriseFactory, enterprise_user, recommender

pytestmark = pytest.mark.django_db

REASON = "请补充近三年财务数据"  # typed by the officer: data, stays as entered


def mails_to(address):
    return [m for m in mail.outbox if address in m.to]


@pytest.fixture
def returned(django_capture_on_commit_callbacks):
    """A submitted application returned by its officer; the enterprise has an English and a Chinese user."""
    enterprise = EnterpriseFactory(name="上海示例智能装备有限公司")
    app = ApplicationFactory(enterprise=enterprise, tier="excellent", state=State.SUBMITTED)
    en = enterprise_user(enterprise, email="en@example.com", language="en")
    zh = enterprise_user(enterprise, email="zh@example.com")
    officer = recommender(enterprise.recommending_unit)
    with clock.frozen_at(clock.shanghai(2025, 7, 1, 10)), django_capture_on_commit_callbacks(execute=True):
        return_application(app, officer, REASON)
    return app, en, zh


def test_a_return_reaches_each_user_in_their_own_language(returned):
    app, en, zh = returned
    english, chinese = Notice.objects.get(user=en), Notice.objects.get(user=zh)
    assert (english.language, chinese.language) == ("en", "zh-hans")
    assert english.subject == "Application status: “Returned for revision”"
    assert english.body == (f"上海示例智能装备有限公司 (Excellent): Submitted → Returned for revision\nReason: {REASON}")
    # The Chinese wording is exactly as it always was.
    assert chinese.subject == "申报书状态变更为“已退回修改”"
    assert chinese.body == f"上海示例智能装备有限公司·卓越级：已提交 → 已退回修改\n理由：{REASON}"
    [en_mail], [zh_mail] = mails_to("en@example.com"), mails_to("zh@example.com")
    assert en_mail.subject == "[Smart Factory Tiers] Application status: “Returned for revision”"
    assert en_mail.body.startswith(english.body) and en_mail.body.endswith(f"/applications/{app.pk}/")
    assert zh_mail.subject == "[智能工厂梯度培育] 申报书状态变更为“已退回修改”"
    assert zh_mail.body.startswith(chinese.body)
    assert en_mail.to == ["en@example.com"] and zh_mail.to == ["zh@example.com"]


def test_a_released_decision_reaches_each_recipient_in_their_language(commission_user, django_capture_on_commit_callbacks):
    app = ApplicationFactory(tier="excellent", state="under_review", enterprise__name="上海示例精密制造有限公司")
    owner = enterprise_user(app.enterprise, email="owner@example.com", language="en")
    officer = recommender(app.enterprise.recommending_unit, email="officer@example.com")
    decision = decisions.record_decision(commission_user, app, "rejected", "现场核查发现数据不实")
    # The outbox keeps the message in Chinese, whatever language the commission reads.
    assert decision.message.subject == "卓越级认定结果：未通过"
    with django_capture_on_commit_callbacks(execute=True):
        decisions.release(commission_user, [decision])
    english, chinese = Notice.objects.get(user=owner), Notice.objects.get(user=officer)
    assert english.language == "en" and "未通过" not in english.subject and "Excellent" in english.subject
    assert english.body.startswith(f"上海示例精密制造有限公司 (Excellent) ({app.number}): ")
    assert english.body.endswith("\nReason: 现场核查发现数据不实")
    assert (chinese.subject, chinese.body) == (decision.message.subject, decision.message.body)
    assert chinese.body == f"上海示例精密制造有限公司·卓越级（{app.number}）：未通过。\n理由：现场核查发现数据不实"
    assert mails_to("owner@example.com")[0].subject.startswith("[Smart Factory Tiers] ")
    assert mails_to("officer@example.com")[0].subject == "[智能工厂梯度培育] 卓越级认定结果：未通过"


def test_one_call_one_insert_and_no_more_queries_for_two_languages(django_capture_on_commit_callbacks):
    enterprise = EnterpriseFactory()
    users = [enterprise_user(enterprise, email=f"u{i}@example.com") for i in range(3)]

    def count():
        with CaptureQueriesContext(connection) as ctx, django_capture_on_commit_callbacks(execute=False):
            notify(User.objects.filter(pk__in=[u.pk for u in users]), Text("%(x)s", x="x"), "b", link="/")
        return len(ctx.captured_queries)

    one_language = count()
    User.objects.filter(pk=users[0].pk).update(language="en")
    assert count() == one_language
    inserts = Notice.objects.filter(user__in=users)
    assert inserts.count() == 6 and set(inserts.values_list("language", flat=True)) == {"zh-hans", "en"}


def test_the_daily_digest_is_in_its_recipients_language(django_capture_on_commit_callbacks):
    enterprise = EnterpriseFactory(name="上海示例电子有限公司")
    app = ApplicationFactory(enterprise=enterprise, state=State.SUBMITTED)
    en = enterprise_user(enterprise, email="en@example.com", language="en")
    zh = enterprise_user(enterprise, email="zh@example.com")
    for user in (en, zh):
        EmailPreference.objects.create(user=user, mode=EmailPreference.Mode.DIGEST)
    with clock.frozen_at(clock.shanghai(2025, 7, 1, 10)), django_capture_on_commit_callbacks(execute=True):
        return_application(app, recommender(enterprise.recommending_unit), REASON)
    assert not mail.outbox
    with clock.frozen_at(clock.shanghai(2025, 7, 2, 8)):
        call_command("send_digests")
    [english], [chinese] = mails_to("en@example.com"), mails_to("zh@example.com")
    assert english.subject == "[Smart Factory Tiers] Daily summary of notices (1 notice)"
    assert english.body.startswith("1 Jul 10:00 Application status: “Returned for revision”\n上海示例电子有限公司")
    assert chinese.subject == "[智能工厂梯度培育] 每日通知汇总（1 条）"
    assert chinese.body.startswith("07-01 10:00 申报书状态变更为“已退回修改”\n上海示例电子有限公司")


def test_cultivation_warnings_in_each_recipients_language(commission_user, django_capture_on_commit_callbacks):
    app = ApplicationFactory(tier="leading", state="onsite_check", enterprise__name="上海示例航空制造有限公司")
    owner = enterprise_user(app.enterprise, email="owner@example.com", language="en")
    with clock.frozen_at(clock.shanghai(2024, 2, 29, 10)):
        decisions.release(commission_user, [decisions.record_decision(commission_user, app, "cultivation")])
    started = Notice.objects.get(user=owner, subject="Leading smart factory cultivation period begins")
    assert "29 Feb 2024 to 28 Feb 2026" in started.body
    ends = app.cultivation.ends_on
    assert cultivation.send_warnings(ends - dt.timedelta(days=30)) == 1
    english = Notice.objects.filter(user=owner).first()
    assert english.subject == "Cultivation period ends on 28 Feb 2026 (30 days left)"
    assert english.body.startswith("上海示例航空制造有限公司 (Leading): the cultivation period ends on 28 February 2026.")
    chinese = Notice.objects.filter(user=commission_user).first()
    assert chinese.subject == "培育期将于 2026-02-28 届满（剩余 30 天）"
    assert chinese.body.startswith("上海示例航空制造有限公司·领航级：培育期将于 2026年02月28日 届满。")


def test_picking_english_on_the_site_is_kept_on_the_account(client, login):
    user = enterprise_user()
    assert user.language == "zh-hans"  # Chinese until chosen otherwise
    login(user)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "en"
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    user.refresh_from_db()
    assert user.language == "zh-hans"
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    user.refresh_from_db()
    assert user.language == "zh-hans"


def test_anonymous_visitors_still_switch_language(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302 and response.cookies["django_language"].value == "en"


def test_the_notices_page_marks_each_notice_with_its_own_language(client, login):
    user = enterprise_user()
    Notice.objects.create(user=user, subject="中文通知", body="正文", created_at=clock.now())
    Notice.objects.create(user=user, subject="English notice", body="Body", created_at=clock.now(), language="en")
    login(user)
    english_page = client.get("/notices/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<td lang="zh-Hans">中文通知</td>' in english_page and "<td>English notice</td>" in english_page
    chinese_page = client.get("/notices/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert '<td lang="en">English notice</td>' in chinese_page


def test_password_reset_mail_in_the_recipients_language(client):
    enterprise_user(email="en@example.com", language="en")
    enterprise_user(email="zh@example.com")
    client.post("/accounts/password/reset/", {"email": "en@example.com"})
    client.post("/accounts/password/reset/", {"email": "zh@example.com"})
    [english], [chinese] = mails_to("en@example.com"), mails_to("zh@example.com")
    assert "重设" not in english.subject and "重设登录密码" in chinese.subject
    assert "您好" not in english.body and "您好" in chinese.body


def test_a_user_who_chose_english_gets_english_after_logging_in_on_another_browser(client, db):
    from django.conf import settings

    from ..factories import enterprise_user, ready_application

    user = enterprise_user(ready_application().enterprise)
    user.set_password("Another-browser-2026!")
    user.language = "en"
    user.save()
    response = client.post("/accounts/login/", {"username": user.username, "password": "Another-browser-2026!"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert '<html lang="en"' in client.get("/").content.decode()


def test_the_default_language_does_not_override_what_the_browser_asks_for(client, db):
    from django.conf import settings

    from ..factories import enterprise_user, ready_application

    user = enterprise_user(ready_application().enterprise)
    user.set_password("Another-browser-2026!")
    user.save()
    response = client.post("/accounts/login/", {"username": user.username, "password": "Another-browser-2026!"},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert '<html lang="en"' in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_recipients_without_e_mail_get_their_notice_without_asking_for_mail_preferences(django_capture_on_commit_callbacks):
    enterprise = EnterpriseFactory()
    users = [enterprise_user(enterprise, email="") for _ in range(2)]
    with CaptureQueriesContext(connection) as ctx, django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(users, Text("%(x)s", x="x"), "b", link="/")
    assert [q["sql"].split()[0] for q in ctx.captured_queries] == ["INSERT"]  # the notices, nothing about mail
    assert callbacks == [] and Notice.objects.filter(user__in=users).count() == 2


def test_the_navigation_bar_counts_the_users_own_unread_notices(client, login):
    enterprise = EnterpriseFactory()
    me, other = enterprise_user(enterprise, email=""), enterprise_user(enterprise, email="")
    notify([me, me, other], "一条通知", "内容")
    Notice.objects.filter(user=me).order_by("id").first().delete()
    notify([me], "又一条", "内容")
    login(me)
    page = client.get("/accounts/profile/").content.decode()
    assert "通知（2）" in page
    client.get("/notices/")  # reading them marks them read
    page = client.get("/accounts/profile/").content.decode()
    assert "通知（" not in page and ">通知</a>" in page
    Notice.objects.filter(user=other).update(read_at=None)
    assert "通知（" not in client.get("/accounts/profile/").content.decode()
