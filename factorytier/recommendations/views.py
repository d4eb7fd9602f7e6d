"""Recommendation pages: thin views over selectors, services and presenters."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from factorytier.accounts.choices import Role
from factorytier.applications.models import Application, State
from factorytier.applications.services import TransitionRefused
from factorytier.campaigns.models import TIER_CHOICES, TIER_NAMES, Campaign, Stage
from factorytier.campaigns.selectors import active_campaigns, chosen_campaign
from factorytier.core import clock
from factorytier.core.language import with_data
from factorytier.core.permissions import can, require_perm

from . import services
from .models import ListEntry, RankedList
from .presenters import rows
from .selectors import (
    PAGE_SIZE,
    QUEUE_STATES,
    SORTS,
    applications_for_user,
    lists_for_user,
    queue_for,
    unit_applications,
)

SUMMARY_TIERS = ("excellent", "leading")


def _int(value, default=None):
    try:
        return int(str(value)[:12])
    except (TypeError, ValueError):
        return default


@require_perm("recommendations.view_queue")
def queue(request):
    campaign = chosen_campaign(request)
    tier = request.GET.get("tier", "")
    tier = tier if tier in TIER_NAMES else ""
    state = request.GET.get("state", "")
    state = state if state in State.values else ""
    sort = request.GET.get("sort", "")
    sort = sort if sort in SORTS else ""
    q = request.GET.get("q", "")[:60]
    qs = queue_for(request.user, campaign=campaign, tier=tier, state=state, q=q, sort=sort)
    page = Paginator(qs.prefetch_related("snapshots"), PAGE_SIZE).get_page(request.GET.get("page"))
    entries = dict(ListEntry.objects.filter(application__in=[a.pk for a in page.object_list])
                   .values_list("application_id", "rank"))
    positions = {k: (v,) for k, v in entries.items()}
    params = request.GET.copy()
    params.pop("page", None)
    lists = []
    if request.user.role == Role.RECOMMENDER and campaign:
        lists = [(t, dict(TIER_CHOICES)[t]) for t in campaign.tiers_open if t in SUMMARY_TIERS]
    return render(request, "recommendations/queue.html", {
        "campaign": campaign, "campaigns": active_campaigns(request), "page": page, "rows": rows(page.object_list, positions),
        "tier": tier, "state": state, "q": q, "sort": sort, "query": params.urlencode(),
        "tiers": [(t, n) for t, n in TIER_CHOICES if campaign and t in campaign.tiers_open],
        "states": [(s.value, s.label) for s in QUEUE_STATES], "lists": lists,
        "sorts": [("-submitted", _("提交时间（新→旧）")), ("submitted", _("提交时间（旧→新）")), ("name", _("企业名称")), ("state", _("状态"))],
        "can_return": request.user.role == Role.RECOMMENDER,
        "recommendation_open": bool(campaign and campaign.is_open(Stage.RECOMMENDATION)),
    })


@login_required
@require_POST
def return_application(request, pk: int):
    application = get_object_or_404(applications_for_user(request.user), pk=pk)
    reason = request.POST.get("reason", "")[:2000]
    try:
        services.return_application(application, request.user, reason)
    except (TransitionRefused, services.ListRefused) as refusal:
        messages.error(request, _("未能退回：%(why)s") % {"why": refusal})
    else:
        messages.success(request, with_data(_("已退回“%(name)s”的申报书，企业将在编辑页顶部看到退回理由"), name=application.enterprise.name))
    return redirect(request.POST.get("next") if str(request.POST.get("next", "")).startswith("/recommendations/") else "recommendations:queue")


@require_perm("recommendations.view_queue")
def list_open(request):
    """The officer's list for ?campaign=&tier= (created empty on first visit)."""
    if request.user.role != Role.RECOMMENDER:
        raise PermissionDenied
    campaign = chosen_campaign(request)
    tier = request.GET.get("tier", "excellent")
    if campaign is None or tier not in campaign.tiers_open or tier not in SUMMARY_TIERS:
        raise Http404(_("本批次未开放该层级"))
    ranked_list = services.list_for(request.user.unit, campaign, tier)
    return redirect("recommendations:list", pk=ranked_list.pk)


