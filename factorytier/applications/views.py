from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from factorytier.audit.services import record, snapshot
from factorytier.campaigns.models import TIER_NAMES
from factorytier.campaigns.selectors import active_campaigns, current_campaign
from factorytier.core.permissions import can, require_perm
from factorytier.rendering.builder import content_view

from .content import empty_content
from .drafts import EDITABLE_STATES
from .listing import filter_fields_html, filtered_page
from .models import Application, Attachment, State
from .presenters import MOVE_CONFIRMATIONS, next_steps
from .readiness import frozen_facts_view, live_application_facts
from .selectors import applications_for_user, for_tables
from .services import TransitionRefused, allowed_moves, made_by_list, set_application_state
from .submission import evaluate, submission_problems
from .versions import keep_version

MOVE_LABELS = {
    State.SUBMITTED: gettext_lazy("提交申报"), State.WITHDRAWN: gettext_lazy("撤回申报"),
    State.DRAFT: gettext_lazy("重新编辑"), State.RETURNED: gettext_lazy("退回修改"),
    State.RECOMMENDED: gettext_lazy("推荐"), State.NOT_RECOMMENDED: gettext_lazy("不予推荐"),
    State.UNDER_REVIEW: gettext_lazy("进入评审"), State.APPROVED: gettext_lazy("认定通过"),
    State.CULTIVATION: gettext_lazy("列为培育对象"), State.REJECTED: gettext_lazy("不予认定"),
    State.ACCEPTANCE_APPLIED: gettext_lazy("申请验收"), State.ACCEPTED: gettext_lazy("验收通过"),
    State.ACCEPTANCE_FAILED: gettext_lazy("验收不通过"),
}
# Moves the web form asks a reason for although the service does not insist (the API may withdraw without one).
REASON_ON_THE_WEB = {State.WITHDRAWN}


@login_required
def application_list(request):
    campaign = current_campaign()
    # Paged, without the content column (30–70 KB a row): the list shows none of it.
    form, page, query = filtered_page(for_tables(applications_for_user(request.user)), request.GET)
    return render(request, "applications/list.html", {
        "applications": page.object_list, "page": page, "query": query, "filter_fields": filter_fields_html(form),
        "campaign": campaign,
        "application_open": campaign is not None and campaign.is_open("application"),
        "may_create": request.user.role == "enterprise" and can(request.user, "applications.view_own"),
    })


@login_required
def application_detail(request, pk: int):
    application = get_object_or_404(applications_for_user(request.user), pk=pk)
    moves = [
        (state, MOVE_LABELS.get(state, State(state).label), move.needs_reason or state in REASON_ON_THE_WEB)
        for state, move in allowed_moves(application, request.user)
    ]
    history = application.history.select_related("actor")
    snapshot = application.snapshots.first()
    can_edit = can(request.user, "applications.edit", application) and application.state in EDITABLE_STATES
    return render(request, "applications/detail.html", {
        "application": application, "moves": moves, "history": history, "snapshot": snapshot, "can_edit": can_edit,
        "attachments": application.attachments.all(), "document": content_view(application),
        "frozen": frozen_facts_view(application, snapshot), "next_steps": next_steps(application),
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
    # Without the content: the move reads (and locks) the row itself; only the confirmation page loads it.
    application = get_object_or_404(applications_for_user(request.user).defer("content"), pk=pk)
    to_state = request.POST.get("to_state", "")
    if to_state not in State.values:
        messages.error(request, _("操作无效：未知的目标状态"))
        return redirect("applications:detail", pk=pk)
    if made_by_list(application.state, to_state):
        messages.error(request, _("推荐与不予推荐须通过本单位的推荐名单排序并报送（名额与推荐顺序一并核对），请到“推荐审核”页面操作"))
        return redirect("applications:detail", pk=pk)
    reason = request.POST.get("reason", "")
    if to_state in MOVE_CONFIRMATIONS and request.POST.get("confirmed") != "1":
        # Irreversible moves are explained and asked once; nothing changes until the confirmed form comes back.
        return _confirm_move(request, application, to_state, reason)
    if to_state in REASON_ON_THE_WEB and not reason.strip():
        messages.error(request, _("理由：撤回申报须填写理由，理由将记入办理记录"))
        return redirect("applications:detail", pk=pk)
    try:
        set_application_state(application, to_state, request.user, reason)
    except TransitionRefused as refusal:
        messages.error(request, _("未能完成操作：%(why)s") % {"why": refusal})
        for _path, why in refusal.reasons[:30]:
            messages.error(request, why)
        if to_state == State.SUBMITTED and refusal.reasons:
            return redirect("applications:edit", pk=pk)
    else:
        messages.success(request, _("已完成：%(move)s") % {"move": MOVE_LABELS.get(to_state, State(to_state).label)})
    return redirect("applications:detail", pk=pk)


def _confirm_move(request, application, to_state: str, reason: str):
    moves = dict(allowed_moves(application, request.user))
    if to_state not in moves:
        messages.error(request, _("申报书当前状态为“%(state)s”，您不能执行此操作") % {"state": application.get_state_display()})
        return redirect("applications:detail", pk=application.pk)
    if to_state == State.SUBMITTED:
        # What would stop the submission is said before asking, in the editor where it can be fixed.
        problems = submission_problems(application, evaluate(application, live_application_facts(application)))
        if problems:
            messages.error(request, _("尚不能提交：共 %(n)s 项需处理") % {"n": len(problems)})
            for _path, why in problems[:30]:
                messages.error(request, why)
            return redirect("applications:edit", pk=application.pk)
    return render(request, "applications/confirm_move.html", {
        "application": application, "to_state": to_state, "label": MOVE_LABELS.get(to_state, State(to_state).label),
        "confirmation": MOVE_CONFIRMATIONS[to_state](application),
        "needs_reason": moves[to_state].needs_reason or to_state in REASON_ON_THE_WEB, "reason": reason,
    })


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
