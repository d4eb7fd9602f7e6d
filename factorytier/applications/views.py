from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from factorytier.audit.services import record, snapshot
from factorytier.campaigns.models import TIER_NAMES
from factorytier.campaigns.selectors import active_campaigns, current_campaign
from factorytier.core.permissions import can, require_perm
from factorytier.rendering.builder import content_view

from .content import empty_content
from .drafts import EDITABLE_STATES
from .models import Application, Attachment, State
from .readiness import frozen_facts_view
from .selectors import applications_for_user
from .services import TransitionRefused, allowed_moves, made_by_list, set_application_state
from .versions import keep_version

MOVE_LABELS = {
    State.SUBMITTED: "提交申报", State.WITHDRAWN: "撤回申报", State.DRAFT: "重新编辑", State.RETURNED: "退回修改",
    State.RECOMMENDED: "推荐", State.NOT_RECOMMENDED: "不予推荐", State.UNDER_REVIEW: "进入评审",
    State.APPROVED: "认定通过", State.CULTIVATION: "列为培育对象", State.REJECTED: "不予认定",
    State.ACCEPTANCE_APPLIED: "申请验收", State.ACCEPTED: "验收通过", State.ACCEPTANCE_FAILED: "验收不通过",
}


# Rows per page of the application list (an officer's queue may hold a district's thousand).
LIST_PAGE_SIZE = 50


@login_required
def application_list(request):
    # Paged, without the content column (30–70 KB a row): the list shows none of it.
    apps = (applications_for_user(request.user).defer("content")
            .order_by("campaign", "tier", "enterprise__name", "pk"))
    page = Paginator(apps, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    campaign = current_campaign()
    return render(request, "applications/list.html", {"applications": page.object_list, "page": page, "campaign": campaign})


@login_required
def application_detail(request, pk: int):
    application = get_object_or_404(applications_for_user(request.user), pk=pk)
    moves = [
        (state, MOVE_LABELS.get(state, State(state).label), move.needs_reason)
        for state, move in allowed_moves(application, request.user)
    ]
    history = application.history.select_related("actor")
    snapshot = application.snapshots.first()
    can_edit = can(request.user, "applications.edit", application) and application.state in EDITABLE_STATES
    return render(request, "applications/detail.html", {
        "application": application, "moves": moves, "history": history, "snapshot": snapshot, "can_edit": can_edit,
        "attachments": application.attachments.all(), "document": content_view(application),
        "frozen": frozen_facts_view(application, snapshot),
    })


@login_required
def attachment_download(request, pk: int, attachment_id: int):
    application = get_object_or_404(applications_for_user(request.user), pk=pk)
    attachment = get_object_or_404(Attachment, pk=attachment_id, application=application)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name,
                        content_type=attachment.content_type)


@login_required
@require_POST
def application_move(request, pk: int):
    application = get_object_or_404(applications_for_user(request.user), pk=pk)
    to_state = request.POST.get("to_state", "")
    if to_state not in State.values:
        messages.error(request, "操作无效：未知的目标状态")
        return redirect("applications:detail", pk=pk)
    if made_by_list(application.state, to_state):
        messages.error(request, "推荐与不予推荐须通过本单位的推荐名单排序并报送（名额与推荐顺序一并核对），请到“推荐审核”页面操作")
        return redirect("applications:detail", pk=pk)
    try:
        set_application_state(application, to_state, request.user, request.POST.get("reason", ""))
    except TransitionRefused as refusal:
        messages.error(request, f"未能完成操作：{refusal}")
        for _path, reason in refusal.reasons[:30]:
            messages.error(request, reason)
        if to_state == State.SUBMITTED and refusal.reasons:
            return redirect("applications:edit", pk=pk)
    else:
        messages.success(request, f"已完成：{MOVE_LABELS.get(to_state, State(to_state).label)}")
    return redirect("applications:detail", pk=pk)


@require_perm("applications.view_own")
@require_POST
def application_create(request):
    campaign = next((c for c in active_campaigns() if str(c.pk) == request.POST.get("campaign", "")), None)
    tier = request.POST.get("tier", "")
    if campaign is None or tier not in campaign.tiers_open:
        messages.error(request, "申报层级：本批次未开放该层级的申报")
        return redirect("applications:list")
    if not campaign.is_open("application"):
        messages.error(request, "本批次企业申报已截止，不能再新建申报书")
        return redirect("applications:list")
    enterprise = request.user.enterprise
    try:
        with transaction.atomic():
            application = Application.objects.create(
                enterprise=enterprise, campaign=campaign, tier=tier,
                title=f"{enterprise.name}{TIER_NAMES[tier]}智能工厂项目", content=empty_content(enterprise),
            )
            record(request.user, "application.create", application, after=snapshot(application, ["tier", "title", "state"]))
            keep_version(application, request.user, [], note="新建")
    except IntegrityError:
        messages.error(request, f"申报层级：本企业在本批次已有{TIER_NAMES[tier]}申报书")
        return redirect("applications:list")
    messages.success(request, "申报书已创建，内容将自动保存。")
    return redirect("applications:edit", pk=application.pk)