def _visible_list(request, pk) -> RankedList:
    ranked_list = get_object_or_404(lists_for_user(request.user), pk=pk)
    if not can(request.user, "recommendations.view_list", ranked_list):
        raise Http404
    return ranked_list


@login_required
def list_detail(request, pk: int):
    ranked_list = _visible_list(request, pk)
    entries = list(ranked_list.entries.select_related("application__enterprise", "application__campaign")
                   .prefetch_related("application__snapshots"))
    listed = [e.application for e in entries]
    listed_rows = rows(listed)
    quota = services.quota_for_list(ranked_list, [r["verdict"].exempt for r in listed_rows])
    candidates = (unit_applications(ranked_list.unit_id, ranked_list.campaign, ranked_list.tier)
                  .filter(state=State.SUBMITTED, list_entry__isnull=True)
                  .select_related("enterprise", "campaign").prefetch_related("snapshots").order_by("enterprise__name"))
    moved = _int(request.GET.get("moved"))
    announce = ""
    for n, a in enumerate(listed, start=1):
        if a.pk == moved:
            announce = with_data(_("“%(name)s”现位于第 %(n)s 位（共 %(total)s 位）"), name=a.enterprise.name, n=n, total=len(listed))
    editable = (can(request.user, "recommendations.edit_list", ranked_list) and not ranked_list.is_submitted
                and ranked_list.campaign.is_open(Stage.RECOMMENDATION))
    return render(request, "recommendations/list.html", {
        "list": ranked_list, "rows": listed_rows, "candidates": rows(candidates), "quota": quota,
        "editable": editable, "announce": announce, "moved": moved,
        "can_reopen": can(request.user, "recommendations.reopen_list", ranked_list) and ranked_list.is_submitted,
        "deadline": ranked_list.campaign.recommendation_deadline,
        "changes": ranked_list.changes.select_related("actor").order_by("-version")[:10],
    })


def _edit(request, pk: int, action):
    ranked_list = _visible_list(request, pk)
    version = _int(request.POST.get("version") or request.headers.get("If-Match", "").strip('"W/'))
    try:
        message, moved = action(ranked_list, version)
    except services.ListRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("recommendations:list", pk=pk)
    if message:
        messages.success(request, message)
    url = reverse("recommendations:list", args=[pk])
    return redirect(f"{url}?moved={moved}" if moved else url)


def _application_for(ranked_list, request) -> Application:
    app_id = _int(request.POST.get("application"))
    application = unit_applications(ranked_list.unit_id, ranked_list.campaign, ranked_list.tier).filter(pk=app_id).first()
    if application is None:
        raise services.ListRefused(_("申报书：请选择本单位本层级的申报书"))
    return application


@login_required
@require_POST
def list_add(request, pk: int):
    def action(ranked_list, version):
        application = _application_for(ranked_list, request)
        services.add_application(ranked_list, application, request.user, version)
        return _("已将“%(name)s”加入推荐名单") % {"name": application.enterprise.name}, application.pk
    return _edit(request, pk, action)


@login_required
@require_POST
def list_remove(request, pk: int):
    def action(ranked_list, version):
        application = _application_for(ranked_list, request)
        services.remove_application(ranked_list, application, request.user, version)
        return _("已将“%(name)s”移出推荐名单") % {"name": application.enterprise.name}, None
    return _edit(request, pk, action)


@login_required
@require_POST
def list_move(request, pk: int):
    direction = request.POST.get("direction", "")

    def action(ranked_list, version):
        if direction not in ("up", "down"):
            raise services.ListRefused(_("操作无效：请选择上移或下移"))
        application = _application_for(ranked_list, request)
        services.move(ranked_list, application, direction, request.user, version)
        return "", application.pk
    return _edit(request, pk, action)


