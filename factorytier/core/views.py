from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render

from factorytier.accounts.choices import Role
from factorytier.accounts.models import Enterprise, RecommendingUnit, User
from factorytier.applications.models import State
from factorytier.applications.readiness import readiness_for
from factorytier.applications.selectors import applications_for_user
from factorytier.audit.models import AuditEntry
from factorytier.audit.presenters import present_all
from factorytier.audit.selectors import entries_for_user
from factorytier.campaigns.models import TIER_CHOICES
from factorytier.campaigns.selectors import (
    PROGRESS_STATES,
    active_campaigns,
    campaign_totals,
    chosen_campaign,
    progress_by_unit,
)
from factorytier.checker.presenters import ladder_view
from factorytier.core import clock
from factorytier.reviews.models import Assignment


def home(request):
    if not request.user.is_authenticated:
        now = clock.now()
        open_campaigns = [c for c in active_campaigns() if c.is_open("application", now)]
        return render(request, "core/home_public.html", {"open_campaigns": open_campaigns})
    user = request.user
    campaign = chosen_campaign(request)
    ctx = {"campaign": campaign, "campaigns": active_campaigns(), "now": clock.now()}
    visible = applications_for_user(user)
    if user.role == Role.ENTERPRISE and user.enterprise_id:
        result = readiness_for(user.enterprise, campaign)
        ctx.update(enterprise=user.enterprise, applications=visible, readiness=ladder_view(result) if result else None,
                   application_open=bool(campaign and campaign.is_open("application")))
        return render(request, "core/home_enterprise.html", ctx)
    if user.role == Role.RECOMMENDER and user.unit_id:
        queue = visible.filter(campaign=campaign) if campaign else visible.none()
        per_tier = []
        for tier, name in TIER_CHOICES:
            if campaign and tier in campaign.tiers_open:
                rows = [a for a in queue if a.tier == tier]
                quota = campaign.quota_for(tier, user.unit)
                recommended = sum(1 for a in rows if a.state == State.RECOMMENDED)
                per_tier.append({"tier": tier, "name": name, "rows": rows, "quota": quota, "recommended": recommended,
                                 "waiting": sum(1 for a in rows if a.state == State.SUBMITTED)})
        ctx.update(unit=user.unit, per_tier=per_tier)
        return render(request, "core/home_recommender.html", ctx)
    if user.role == Role.COMMISSION:
        if campaign:
            rows = progress_by_unit(campaign, visible)
            with_rows = {r["unit"] for r in rows}
            ctx.update(totals=campaign_totals(campaign), rows=rows,
                       progress_states=[(s.value, s.label) for s in PROGRESS_STATES],
                       units_without=[name for name in RecommendingUnit.objects.order_by("kind", "name")
                                      .values_list("name", flat=True) if name not in with_rows])
        return render(request, "core/home_commission.html", ctx)
    if user.role == Role.EXPERT:
        assignments = Assignment.objects.filter(expert=user).select_related("application__enterprise", "application__campaign")
        ctx.update(assignments=assignments)
        return render(request, "core/home_expert.html", ctx)
    if not (user.role == Role.ADMIN or user.is_superuser):
        # A role whose enterprise or unit is not set yet: nothing to show but who to ask.
        return render(request, "core/home_incomplete.html", ctx)
    ctx.update(
        counts={
            "用户": User.objects.count(), "企业": Enterprise.objects.count(), "推荐单位": RecommendingUnit.objects.count(),
            "申报书": visible.count(), "审计记录": AuditEntry.objects.count(),
        },
        roles=[(Role(r["role"]).label, r["n"]) for r in User.objects.values("role").annotate(n=Count("id")).order_by("role")],
        recent=present_all(entries_for_user(request.user).order_by("-at", "-id")[:15], request.user),
    )
    return render(request, "core/home_admin.html", ctx)


@login_required
def notices(request):
    items = list(request.user.notices.all()[:100])
    request.user.notices.filter(read_at__isnull=True).update(read_at=clock.now())
    return render(request, "core/notices.html", {"items": items})
