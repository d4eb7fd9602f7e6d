"""Demo data of the review: an expert pool (demo-expert and five colleagues), demo-expert's scored
assignments in the 2025 campaign, and in the practice campaign two published assignments to work on and
one application it has declared a conflict with."""

from __future__ import annotations

from factorytier.accounts.choices import Role
from factorytier.accounts.models import Enterprise, User
from factorytier.applications.models import Application, State, StateChange
from factorytier.applications.submission import freeze
from factorytier.audit.services import record
from factorytier.core import clock

from .models import Assignment, Conflict, ConflictKind, ExpertProfile, ScoreSheet
from .services import criteria_for, weighted_total

POOL = [
    ("demo-expert", "示例评审专家", "上海示例智能制造研究院", ["35", "36", "38"], ["工厂建设", "生产作业", "生产管理"]),
    ("demo-expert-2", "陈示例", "上海示例理工大学", ["36", "37"], ["产品研发", "生产作业"]),
    ("demo-expert-3", "李示例", "上海示例工业互联网研究中心", ["38", "39"], ["运营管理", "供应链管理"]),
    ("demo-expert-4", "王示例", "上海示例质量技术研究院", ["27", "14"], ["质量管控", "安全管控"]),
    ("demo-expert-5", "赵示例", "上海示例交通大学", ["35", "39"], ["工厂建设", "产品研发"]),
    ("demo-expert-6", "周示例", "上海示例节能技术服务中心", ["25", "26", "31"], ["能源管理", "生产管理"]),
]
# Practice-campaign applications recommended for review: (enterprise, demo-expert's relation)
PRACTICE = [("上海示例电子科技有限公司", "assigned"), ("上海示例新能源汽车有限公司", "assigned"),
            ("上海示例电气设备有限公司", "conflict")]


def seed(official, practice) -> None:
    now = clock.now()
    for login, name, org, industries, links in POOL:
        user = User.objects.filter(username=login).first()
        if user is None:
            user = User(username=login, role=Role.EXPERT, display_name=name, email=f"{login}@example.com")
            user.set_unusable_password()
            user.save()
        ExpertProfile.objects.update_or_create(user=user, defaults={
            "name": name, "organisation": org, "industries": industries, "guide_links": links, "invited_at": now,
            "completed_at": now, "is_active": True})
    expert = User.objects.get(username="demo-expert")
    # 2025: the assignments made then were published, and demo-expert has scored them.
    for a in Assignment.objects.filter(application__campaign=official, expert=expert).select_related("application__campaign"):
        if a.published_at is None:
            a.published_at = a.assigned_at
        if not hasattr(a, "sheet"):
            criteria = criteria_for(a.application)
            scores = {c.id: c.max - 2 for c in criteria}
            ScoreSheet.objects.create(assignment=a, scores=scores, comments=dict.fromkeys(scores, "场景建设完整，成效数据可信。"),
                                      weighted_total=weighted_total(criteria, scores), submitted_at=a.assigned_at,
                                      updated_at=a.assigned_at)
            a.status = Assignment.Status.SCORED
        a.save()
    for name, relation in PRACTICE:
        enterprise = Enterprise.objects.get(name=name)
        application = _recommended(enterprise, practice)
        if relation == "assigned":
            Assignment.objects.get_or_create(application=application, expert=expert, defaults={
                "assigned_at": now, "published_at": now, "source": Assignment.Source.MANUAL, "explanation": "演示数据"})
        else:
            Conflict.objects.get_or_create(expert=expert, enterprise=enterprise, source=Conflict.Source.DECLARED, defaults={
                "kind": ConflictKind.ADVISED, "note": "2024年曾为该企业提供智能工厂规划咨询", "created_by": expert, "created_at": now})


def _recommended(enterprise, campaign) -> Application:
    from factorytier.core.management.commands.demo import demo_content

    application, created = Application.objects.get_or_create(
        enterprise=enterprise, campaign=campaign, tier="excellent",
        defaults={"title": f"{enterprise.name}卓越级智能工厂项目", "state": State.RECOMMENDED, "content": demo_content(enterprise)})
    if created:
        at = clock.now()
        freeze(application, at)
        application.submitted_at = at
        application.save(update_fields=["submitted_at"])
        StateChange.objects.create(application=application, at=at, from_state=State.DRAFT, to_state=State.SUBMITTED)
        StateChange.objects.create(application=application, at=at, from_state=State.SUBMITTED, to_state=State.RECOMMENDED)
        record(None, "application.demo_data", application, after={"state": State.RECOMMENDED}, note="演示数据")
    return application
