"""Demo data of decisions: the 2025 campaign's recommended 卓越级 applications are approved (decided,
released through the outbox) and the campaign's results are published."""

from __future__ import annotations

from factorytier.accounts.models import User
from factorytier.applications.models import Application, State
from factorytier.reviews.paths import move_on_path

from . import services
from .models import Decision, Publication


def seed(official) -> None:
    commission = User.objects.get(username="demo-commission")
    for application in Application.objects.filter(campaign=official, tier="excellent", state=State.RECOMMENDED):
        move_on_path(application, State.UNDER_REVIEW, commission, "演示数据：进入评审")
        application.refresh_from_db()
        services.record_decision(commission, application, State.APPROVED, "专家评审加权总分 80 分，达到卓越级智能工厂要求")
    services.release(commission, list(Decision.objects.filter(application__campaign=official, released_at__isnull=True)))
    if not Publication.objects.filter(campaign=official).exists():
        services.publish(commission, official, "依据沪经信制〔2025〕430号，经专家评审、现场核查，现公布认定结果（演示数据）")
