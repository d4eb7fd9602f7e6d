"""The review over the API, each answer scoped to the caller: the same services and selectors as the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from factorytier.accounts.models import Enterprise, User
from factorytier.applications.models import Application
from factorytier.campaigns.models import Campaign
from factorytier.core.permissions import can

from . import services
from .aggregate import sheets_visible_to, summarise
from .models import Assignment, Conflict, OnsiteCheck
from .selectors import expert_assignments
from .services import ReviewRefused, criteria_for

router = Router(tags=["专家评审"])


class InputError(Schema):
    path: str
    message: str


class InputErrorsOut(Schema):
    detail: str
    errors: list[InputError]


class MessageOut(Schema):
    """Same shape as the applications API's MessageOut (one OpenAPI component)."""

    detail: str


def answers(ok: int, schema) -> dict:
    """The answers every endpoint documents: its own, and refusals (400 rule, 401 not logged in,
    403 not this role's, 404 not visible, 422 malformed input)."""
    return {ok: schema, 400: MessageOut, 401: MessageOut, 403: MessageOut, 404: MessageOut, 422: InputErrorsOut}


class AssignmentOut(Schema):
    id: int
    application_id: int
    application_number: str
    enterprise: str
    tier: str
    expert_id: int
    expert: str
    status: str
    source: str
    explanation: str
    published: bool


class InterestConflictOut(Schema):
    id: int
    expert_id: int
    enterprise: str
    enterprise_uscc: str
    kind: str
    source: str
    status: str
    note: str
    pinned: bool


class ConflictIn(Schema):
    enterprise_uscc: str = Field(..., max_length=18)
    kind: str = Field(..., max_length=30)
    note: str = Field("", max_length=500)
    expert_id: int | None = Field(None, ge=1, le=2_000_000_000, description="市经信委认定时填写专家")


class DeclareIn(Schema):
    kind: str = Field(..., max_length=30)
    note: str = Field("", max_length=500)


class ManualIn(Schema):
    application_id: int = Field(..., ge=1, le=2_000_000_000)
    expert_id: int = Field(..., ge=1, le=2_000_000_000)


class ScoresIn(Schema):
    scores: dict[str, int] = Field(..., max_length=20)
    comments: dict[str, str] = Field(default_factory=dict, max_length=20)
    submit: bool = False


class SheetOut(Schema):
    expert: str
    scores: dict[str, int]
    comments: dict[str, str]
    weighted_total: Decimal | None
    submitted_at: dt.datetime | None


class CriterionOut(Schema):
    id: str
    name: str
    weight: int
    max: int
    mean: Decimal
    median: Decimal
    stdev: Decimal
    spread: int


class ScoreSummaryOut(Schema):
    application_id: int
    submitted: int
    assigned: int
    mean: Decimal | None
    median: Decimal | None
    stdev: Decimal | None
    spread: Decimal | None
    criteria: list[CriterionOut]


class FindingIn(Schema):
    clause: str = Field(..., max_length=20)
    result: str = Field(..., max_length=10)
    note: str = Field("", max_length=1000)


class OnsiteIn(Schema):
    date: dt.date
    team: str = Field(..., max_length=500)
    findings: list[FindingIn] = Field(default_factory=list, max_length=60)
    conclusion: str = Field(..., max_length=20)
    summary: str = Field("", max_length=2000)


class OnsiteOut(Schema):
    id: int
    application_id: int
    date: dt.date
    team: str
    findings: list[dict]
    conclusion: str
    summary: str


def _assignment_out(a: Assignment) -> dict:
    return {"id": a.pk, "application_id": a.application_id, "application_number": a.application.number,
            "enterprise": a.application.enterprise.name, "tier": a.application.tier, "expert_id": a.expert_id,
            "expert": str(a.expert), "status": a.status, "source": a.source, "explanation": a.explanation,
            "published": a.published_at is not None}


