from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.cache import never_cache

from factorytier.accounts.choices import Role
from factorytier.accounts.models import Enterprise, RecommendingUnit, User
from factorytier.applications.models import State
from factorytier.applications.readiness import readiness_for
from factorytier.applications.selectors import applications_for_user, for_tables
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
from factorytier.reviews.selectors import expert_assignments

# Rows shown per tier on an officer's home page (the rest on the paged list).
HOME_ROWS = 50


def home(request):
    if not request.user.is_authenticated:
        now = clock.now()
        open_campaigns = [c for c in active_campaigns() if c.is_open("application", now)]
        return render(request, "core/home_public.html", {"open_campaigns": open_campaigns})
    user = request.user
    campaign = chosen_campaign(request)
    ctx = {"campaign": campaign, "campaigns": active_campaigns(request), "now": clock.now()}
    visible = applications_for_user(user)
    if user.role == Role.ENTERPRISE and user.enterprise_id:
        result = readiness_for(user.enterprise, campaign)
        ctx.update(enterprise=user.enterprise, applications=visible, readiness=ladder_view(result) if result else None,
                   application_open=bool(campaign and campaign.is_open("application")))
        return render(request, "core/home_enterprise.html", ctx)
    if user.role == Role.RECOMMENDER and user.unit_id:
        queue = visible.filter(campaign=campaign) if campaign else visible.none()
        # Counts by one aggregate, rows without their content and at most a page per tier: cheap however
        # many applications the district has (the full list is paged under /applications/).
        counts = {(r["tier"], r["state"]): r["n"] for r in queue.order_by().values("tier", "state").annotate(n=Count("id"))}
        per_tier = []
        for tier, name in TIER_CHOICES:
            if campaign and tier in campaign.tiers_open:
                rows = list(for_tables(queue.filter(tier=tier)).order_by("-submitted_at", "pk")[:HOME_ROWS])
                quota = campaign.quota_for(tier, user.unit)
                total = sum(n for (t, _s), n in counts.items() if t == tier)
                per_tier.append({"tier": tier, "name": name, "rows": rows, "quota": quota, "total": total,
                                 "recommended": counts.get((tier, State.RECOMMENDED), 0),
                                 "waiting": counts.get((tier, State.SUBMITTED), 0)})
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
        # Published assignments only, never across a conflict (the review's own selector decides).
        assignments = expert_assignments(user)
        ctx.update(assignments=assignments)
        return render(request, "core/home_expert.html", ctx)
    if not (user.role == Role.ADMIN or user.is_superuser):
        # A role whose enterprise or unit is not set yet: nothing to show but who to ask.
        return render(request, "core/home_incomplete.html", ctx)
    ctx.update(
        counts={
            pgettext("how many", "用户"): User.objects.count(), pgettext("how many", "企业"): Enterprise.objects.count(),
            _("推荐单位"): RecommendingUnit.objects.count(), _("申报书"): visible.count(), _("审计记录"): AuditEntry.objects.count(),
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


@never_cache
def healthz(request):
    """For load balancers and monitors: the process answers. Touches neither the database nor the session,
    so it is also the ceiling of what the server stack can answer (see bench/deadline_bench.py)."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
