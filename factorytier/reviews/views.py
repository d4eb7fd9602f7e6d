"""Pages of the review: the expert's tasks, profile and scoring; the commission's pool, conflicts and assignment."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from factorytier import policy
from factorytier.accounts.choices import MANUFACTURING_DIVISIONS, Role
from factorytier.accounts.models import Enterprise, User
from factorytier.applications.models import Application, State
from factorytier.applications.services import TransitionRefused
from factorytier.audit.services import record, snapshot
from factorytier.campaigns.models import Campaign
from factorytier.core import clock
from factorytier.core.language import with_data
from factorytier.core.permissions import require_perm
from factorytier.rendering.builder import content_view

from . import services
from .aggregate import campaign_scores, sheets_visible_to, summarise
from .models import Assignment, Conflict, ConflictKind, ExpertProfile, OnsiteCheck, OnsiteFile
from .paths import available_moves, move_on_path, state_label
from .selectors import expert_assignments
from .services import ReviewRefused, criteria_for

MANAGE = "reviews.manage"


def _fail(request, exc) -> None:
    messages.error(request, gettext("未能完成操作：%(reason)s") % {"reason": exc})


def _int(value) -> int | None:
    value = str(value or "").strip()
    return int(value) if value.isdigit() and len(value) <= 9 else None


# ---------------------------------------------------------------- expert

@require_perm("reviews.score")
def my_tasks(request):
    # Issue 12 item 3: the list pages, sorts and filters (unknown values are ignored).
    from django.core.paginator import Paginator

    sorts = {"due": ("due_at", "id"), "-assigned": ("-assigned_at", "-id"), "status": ("status", "application__campaign", "id")}
    status = request.GET.get("status", "")
    sort = request.GET.get("sort", "")
    assignments = expert_assignments(request.user)
    if status in Assignment.Status.values:
        assignments = assignments.filter(status=status)
    assignments = assignments.order_by(*sorts.get(sort, sorts["status"]))
    page = Paginator(assignments, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "reviews/my_tasks.html", {
        "assignments": page.object_list, "page": page, "query": query.urlencode(), "status": status, "sort": sort,
        "statuses": Assignment.Status.choices,
    })


def _my_assignment(request, pk: int) -> Assignment:
    return get_object_or_404(expert_assignments(request.user), pk=pk)


@require_perm("reviews.score")
def score(request, pk: int):
    assignment = _my_assignment(request, pk)
    application = assignment.application
    criteria = criteria_for(application)
    if request.method == "POST":
        scores = {c.id: request.POST.get(f"score_{c.id}", "")[:10] for c in criteria}
        comments = {c.id: request.POST.get(f"comment_{c.id}", "")[:3000] for c in criteria}
        submit = request.POST.get("submit") == "1"
        try:
            services.save_scores(request.user, assignment, scores, comments, submit=submit)
        except ReviewRefused as exc:
            _fail(request, exc)
        else:
            messages.success(request, gettext("评分已提交") if submit else gettext("评分已暂存"))
            return redirect("reviews:score", pk=pk)
    sheet = getattr(assignment, "sheet", None)
    rows = [{"c": c, "score": (sheet.scores.get(c.id, "") if sheet else ""), "comment": (sheet.comments.get(c.id, "") if sheet else "")}
            for c in criteria]
    submitted = sheet is not None and sheet.submitted_at is not None
    others = [s for s in sheets_visible_to(request.user, application) if s.assignment.expert_id != request.user.pk] if submitted else []
    return render(request, "reviews/score.html", {
        "assignment": assignment, "application": application, "rows": rows, "sheet": sheet, "submitted": submitted,
        "others": others, "criteria": criteria, "kinds": ConflictKind.choices, "document": content_view(application),
    })


@require_perm("reviews.score")
@require_POST
def declare_on_opening(request, pk: int):
    assignment = _my_assignment(request, pk)
    try:
        services.declare_on_opening(request.user, assignment, request.POST.get("kind", ""), request.POST.get("note", "")[:600])
    except ReviewRefused as exc:
        _fail(request, exc)
        return redirect("reviews:score", pk=pk)
    messages.success(request, gettext("已申报回避：该申报书已从您的评审任务中移除，市经信委将另行安排专家"))
    return redirect("reviews:my_tasks")


def _catalogue():
    return policy.default_catalogue()


@require_perm("reviews.own_profile")
def my_profile(request):
    profile = ExpertProfile.objects.filter(user=request.user).first()
    if profile is None:
        raise Http404
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "declare":
                enterprise = Enterprise.objects.filter(uscc=request.POST.get("uscc", "").strip().upper()[:18]).first()
                if enterprise is None:
                    raise ReviewRefused(gettext("企业统一社会信用代码：平台中没有该企业（未申报的企业无需申报）"))
                services.declare_conflict(request.user, enterprise, request.POST.get("kind", ""), request.POST.get("note", "")[:600])
                messages.success(request, with_data(gettext("已申报与 %(enterprise)s 的利益关系"), enterprise=enterprise))
            else:
                services.update_profile(request.user, profile, **_profile_fields(request))
                messages.success(request, gettext("资料已保存"))
        except ReviewRefused as exc:
            _fail(request, exc)
        else:
            return redirect("reviews:my_profile")
    conflicts = Conflict.objects.filter(expert=request.user).select_related("enterprise")
    return render(request, "reviews/my_profile.html", {"profile": profile, "conflicts": conflicts, "kinds": ConflictKind.choices,
                                                       **_choices(profile)})


def _profile_fields(request) -> dict:
    return {
        "organisation": request.POST.get("organisation", "")[:300], "organisation_uscc": request.POST.get("organisation_uscc", "")[:30],
        "corporate_group": request.POST.get("corporate_group", "")[:300], "title": request.POST.get("title", "")[:200],
        "industries": request.POST.getlist("industries")[:40], "guide_links": request.POST.getlist("guide_links")[:20],
    }


def _choices(profile=None) -> dict:
    return {"divisions": [(code, name, bool(profile and code in profile.industries)) for code, name in MANUFACTURING_DIVISIONS],
            "links": [(name, bool(profile and name in profile.guide_links)) for name in _catalogue().guide_links]}


@require_perm("reviews.own_profile")
@require_POST
def remove_conflict(request, pk: int):
    conflict = get_object_or_404(Conflict, pk=pk, expert=request.user)
    try:
        services.remove_declared_conflict(request.user, conflict)
    except ReviewRefused as exc:
        _fail(request, exc)
    else:
        messages.success(request, gettext("已删除该申报"))
    return redirect("reviews:my_profile")


def invitation(request, uidb64: str, token: str):
    """The invited expert sets a password (the link works once), then completes the profile."""
    try:
        user = User.objects.get(pk=int(force_str(urlsafe_base64_decode(uidb64[:40]))), role=Role.EXPERT)
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        user = None
    if user is None or not default_token_generator.check_token(user, token[:100]):
        return render(request, "reviews/invitation.html", {"invalid": True}, status=400)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            record(user, "expert.accept_invitation", user, note="设置密码")
        auth_login(request, user, backend="factorytier.accounts.backends.UsernameOrMobileBackend")
        messages.success(request, gettext("密码已设置，请核对本人资料并申报利益关系"))
        return redirect("reviews:my_profile")
    return render(request, "reviews/invitation.html", {"form": form, "expert": user})


# ---------------------------------------------------------------- commission: pool and conflicts

@require_perm(MANAGE)
def pool(request):
    if request.method == "POST":
        try:
            services.invite_expert(request.user, username=request.POST.get("username", "")[:60],
                                   email=request.POST.get("email", "")[:300], name=request.POST.get("name", "")[:100],
                                   **{k: v for k, v in _profile_fields(request).items() if k != "title"})
        except ReviewRefused as exc:
            _fail(request, exc)
        else:
            messages.success(request, gettext("已加入专家库并发送邀请邮件"))
            return redirect("reviews:pool")
    experts = ExpertProfile.objects.select_related("user").order_by("name")
    return render(request, "reviews/pool.html", {"experts": experts, **_choices()})


@require_perm(MANAGE)
def expert_detail(request, pk: int):
    profile = get_object_or_404(ExpertProfile.objects.select_related("user"), pk=pk)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "pin":
                enterprise = Enterprise.objects.filter(uscc=request.POST.get("uscc", "").strip().upper()[:18]).first()
                if enterprise is None:
                    raise ReviewRefused(gettext("企业统一社会信用代码：平台中没有该企业"))
                services.pin_conflict(request.user, profile.user, enterprise, request.POST.get("kind", ""),
                                      request.POST.get("note", "")[:600])
                messages.success(request, with_data(gettext("已认定 %(expert)s 与 %(enterprise)s 的利益冲突"), expert=profile.name, enterprise=enterprise))
            else:
                services.update_profile(request.user, profile, **_profile_fields(request))
                messages.success(request, gettext("资料已保存"))
        except ReviewRefused as exc:
            _fail(request, exc)
        else:
            return redirect("reviews:expert", pk=pk)
    conflicts = Conflict.objects.filter(expert=profile.user).select_related("enterprise")
    return render(request, "reviews/expert.html", {"profile": profile, "conflicts": conflicts, "kinds": ConflictKind.choices,
                                                   **_choices(profile)})


@require_perm(MANAGE)
def conflicts(request):
    if request.method == "POST" and request.POST.get("action") == "scan":
        n = services.scan_conflicts(request.user)
        messages.success(request, gettext("比对完成：新发现 %(n)s 项可能冲突") % {"n": n})
        return redirect("reviews:conflicts")
    rows = Conflict.objects.select_related("expert__expert_profile", "enterprise").order_by("status", "-created_at")[:500]
    return render(request, "reviews/conflicts.html", {"conflicts": rows})


@require_perm(MANAGE)
@require_POST
def conflict_decide(request, pk: int):
    conflict = get_object_or_404(Conflict, pk=pk)
    try:
        services.decide_possible_conflict(request.user, conflict, request.POST.get("confirm") == "1")
    except ReviewRefused as exc:
        _fail(request, exc)
    else:
        messages.success(request, gettext("已确认为利益冲突") if request.POST.get("confirm") == "1" else gettext("已排除"))
    return redirect("reviews:conflicts")


# ---------------------------------------------------------------- commission: assignment and scores

@require_perm(MANAGE)
def campaign_assignments(request, pk: int):
    campaign = get_object_or_404(Campaign, pk=pk)
    applications = list(services.reviewable(campaign).order_by("tier", "enterprise__name"))
    by_app: dict[int, list[Assignment]] = {}
    for a in Assignment.objects.filter(application__in=applications).select_related("expert"):
        by_app.setdefault(a.application_id, []).append(a)
    rows = [{"application": a, "assignments": by_app.get(a.pk, []),
             "active": sum(1 for x in by_app.get(a.pk, []) if x.status != Assignment.Status.DECLINED)} for a in applications]
    drafts = sum(1 for lst in by_app.values() for a in lst if a.published_at is None and a.status == Assignment.Status.ASSIGNED)
    return render(request, "reviews/assignments.html", {"campaign": campaign, "rows": rows, "drafts": drafts})


@require_perm(MANAGE)
@require_POST
def auto_assign(request, pk: int):
    campaign = get_object_or_404(Campaign, pk=pk)
    try:
        created = services.auto_assign(request.user, campaign)
    except ReviewRefused as exc:
        _fail(request, exc)
    else:
        messages.success(request, gettext("自动分配完成：新增 %(n)s 项分配（尚未发布，专家暂不可见）") % {"n": len(created)})
    return redirect("reviews:assignments", pk=pk)


@require_perm(MANAGE)
@require_POST
def publish_assignments(request, pk: int):
    campaign = get_object_or_404(Campaign, pk=pk)
    try:
        n = services.publish_assignments(request.user, campaign)
    except ReviewRefused as exc:
        _fail(request, exc)
    else:
        messages.success(request, gettext("已发布 %(n)s 项分配，并通知相关专家") % {"n": n})
    return redirect("reviews:assignments", pk=pk)


def _commission_application(pk: int) -> Application:
    return get_object_or_404(Application.objects.select_related("campaign", "enterprise").exclude(
        state__in=[State.DRAFT, State.WITHDRAWN]), pk=pk)


@require_perm(MANAGE)
def application_experts(request, pk: int):
    application = _commission_application(pk)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "remove":
                a = get_object_or_404(Assignment, pk=_int(request.POST.get("assignment")) or 0, application=application)
                services.unassign(request.user, a)
                messages.success(request, gettext("已取消分配"))
            else:
                expert = get_object_or_404(User, pk=_int(request.POST.get("expert")) or 0, role=Role.EXPERT)
                services.assign_by_hand(request.user, application, expert)
                messages.success(request, with_data(gettext("已分配 %(expert)s（待发布）"), expert=expert))
        except ReviewRefused as exc:
            _fail(request, exc)
        return redirect("reviews:application_experts", pk=pk)
    return render(request, "reviews/application_experts.html", {"application": application, "rows": services.explain(application)})


@require_perm(MANAGE)
def campaign_scores_page(request, pk: int):
    campaign = get_object_or_404(Campaign, pk=pk)
    apps = Application.objects.filter(campaign=campaign, assignments__isnull=False).distinct().select_related("enterprise", "campaign")
    rows = campaign_scores(apps, criteria_for)
    return render(request, "reviews/scores.html", {"campaign": campaign, "rows": rows})


@require_perm(MANAGE)
@require_POST
def application_move(request, pk: int):
    application = _commission_application(pk)
    target = request.POST.get("to_state", "")[:40]
    try:
        move_on_path(application, target, request.user, request.POST.get("reason", "")[:3000])
    except TransitionRefused as exc:
        _fail(request, exc)
    else:
        messages.success(request, gettext("已办理：%(state)s") % {"state": gettext(state_label(application, target))})
    return redirect("decisions:case", pk=pk)


@require_perm(MANAGE)
@require_POST
def onsite_record(request, pk: int):
    application = _commission_application(pk)
    try:
        date = dt.date.fromisoformat(request.POST.get("date", "")[:10])
    except ValueError:
        _fail(request, gettext("核查日期：请填写有效日期"))
        return redirect("decisions:case", pk=pk)
    clauses = request.POST.getlist("finding_clause")[:60]
    results = request.POST.getlist("finding_result")[:60]
    notes = request.POST.getlist("finding_note")[:60]
    findings = [{"clause": c, "result": r, "note": n} for c, r, n in zip(clauses, results, notes, strict=False) if c]
    check = None
    if _int(request.POST.get("check")):
        check = get_object_or_404(OnsiteCheck, pk=_int(request.POST.get("check")), application=application)
    try:
        with transaction.atomic():
            check = services.record_onsite_check(request.user, application, date=date, team=request.POST.get("team", "")[:600],
                                                 findings=findings, conclusion=request.POST.get("conclusion", ""),
                                                 summary=request.POST.get("summary", "")[:3000], check=check)
            for upload in request.FILES.getlist("files")[:10]:
                _keep_file(request, check, upload)
    except ReviewRefused as exc:
        _fail(request, exc)
    else:
        messages.success(request, gettext("现场核查记录已保存"))
    return redirect("decisions:case", pk=pk)


def _keep_file(request, check: OnsiteCheck, upload) -> None:
    from factorytier.applications.uploads import UploadRefused, checked_upload

    try:
        content_type, sha, name = checked_upload(upload, gettext("现场核查材料"))
    except UploadRefused as exc:
        raise ReviewRefused(str(exc)) from None
    f = OnsiteFile.objects.create(check_record=check, name=name, size=upload.size, content_type=content_type, sha256=sha,
                                  uploaded_at=clock.now(), file=upload, uploaded_by=request.user)
    record(request.user, "onsite.file", f, after=snapshot(f, ["name", "size", "content_type", "sha256"]))


@require_perm(MANAGE)
def onsite_file(request, pk: int, file_id: int):
    from django.http import FileResponse

    f = get_object_or_404(OnsiteFile, pk=file_id, check_record__application_id=pk)
    return FileResponse(f.file.open("rb"), as_attachment=True, filename=f.name, content_type=f.content_type)


def case_context(application: Application, user) -> dict:
    """What the commission's case page shows of the review (used by decisions' case page)."""
    assignments = list(Assignment.objects.filter(application=application).select_related("expert"))
    sheets = [a.sheet for a in assignments if hasattr(a, "sheet")]
    summary = summarise(criteria_for(application), sheets, application.pk,
                        sum(1 for a in assignments if a.status != Assignment.Status.DECLINED))
    catalogue = application.campaign.policy_catalogue
    tier_clauses = [r.clause.id for r in catalogue.tier_rules(application.tier)]
    return {
        "assignments": assignments, "summary": summary, "moves": available_moves(application, user),
        "checks": application.onsite_checks.prefetch_related("files"), "conclusions": OnsiteCheck.Conclusion.choices,
        "state_name": gettext(state_label(application, application.state)), "tier_clauses": tier_clauses,
    }