def _conflict_out(c: Conflict) -> dict:
    return {"id": c.pk, "expert_id": c.expert_id, "enterprise": c.enterprise.name, "enterprise_uscc": c.enterprise.uscc,
            "kind": c.kind, "source": c.source, "status": c.status, "note": c.note, "pinned": c.pinned}


def _manager(request) -> bool:
    return can(request.user, "reviews.manage")


def _refused(exc) -> Status:
    return Status(400, {"detail": str(exc)})


@router.get("/reviews/assignments", response=answers(200, list[AssignmentOut]), summary="评审分配（专家：本人的；市经信委：某批次的）")
def list_assignments(request, campaign_id: int | None = None):
    if _manager(request):
        if campaign_id is None:
            return Status(403, {"detail": "请指定批次 campaign_id"})
        qs = Assignment.objects.filter(application__campaign_id=campaign_id).select_related("application__enterprise", "expert")
    elif can(request.user, "reviews.score"):
        qs = expert_assignments(request.user).select_related("expert")
    else:
        return Status(403, {"detail": "没有权限"})
    return Status(200, [_assignment_out(a) for a in qs[:2000]])


@router.post("/reviews/assignments", response=answers(201, AssignmentOut), summary="人工分配专家")
def manual_assign(request, payload: ManualIn):
    if not _manager(request):
        return Status(403, {"detail": "没有权限"})
    application = get_object_or_404(Application, pk=payload.application_id)
    expert = get_object_or_404(User, pk=payload.expert_id)
    try:
        a = services.assign_by_hand(request.user, application, expert)
    except ReviewRefused as exc:
        return _refused(exc)
    return Status(201, _assignment_out(a))


@router.post("/reviews/campaigns/{campaign_id}/assignments/auto", response=answers(200, list[AssignmentOut]),
             summary="自动分配（最小费用流，待发布）")
def auto_assign(request, campaign_id: int):
    if not _manager(request):
        return Status(403, {"detail": "没有权限"})
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    try:
        created = services.auto_assign(request.user, campaign)
    except ReviewRefused as exc:
        return _refused(exc)
    ids = [a.pk for a in created]
    return Status(200, [_assignment_out(a) for a in Assignment.objects.filter(pk__in=ids).select_related("application__enterprise", "expert")])


@router.post("/reviews/campaigns/{campaign_id}/assignments/publish", response=answers(200, MessageOut),
             summary="发布分配并通知专家")
def publish_assignments(request, campaign_id: int):
    if not _manager(request):
        return Status(403, {"detail": "没有权限"})
    try:
        n = services.publish_assignments(request.user, get_object_or_404(Campaign, pk=campaign_id))
    except ReviewRefused as exc:
        return _refused(exc)
    return Status(200, {"detail": f"已发布 {n} 项分配"})


@router.get("/reviews/conflicts", response=answers(200, list[InterestConflictOut]), summary="利益冲突（专家：本人的）")
def list_conflicts(request):
    if _manager(request):
        qs = Conflict.objects.all()
    elif can(request.user, "reviews.own_profile"):
        qs = Conflict.objects.filter(expert=request.user)
    else:
        return Status(403, {"detail": "没有权限"})
    return Status(200, [_conflict_out(c) for c in qs.select_related("enterprise")[:2000]])


@router.post("/reviews/conflicts", response=answers(201, InterestConflictOut),
             summary="申报（专家）或认定（市经信委）利益冲突")
def add_conflict(request, payload: ConflictIn):
    enterprise = Enterprise.objects.filter(uscc=payload.enterprise_uscc.strip().upper()).first()
    if enterprise is None:
        return Status(404, {"detail": "enterprise_uscc：平台中没有该企业"})
    try:
        if _manager(request):
            if payload.expert_id is None:
                return Status(400, {"detail": "expert_id：请指定专家"})
            c = services.pin_conflict(request.user, get_object_or_404(User, pk=payload.expert_id), enterprise, payload.kind, payload.note)
        else:
            c = services.declare_conflict(request.user, enterprise, payload.kind, payload.note)
    except ReviewRefused as exc:
        return Status(403 if "权限" in str(exc) else 400, {"detail": str(exc)})
    return Status(201, _conflict_out(c))


