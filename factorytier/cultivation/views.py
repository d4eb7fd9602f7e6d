"""The 培育对象's period: the enterprise files milestones, reports and its acceptance application; the
commission follows every period and does the initial review."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from factorytier.accounts.choices import Role
from factorytier.applications.models import State
from factorytier.core.permissions import can

from . import services
from .models import Cultivation
from .services import CultivationRefused


def _visible(user):
    qs = Cultivation.objects.select_related("application__enterprise", "application__campaign")
    if user.role == Role.COMMISSION:
        return qs
    if user.role == Role.ENTERPRISE and user.enterprise_id:
        return qs.filter(application__enterprise_id=user.enterprise_id)
    return qs.none()


@login_required
def cultivation_list(request):
    items = list(_visible(request.user))
    if not items and request.user.role not in (Role.COMMISSION, Role.ENTERPRISE):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    rows = [{"c": c, "status": services.status_label(c), "lapsed": services.is_lapsed(c)} for c in items]
    return render(request, "cultivation/list.html", {"rows": rows})


@login_required
def cultivation_detail(request, pk: int):
    c = get_object_or_404(_visible(request.user), pk=pk)
    state = c.application.state
    return render(request, "cultivation/detail.html", {
        "c": c, "status": services.status_label(c), "lapsed": services.is_lapsed(c),
        "can_file": can(request.user, "cultivation.file", c) and state not in services.FINISHED,
        "can_apply": can(request.user, "cultivation.file", c) and state in (State.CULTIVATION, State.ACCEPTANCE_RETURNED),
        "can_review": request.user.role == Role.COMMISSION and state == State.ACCEPTANCE_APPLIED,
        "milestones": c.milestones.all(), "reports": c.reports.select_related("filed_by"),
    })


def _date(value):
    try:
        return dt.date.fromisoformat(str(value or "")[:10])
    except ValueError:
        return None


@login_required
@require_POST
def cultivation_action(request, pk: int, action: str):
    c = get_object_or_404(_visible(request.user), pk=pk)
    p = request.POST
    try:
        if action == "milestone":
            services.add_milestone(request.user, c, p.get("title", "")[:300], _date(p.get("due_on")), _date(p.get("done_on")),
                                   p.get("note", "")[:600])
            done = _("里程碑已添加")
        elif action == "report":
            services.file_report(request.user, c, p.get("period", "")[:60], p.get("text", "")[:6000])
            done = _("进展报告已提交")
        elif action == "apply":
            services.apply_acceptance(request.user, c, p.get("summary", "")[:6000])
            done = _("验收申请已提交，等待市经信委初审")
        elif action == "review":
            services.initial_review(request.user, c, p.get("passed") == "1", p.get("reason", "")[:3000])
            done = _("初审已办理")
        else:
            raise CultivationRefused(_("未知操作"))
    except CultivationRefused as exc:
        messages.error(request, _("未能完成操作：%(why)s") % {"why": exc})
    else:
        messages.success(request, done)
    return redirect("cultivation:detail", pk=pk)