@login_required
@require_POST
def list_reorder(request, pk: int):
    """Drag-and-drop: JSON {"order": [application ids]} with If-Match: <version>. Answers JSON."""
    ranked_list = _visible_list(request, pk)
    try:
        body = json.loads(request.body[:20000] or b"{}")
        order = [int(x) for x in body.get("order", [])][:200]
    except (ValueError, TypeError, AttributeError):
        return JsonResponse({"detail": _("排序：格式无效")}, status=400)
    version = _int(request.headers.get("If-Match", "").strip('"W/') or (body.get("version") if isinstance(body, dict) else None))
    if version is None:
        return JsonResponse({"detail": _("请在 If-Match 请求头中给出名单的当前版本号")}, status=428)
    try:
        ranked_list = services.reorder(ranked_list, order, request.user, version)
    except services.StaleList as stale:
        return JsonResponse({"detail": str(stale), "current_version": stale.current_version, "their_changes": stale.changes}, status=409)
    except services.ListRefused as refusal:
        return JsonResponse({"detail": str(refusal)}, status=400 if can(request.user, "recommendations.edit_list", ranked_list) else 403)
    return JsonResponse({"version": ranked_list.version, "detail": _("已调整顺序")})


@login_required
def list_submit(request, pk: int):
    """GET: the confirmation page with the ranked list; POST: submit it."""
    ranked_list = _visible_list(request, pk)
    if not can(request.user, "recommendations.edit_list", ranked_list):
        raise PermissionDenied
    if request.method == "POST":
        return _edit(request, pk, lambda rl, version: (
            services.submit_list(rl, request.user, version) and _("推荐名单已报送（%(at)s）") % {
                "at": date_format(clock.now().astimezone(clock.SHANGHAI), "DATETIME_FORMAT")}, None))
    entries = list(ranked_list.entries.select_related("application__enterprise", "application__campaign")
                   .prefetch_related("application__snapshots"))
    others = (unit_applications(ranked_list.unit_id, ranked_list.campaign, ranked_list.tier)
              .filter(state=State.SUBMITTED, list_entry__isnull=True).select_related("enterprise"))
    return render(request, "recommendations/submit.html", {
        "list": ranked_list, "rows": rows([e.application for e in entries]), "others": others,
        "deadline": ranked_list.campaign.recommendation_deadline,
        "open": ranked_list.campaign.is_open(Stage.RECOMMENDATION) and not ranked_list.is_submitted,
    })


@login_required
@require_POST
def list_reopen(request, pk: int):
    ranked_list = _visible_list(request, pk)
    try:
        services.reopen_list(ranked_list, request.user, request.POST.get("reason", "")[:2000])
    except services.ListRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("已退回重报，推荐单位已收到通知"))
    return redirect("recommendations:list", pk=pk)


@login_required
def summary_table(request, pk: int, fmt: str):
    from .summary import CONTENT_TYPES, SummaryUnavailable, download

    ranked_list = _visible_list(request, pk)
    if fmt not in CONTENT_TYPES:
        raise Http404
    try:
        name, data = download(ranked_list, fmt, request.user)
    except SummaryUnavailable as why:
        messages.error(request, str(why))
        return redirect("recommendations:list", pk=pk)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def campaign_of(request, pk) -> Campaign:
    return get_object_or_404(Campaign, pk=pk)