@router.post("/reviews/assignments/{assignment_id}/conflict", response=answers(200, list[str]), summary="评审时申报回避")
def declare_on_opening(request, assignment_id: int, payload: DeclareIn):
    a = get_object_or_404(expert_assignments(request.user), pk=assignment_id)
    try:
        _c, replacements = services.declare_on_opening(request.user, a, payload.kind, payload.note)
    except ReviewRefused as exc:
        return _refused(exc)
    return Status(200, [str(u) for u in replacements] if _manager(request) else [])


def _sheet_out(s, anonymous: bool, n: int) -> dict:
    return {"expert": f"专家{n}" if anonymous else str(s.assignment.expert), "scores": s.scores, "comments": s.comments,
            "weighted_total": s.weighted_total, "submitted_at": s.submitted_at}


@router.get("/reviews/assignments/{assignment_id}/scores", response=answers(200, list[SheetOut]), summary="评分（提交本人评分前只能看到本人的）")
def read_scores(request, assignment_id: int):
    a = get_object_or_404(expert_assignments(request.user), pk=assignment_id)
    sheets = sheets_visible_to(request.user, a.application)
    return [_sheet_out(s, s.assignment.expert_id != request.user.pk, i) for i, s in enumerate(sheets, 1)]


@router.put("/reviews/assignments/{assignment_id}/scores", response=answers(200, SheetOut), summary="暂存或提交评分")
def write_scores(request, assignment_id: int, payload: ScoresIn):
    a = get_object_or_404(expert_assignments(request.user), pk=assignment_id)
    try:
        sheet = services.save_scores(request.user, a, {k[:40]: v for k, v in payload.scores.items()},
                                     {k[:40]: v for k, v in payload.comments.items()}, submit=payload.submit)
    except ReviewRefused as exc:
        return _refused(exc)
    sheet.assignment = a
    return Status(200, _sheet_out(sheet, False, 0))


@router.get("/reviews/applications/{application_id}/scores", response=answers(200, ScoreSummaryOut), summary="评分汇总（市经信委）")
def application_scores(request, application_id: int):
    if not _manager(request):
        return Status(403, {"detail": "没有权限"})
    application = get_object_or_404(Application, pk=application_id)
    sheets = list(sheets_visible_to(request.user, application))
    assigned = Assignment.objects.filter(application=application).exclude(status=Assignment.Status.DECLINED).count()
    s = summarise(criteria_for(application), sheets, application.pk, assigned)
    return Status(200, {**s.__dict__, "criteria": [c.__dict__ for c in s.criteria]})


def _onsite_out(c: OnsiteCheck) -> dict:
    return {"id": c.pk, "application_id": c.application_id, "date": c.date, "team": c.team, "findings": c.findings,
            "conclusion": c.conclusion, "summary": c.summary}


@router.get("/reviews/applications/{application_id}/onsite-checks", response=answers(200, list[OnsiteOut]), summary="现场核查记录")
def list_onsite(request, application_id: int):
    if not _manager(request):
        return Status(403, {"detail": "没有权限"})
    return Status(200, [_onsite_out(c) for c in OnsiteCheck.objects.filter(application_id=application_id)])


@router.post("/reviews/applications/{application_id}/onsite-checks", response=answers(201, OnsiteOut),
             summary="记录现场核查（通知企业核查日期）")
def add_onsite(request, application_id: int, payload: OnsiteIn):
    if not _manager(request):
        return Status(403, {"detail": "没有权限"})
    application = get_object_or_404(Application.objects.select_related("campaign", "enterprise"), pk=application_id)
    try:
        c = services.record_onsite_check(request.user, application, date=payload.date, team=payload.team,
                                         findings=[f.dict() for f in payload.findings], conclusion=payload.conclusion,
                                         summary=payload.summary)
    except ReviewRefused as exc:
        return _refused(exc)
    return Status(201, _onsite_out(c))
