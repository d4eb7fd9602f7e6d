from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from factorytier import policy
from factorytier.applications.models import State
from factorytier.applications.selectors import applications_for_user
from factorytier.core.permissions import require_perm
from factorytier.jobs.services import start_job

from .forms import CampaignForm, QuotaFormSet
from .models import TIER_CHOICES, Campaign
from .selectors import PROGRESS_STATES, campaign_totals, progress_by_unit
from .services import CampaignConflict, catalogue_quota_initial, save_campaign


@require_perm("campaigns.manage_campaign")
def campaign_list(request):
    campaigns = Campaign.objects.prefetch_related("quotas__unit").all()
    return render(request, "campaigns/list.html", {"campaigns": campaigns})


@require_perm("campaigns.manage_campaign")
def campaign_edit(request, pk: int | None = None):
    campaign = get_object_or_404(Campaign, pk=pk) if pk else Campaign(region="上海市")
    form = CampaignForm(request.POST or None, instance=campaign)
    catalogue_name = campaign.catalogue
    if not pk and request.POST.get("catalogue") in {n for n, _ in policy.campaign_catalogue_names()}:
        catalogue_name = request.POST["catalogue"]
    # A new campaign starts with its catalogue's quotas (N.EX.P4 6, 揭榜 exempt; N.LD.P3 1).
    initial = None if pk else catalogue_quota_initial(catalogue_name)
    quotas = QuotaFormSet(request.POST or None, instance=campaign, prefix="quotas", catalogue_name=catalogue_name,
                          initial=initial)
    if initial:
        quotas.extra = max(len(initial), 2)
    if request.method == "POST":
        if form.is_valid() and quotas.is_valid():
            try:
                campaign = save_campaign(form, quotas, request.user)
            except CampaignConflict as conflict:
                form.add_error(conflict.field, conflict.message)
            else:
                messages.success(request, f"申报批次“{campaign.name}”已保存。")
                return redirect("campaigns:detail", pk=campaign.pk)
        messages.error(request, "保存失败：请按红色提示修改后重新提交，未做任何更改。")
    return render(request, "campaigns/edit.html", {"form": form, "quotas": quotas, "campaign": campaign})


@require_perm("campaigns.view_progress")
def campaign_detail(request, pk: int):
    campaign = get_object_or_404(Campaign.objects.prefetch_related("quotas__unit"), pk=pk)
    visible = applications_for_user(request.user)
    context = {
        "campaign": campaign,
        "totals": campaign_totals(campaign),
        "rows": progress_by_unit(campaign, visible),
        "progress_states": [(s.value, s.label) for s in PROGRESS_STATES],
        "tiers": TIER_CHOICES,
        "recent": visible.filter(campaign=campaign).exclude(state=State.DRAFT).order_by("-updated_at")[:20],
    }
    return render(request, "campaigns/detail.html", context)


@require_perm("campaigns.view_progress")
def campaign_export(request, pk: int):
    campaign = get_object_or_404(Campaign, pk=pk)
    if request.method != "POST":
        return redirect("campaigns:detail", pk=pk)
    job = start_job(request.user, "campaign_export", f"{campaign.name} 申报汇总导出", {"campaign_id": campaign.pk})
    return redirect("jobs:detail", pk=job.pk)
