"""Issue 10 item 5: 已完成智能工厂建设 (N.EX.2; N.LD.3 for 领航级): no submission while the 建设结束时间 is
after the submission date."""

import pytest

from factorytier.applications.models import Snapshot, State
from factorytier.applications.services import TransitionRefused, set_application_state
from factorytier.applications.submission import submission_problems
from factorytier.core import clock

from ..factories import enterprise_user, ready_application

pytestmark = pytest.mark.django_db
OPEN = clock.shanghai(2025, 7, 10, 15)


def submit(application):
    with clock.frozen_at(OPEN):
        return set_application_state(application, State.SUBMITTED, enterprise_user(application.enterprise))


@pytest.mark.parametrize(("tier", "clause"), [("excellent", "N.EX.2"), ("leading", "N.LD.3")])
def test_construction_ending_after_the_submission_date_is_refused(tier, clause):
    application = ready_application(tier=tier)
    application.content["factory"]["end"] = "2025-08"
    application.save()
    with pytest.raises(TransitionRefused) as refused:
        submit(application)
    reasons = dict(refused.value.reasons)
    assert reasons["factory.end"].startswith(f"不满足 {clause}：申报主体须已完成智能工厂建设")
    assert "2025-08 晚于提交日期 2025-07-10" in reasons["factory.end"]
    application.refresh_from_db()
    assert application.state == State.DRAFT and not Snapshot.objects.exists()


@pytest.mark.parametrize("end", ["2025-07", "2025-06", "2024-12"])
@pytest.mark.parametrize("tier", ["excellent", "leading"])
def test_construction_ended_by_the_submission_month_passes(tier, end):
    application = ready_application(tier=tier)
    application.content["factory"]["end"] = end
    application.save()
    submit(application)
    application.refresh_from_db()
    assert application.state == State.SUBMITTED


def test_the_submission_instant_is_beijing_time():
    """2025-07-31 20:00 UTC is already 1 August in Shanghai: an August end month is then not after it."""
    application = ready_application()
    application.content["factory"]["end"] = "2025-08"
    application.save()
    moment = clock.shanghai(2025, 8, 1, 4)
    assert not [p for p, _ in submission_problems(application, moment=moment) if p == "factory.end"]
    assert [p for p, _ in submission_problems(application, moment=clock.shanghai(2025, 7, 31, 23)) if p == "factory.end"]