@require_perm("recommendations.manage_registries")
def registries(request):
    from . import registries as reg
    from .models import RegistryEntry, RegistryImport, RegistryKind

    if request.method == "POST":
        upload = request.FILES.get("file")
        kind = request.POST.get("kind", "")
        if upload is None:
            messages.error(request, _("文件：请选择要导入的 xlsx 文件"))
        elif upload.size > reg.MAX_BYTES:
            messages.error(request, _("文件：超过 %(n)s MB") % {"n": reg.MAX_BYTES // 1024 // 1024})
        else:
            try:
                result = reg.upload(kind, upload.name, upload.read(), request.user)
            except reg.RegistryRefused as refusal:
                messages.error(request, str(refusal))
            else:
                return redirect("recommendations:registry", pk=result.pk)
        return redirect("recommendations:registries")
    counts = {k: RegistryEntry.objects.filter(kind=k).count() for k in RegistryKind.values}
    return render(request, "recommendations/registries.html", {
        "kinds": [(k, label, counts[k]) for k, label in RegistryKind.choices],
        "imports": RegistryImport.objects.select_related("uploaded_by")[:30],
        "columns": reg.COLUMNS,
    })


@require_perm("recommendations.manage_registries")
def registry(request, pk: int):
    from .models import RegistryImport

    result = get_object_or_404(RegistryImport, pk=pk)
    return render(request, "recommendations/registry.html", {"result": result, "diff": result.diff or {}})


@require_perm("recommendations.manage_registries")
@require_POST
def registry_apply(request, pk: int):
    from . import registries as reg
    from .models import RegistryImport

    result = get_object_or_404(RegistryImport, pk=pk)
    try:
        reg.apply(result, request.user)
    except reg.RegistryRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("已导入 %(n)s 条") % {"n": len(result.rows)})
    return redirect("recommendations:registry", pk=pk)


@require_perm("recommendations.oversee")
def overview(request):
    from .overview import campaign_rows, chart

    campaign = chosen_campaign(request)
    rows_ = campaign_rows(campaign, Application.objects.all()) if campaign else []
    charts = [(dict(TIER_CHOICES)[t], chart(rows_, t)) for t in SUMMARY_TIERS if campaign and t in campaign.tiers_open]
    from factorytier.jobs.models import Job

    return render(request, "recommendations/overview.html", {
        "campaign": campaign, "campaigns": active_campaigns(request), "rows": rows_, "charts": charts,
        "jobs": Job.objects.filter(owner=request.user, kind__startswith="recommendation_")[:10],
    })


@require_perm("recommendations.record_paper")
def paper(request):
    """Paper copies of one unit's recommended applications: receipt by digest (typed, scanned) or scanned PDF."""
    from factorytier.accounts.models import RecommendingUnit
    from factorytier.applications.selectors import RECOMMENDED_OR_LATER

    from .selectors import through_unit

    campaign = chosen_campaign(request)
    unit = RecommendingUnit.objects.filter(pk=_int(request.GET.get("unit"), 0)).first()
    if campaign is None or unit is None:
        raise Http404(_("请选择批次和推荐单位"))
    apps = (Application.objects.filter(through_unit(unit.pk), campaign=campaign, state__in=RECOMMENDED_OR_LATER)
            .select_related("enterprise", "paper_receipt").order_by("tier", "list_entry__rank"))
    missing = [a for a in apps if not hasattr(a, "paper_receipt")]
    return render(request, "recommendations/paper.html", {"campaign": campaign, "unit": unit, "apps": apps, "missing": missing})


@require_perm("recommendations.record_paper")
@require_POST
def paper_record(request, pk: int):
    application = get_object_or_404(applications_for_user(request.user), pk=pk)
    upload = request.FILES.get("scan")
    try:
        if upload is not None:
            if upload.size > 30 * 1024 * 1024:
                raise services.ListRefused(_("扫描件：超过 30 MB"))
            receipt = services.record_paper(application, request.user, pdf=upload.read())
        else:
            receipt = services.record_paper(application, request.user, text=request.POST.get("digest", ""))
    except services.ListRefused as refusal:
        messages.error(request, with_data(_("%(name)s：%(why)s"), name=application.enterprise.name, why=refusal))
    else:
        if receipt.matches:
            messages.success(request, with_data(_("%(name)s：纸质版一致"), name=application.enterprise.name))
        else:
            messages.error(request, with_data(_("%(name)s：纸质版与线上提交版本不一致（摘要 %(digest)s…）"),
                                               name=application.enterprise.name, digest=receipt.digest_entered[:12]))
    from .selectors import recommending_unit_id

    return redirect(f"{reverse('recommendations:paper')}?campaign={application.campaign_id}&unit={recommending_unit_id(application)}")


EXPORT_KINDS = {"recommended": ("recommendation_recommended", "已推荐项目汇总（Excel）"),
                "pdfs": ("recommendation_pdfs", "全部已提交申报书 PDF（zip）")}


@require_perm("recommendations.oversee")
@require_POST
def export(request, pk: int, kind: str):
    from factorytier.jobs.services import start_job

    campaign = get_object_or_404(Campaign, pk=pk)
    if kind not in EXPORT_KINDS:
        raise Http404
    job_kind, label = EXPORT_KINDS[kind]
    job = start_job(request.user, job_kind, f"{campaign.name} · {label}", {"campaign_id": campaign.pk})
    return redirect("jobs:detail", pk=job.pk)


@require_perm("recommendations.oversee")
@require_POST
def dossier(request, pk: int):
    from factorytier.jobs.services import start_job

    application = get_object_or_404(applications_for_user(request.user), pk=pk)
    job = start_job(request.user, "recommendation_dossier", f"{application.number} 审计材料（zip）", {"application_id": application.pk})
    return redirect("jobs:detail", pk=job.pk)
