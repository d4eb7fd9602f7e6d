"""The enterprise's applications over the API: the same services and selector as the pages."""

import re
from datetime import datetime
from typing import Annotated, Any, Literal

from django.db import IntegrityError, transaction
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from ninja import Field, Header, Path, Router, Schema, Status

from factorytier.applications.content import empty_content
from factorytier.applications.drafts import DraftInvalid, NotEditable, VersionConflict, apply_save
from factorytier.applications.models import Application, Snapshot, State
from factorytier.applications.selectors import applications_for_user
from factorytier.applications.services import TransitionRefused, set_application_state
from factorytier.applications.submission import evaluate, submission_problems
from factorytier.applications.versions import keep_version
from factorytier.audit.services import record, snapshot
from factorytier.campaigns.models import TIER_NAMES, Campaign
from factorytier.core.permissions import can
from factorytier.rendering.jobs import CONTENT_TYPES, file_name, render_and_keep

router = Router(tags=["申报书"])


class Problem(Schema):
    path: str
    message: str


class ProblemsOut(Schema):
    detail: str
    errors: list[Problem]


class ConflictOut(Schema):
    detail: str
    current_version: int
    their_changes: list[str]


Tier = Literal["basic", "advanced", "excellent", "leading"]
# Row ids as the database holds them: anything larger is refused as input, not sent to the database.
ApplicationId = Annotated[int, Path(ge=1, le=2**31 - 1, description="申报书编号")]
IF_MATCH = Header(
    "", alias="If-Match", pattern=r'^(W/)?"?[0-9]{1,9}"?$',
    description="所修改的版本号（读取申报书时 ETag 给出，如 \"3\"）；缺少时答 428，版本已变时答 409",
    examples=['"1"'],
)


class CreateIn(Schema):
    campaign_id: int = Field(ge=1, le=2**31 - 1)
    tier: Tier


class PatchIn(Schema):
    changes: dict[str, Any] = Field(description="填写项路径 → 新值，如 {\"factory.summary\": \"……\"}",
                                    examples=[{"factory.summary": "本项目建设数字孪生工厂。", "factory.total_investment": "12345.67"}])
    save_id: str | None = Field(None, max_length=64, description="客户端生成的保存编号（UUID）：超时后重发同一保存时，返回原结果而非 409")


class SavedOut(Schema):
    id: int
    version: int
    saved_at: datetime
    replayed: bool
    findings: dict | None = None


class SummaryOut(Schema):
    id: int
    number: str
    enterprise: str
    campaign_id: int
    tier: Tier
    title: str
    state: str
    state_name: str
    version: int
    submitted_at: datetime | None
    updated_at: datetime


class DetailOut(SummaryOut):
    content: dict
    findings: dict | None
    submission_problems: list[Problem]
    digest: str | None


class MessageOut(Schema):
    detail: str


def _visible(request, pk: int) -> Application:
    return get_object_or_404(applications_for_user(request.user).select_related("campaign", "enterprise"), pk=pk)


def _summary(a: Application) -> dict:
    return {
        "id": a.pk, "number": a.number, "enterprise": a.enterprise.name, "campaign_id": a.campaign_id, "tier": a.tier,
        "title": a.title, "state": a.state, "state_name": a.get_state_display(), "version": a.version,
        "submitted_at": a.submitted_at, "updated_at": a.updated_at,
    }


def _detail(application: Application) -> dict:
    evaluated = evaluate(application)
    result = evaluated[0]
    latest = application.snapshots.first()
    return {
        **_summary(application), "content": application.content or {},
        "findings": result.to_dict() if result else None,
        "submission_problems": [{"path": p, "message": m} for p, m in submission_problems(application, evaluated)],
        "digest": latest.digest if latest else None,
    }


def _problems(detail: str, problems) -> Status:
    return Status(422, {"detail": detail, "errors": [{"path": p, "message": m} for p, m in problems]})


@router.get("/applications", response=list[SummaryOut], summary="本人可见的申报书")
def list_applications(request):
    return [_summary(a) for a in applications_for_user(request.user)]


@router.post("/applications", response={201: DetailOut, 400: MessageOut, 403: MessageOut, 422: ProblemsOut},
             summary="新建申报书")
def create_application(request, payload: CreateIn):
    user = request.user
    if not can(user, "applications.view_own"):
        return Status(403, {"detail": "只有企业用户可以新建申报书"})
    campaign = Campaign.objects.filter(pk=payload.campaign_id, is_active=True).first()
    if campaign is None:
        return _problems("输入无效", [("campaign_id", "申报批次不存在或未开放")])
    if payload.tier not in campaign.tiers_open:
        return _problems("输入无效", [("tier", "本批次未开放该层级的申报")])
    if not campaign.is_open("application"):
        return _problems("输入无效", [("campaign_id", "本批次企业申报已截止")])
    if Application.objects.filter(enterprise=user.enterprise, campaign=campaign, tier=payload.tier).exists():
        return _problems("输入无效", [("tier", f"本企业在本批次已有{TIER_NAMES[payload.tier]}申报书")])
    try:
        with transaction.atomic():
            application = Application.objects.create(
                enterprise=user.enterprise, campaign=campaign, tier=payload.tier,
                title=f"{user.enterprise.name}{TIER_NAMES[payload.tier]}智能工厂项目", content=empty_content(user.enterprise),
            )
            record(user, "application.create", application, after=snapshot(application, ["tier", "title", "state"]))
            keep_version(application, user, [], note="新建")
    except IntegrityError:  # created by a concurrent request a moment ago
        return _problems("输入无效", [("tier", f"本企业在本批次已有{TIER_NAMES[payload.tier]}申报书")])
    return Status(201, _detail(application))


