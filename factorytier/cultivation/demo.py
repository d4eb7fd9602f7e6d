"""Demo data of cultivation: one 领航级 培育对象 of the 2025 campaign in its period, with a milestone.

Runs before decisions' demo publishes the campaign, so the 培育对象 appears in the published list."""

from __future__ import annotations

import datetime as dt

from factorytier.accounts.models import Enterprise, User
from factorytier.applications.models import Application, State
from factorytier.audit.services import record
from factorytier.core import clock
from factorytier.decisions import services as decisions
from factorytier.reviews.paths import move_on_path
from factorytier.reviews.services import record_onsite_check

from .models import Milestone

ENTERPRISE = "中国示例航空发动机上海有限公司"


def seed(official) -> None:
    from factorytier.core.management.commands.demo import demo_content

    commission = User.objects.get(username="demo-commission")
    enterprise = Enterprise.objects.get(name=ENTERPRISE)
    application, created = Application.objects.get_or_create(
        enterprise=enterprise, campaign=official, tier="leading",
        defaults={"title": f"{enterprise.name}领航级智能工厂项目", "state": State.RECOMMENDED,
                  "content": demo_content(enterprise), "submitted_at": clock.shanghai(2025, 7, 9, 10)})
    if created:
        record(None, "application.demo_data", application, after={"state": State.RECOMMENDED}, note="演示数据")
    for target in (State.MATERIAL_REVIEW, State.ONSITE_CHECK):
        if application.state == State.RECOMMENDED or (application.state == State.MATERIAL_REVIEW and target == State.ONSITE_CHECK):
            move_on_path(application, target, commission, "演示数据")
            application.refresh_from_db()
    if application.state == State.ONSITE_CHECK:
        record_onsite_check(commission, application, date=dt.date(2025, 9, 18), team="国家智能制造专家委 示例核查组（5人）",
                            findings=[{"clause": "R.LD.C", "result": "met", "note": "五大环节场景均已建成"},
                                      {"clause": "R.LD.E1", "result": "partly", "note": "AI 场景占比接近要求，建议继续提升"}],
                            conclusion="passed", summary="核查通过，同意列为培育对象")
        decision = decisions.record_decision(commission, application, State.CULTIVATION)
        decisions.release(commission, [decision])
        application.refresh_from_db()
    cultivation = application.cultivation
    if not cultivation.milestones.exists():
        m = Milestone.objects.create(cultivation=cultivation, title="发动机叶片产线 AI 视觉质检全面上线",
                                     due_on=min(cultivation.ends_on, cultivation.starts_on + dt.timedelta(days=180)),
                                     note="演示数据")
        record(None, "cultivation.milestone", m, note="演示数据")
