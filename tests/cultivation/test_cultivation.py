"""The cultivation period: to the day, warnings, filings, acceptance application and initial review."""

import datetime as dt

import pytest

from factorytier.applications.models import State
from factorytier.core import clock
from factorytier.cultivation import services
from factorytier.cultivation.services import CultivationRefused
from factorytier.decisions import services as decisions
from factorytier.notices.models import Notice

from ..factories import ApplicationFactory, enterprise_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(commission_user):
    app = ApplicationFactory(tier="leading", state="onsite_check")
    owner = enterprise_user(app.enterprise)
    with clock.frozen_at(clock.shanghai(2024, 2, 29, 10)):
        d = decisions.record_decision(commission_user, app, "cultivation")
        decisions.release(commission_user, [d])
    app.refresh_from_db()
    return app, owner


def test_the_two_year_deadline_to_the_day_from_29_february(listed):
    app, _ = listed
    c = app.cultivation
    assert (c.starts_on, c.ends_on) == (dt.date(2024, 2, 29), dt.date(2026, 2, 28))


def test_deadline_of_an_ordinary_day():
    app = ApplicationFactory(tier="leading")
    assert services.period(app, dt.date(2025, 9, 30)) == (dt.date(2025, 9, 30), dt.date(2027, 9, 30))


def test_warnings_90_and_30_days_before_once_each(listed):
    app, owner = listed
    c = app.cultivation
    assert services.send_warnings(c.ends_on - dt.timedelta(days=91)) == 0
    assert services.send_warnings(c.ends_on - dt.timedelta(days=90)) == 1
    assert services.send_warnings(c.ends_on - dt.timedelta(days=89)) == 0
    assert services.send_warnings(c.ends_on - dt.timedelta(days=30)) == 1
    assert services.send_warnings(c.ends_on - dt.timedelta(days=3)) == 0
    assert Notice.objects.filter(user=owner, subject__contains="培育期将于").count() == 2


def test_enterprise_files_milestones_reports_and_applies_then_initial_review(listed, commission_user):
    app, owner = listed
    c = app.cultivation
    with clock.frozen_at(clock.shanghai(2025, 3, 1, 9)):
        services.add_milestone(owner, c, "完成 AI 质检全线部署", dt.date(2025, 6, 30))
        with pytest.raises(CultivationRefused, match="培育期"):
            services.add_milestone(owner, c, "太晚", dt.date(2026, 3, 1))
        services.file_report(owner, c, "2025年一季度", "已完成三条产线改造。")
        with pytest.raises(CultivationRefused, match="权限"):
            services.file_report(enterprise_user(), c, "x", "y")
        services.apply_acceptance(owner, c, "已达到培育目标。")
        app.refresh_from_db()
        assert app.state == State.ACCEPTANCE_APPLIED
        services.initial_review(commission_user, c, passed=False, reason="缺少第三方检测报告")
        app.refresh_from_db()
        assert app.state == State.ACCEPTANCE_RETURNED
        services.apply_acceptance(owner, c, "已补充检测报告。")
        services.initial_review(commission_user, c, passed=True)
    app.refresh_from_db()
    assert app.state == State.INITIAL_REVIEW_PASSED


def test_no_acceptance_application_after_the_period_and_it_shows_lapsed(listed):
    app, owner = listed
    c = app.cultivation
    with clock.frozen_at(clock.shanghai(2026, 3, 1, 9)):
        with pytest.raises(CultivationRefused, match="届满"):
            services.apply_acceptance(owner, c, "迟到的申请")
        assert services.is_lapsed(c) and "届满" in services.status_label(c)
    with clock.frozen_at(clock.shanghai(2026, 2, 28, 23, 59, 59)):
        assert not services.is_lapsed(c)