@router.get("/applications/{application_id}", response={200: DetailOut, 404: MessageOut, 422: ProblemsOut},
            summary="申报书详情（含自查结果与版本）")
def read_application(request, application_id: ApplicationId, response: HttpResponse):
    application = _visible(request, application_id)
    response["ETag"] = f'"{application.version}"'
    return _detail(application)


@router.patch(
    "/applications/{application_id}",
    response={200: SavedOut, 400: MessageOut, 403: MessageOut, 404: MessageOut, 409: ConflictOut, 422: ProblemsOut,
              428: MessageOut},
    summary="修改草稿（须带 If-Match: 版本号；回答新版本号，findings=true 时附自查结果）",
)
def update_application(request, application_id: ApplicationId, payload: PatchIn, response: HttpResponse,
                       findings: bool = False, if_match: str = IF_MATCH):
    raw = (if_match or "").strip().removeprefix("W/").strip('"')
    if not raw:
        return Status(428, {"detail": _("请在 If-Match 请求头中给出所修改的版本号")})
    if not re.fullmatch(r"[0-9]{1,9}", raw):
        return _problems(_("输入无效"), [("If-Match", _("版本号应为整数"))])
    try:
        # One locked read through the visibility selector: not visible is 404, as for every read.
        saved = apply_save(application_id, payload.changes, int(raw), request.user, payload.save_id,
                           queryset=lambda: applications_for_user(request.user))
    except Application.DoesNotExist:
        return Status(404, {"detail": _("不存在")})
    except VersionConflict as conflict:
        return Status(409, {"detail": str(conflict), "current_version": conflict.current_version,
                            "their_changes": conflict.their_changes})
    except DraftInvalid as invalid:
        return _problems(_("输入无效，未保存"), invalid.problems)
    except NotEditable as refusal:
        return Status(403, {"detail": str(refusal)})
    response["ETag"] = f'"{saved.version}"'
    out = {"id": saved.application.pk, "version": saved.version, "saved_at": saved.saved_at, "replayed": saved.replayed}
    if findings:  # the rule engine runs only when asked
        result = evaluate(saved.application)[0]
        out["findings"] = result.to_dict() if result else None
    return Status(200, out)


def _move(request, application_id: int, to_state: str, reason: str = ""):
    application = _visible(request, application_id)
    try:
        application = set_application_state(application, to_state, request.user, reason)
    except TransitionRefused as refusal:
        return _problems(str(refusal), refusal.reasons or [("state", str(refusal))])
    return Status(200, _detail(application))


@router.post("/applications/{application_id}/submit", response={200: DetailOut, 404: MessageOut, 422: ProblemsOut},
             summary="提交申报")
def submit_application(request, application_id: ApplicationId):
    return _move(request, application_id, State.SUBMITTED)


@router.post("/applications/{application_id}/withdraw", response={200: DetailOut, 404: MessageOut, 422: ProblemsOut},
             summary="撤回申报")
def withdraw_application(request, application_id: ApplicationId):
    return _move(request, application_id, State.WITHDRAWN)


@router.get(
    "/applications/{application_id}/documents/{fmt}",
    response={200: None, 404: MessageOut, 422: ProblemsOut},
    summary="下载已提交申报书（pdf 或 docx）",
    openapi_extra={"responses": {200: {"description": "申报书文件", "content": {
        "application/pdf": {"schema": {"type": "string", "format": "binary"}},
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {"schema": {"type": "string", "format": "binary"}},
    }}}},
)
def download_document(request, application_id: ApplicationId,
                      fmt: Annotated[str, Path(description="pdf 或 docx", enum=["pdf", "docx"])]):
    application = _visible(request, application_id)
    latest: Snapshot | None = application.snapshots.first()
    if fmt not in CONTENT_TYPES:
        return Status(404, {"detail": "格式应为 pdf 或 docx"})
    if latest is None:
        return Status(404, {"detail": "申报书尚未提交，没有可下载的文件"})
    rendered = latest.renderings.filter(format=fmt).first()
    if rendered:
        return FileResponse(rendered.file.open("rb"), as_attachment=True, filename=file_name(latest, fmt),
                            content_type=CONTENT_TYPES[fmt])
    out = HttpResponse(render_and_keep(latest, fmt), content_type=CONTENT_TYPES[fmt])
    out["Content-Disposition"] = content_disposition_header(True, file_name(latest, fmt))
    return out
