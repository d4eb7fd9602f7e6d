"""The recommendation API: the officer's queue, the ranked list (read, add, remove, reorder, submit — every
write with If-Match: <version>), the summary tables and the registries' import results. Same selectors and
services as the pages, so every answer is scoped to the caller's unit."""

from __future__ import annotations

from datetime import datetime

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from ninja import Field, Router, Schema, Status

from factorytier.applications.models import State
from factorytier.campaigns.models import TIER_NAMES, Campaign
from factorytier.core.permissions import can

from . import services
from .models import RankedList, RegistryImport
from .presenters import rows
from .selectors import PAGE_SIZE, SORTS, lists_for_user, queue_for, unit_applications
from .summary import CONTENT_TYPES, SummaryUnavailable, download

router = Router(tags=["推荐"])


class MessageOut(Schema):
    detail: str


# Every endpoint documents the refusals any request may meet: 400 a rule, 401 not logged in, 403 not this
# role's, 404 not visible, 422 malformed input.
REFUSALS = {400: MessageOut, 401: MessageOut, 403: MessageOut, 404: MessageOut, 422: MessageOut}


class ConflictOut(Schema):
    detail: str
    current_version: int
    their_changes: list[str]


class FindingOut(Schema):
    clause: str
    message: str


class RowOut(Schema):
    application_id: int
    number: str
    enterprise: str
    uscc: str
    tier: str
    state: str
    state_name: str
    submitted_at: datetime | None
    eligible: bool | None
    ai_scenario_ratio: float | None
    segments_covered: list[str]
    registry_findings: list[FindingOut]
    quota_exempt: bool
    rank: int | None = None


class QueueOut(Schema):
    count: int
    page: int
    pages: int
    items: list[RowOut]


class ListOut(Schema):
    id: int
    campaign_id: int
    unit: str
    tier: str
    version: int
    submitted_at: datetime | None
    quota_limit: int | None
    quota_used: int
    quota_left: int | None
    quota_clause: str
    entries: list[RowOut]


class CreateListIn(Schema):
    campaign_id: int
    tier: str = Field(..., max_length=20)


class AddIn(Schema):
    application_id: int


class OrderIn(Schema):
    order: list[int] = Field(..., max_length=200)


class ImportOut(Schema):
    id: int
    kind: str
    file_name: str
    status: str
    uploaded_at: datetime
    rows: int
    errors: list[dict]
    added: int
    changed: int
    removed: int


def _row(r: dict, rank: int | None = None) -> dict:
    a, v = r["application"], r["verdict"]
    return {"application_id": a.pk, "number": a.number, "enterprise": a.enterprise.name, "uscc": a.enterprise.uscc,
            "tier": a.tier, "state": a.state, "state_name": a.get_state_display(), "submitted_at": a.submitted_at,
            "eligible": v.eligible, "ai_scenario_ratio": v.ai_ratio, "segments_covered": v.segments,
            "registry_findings": v.findings, "quota_exempt": v.exempt, "rank": rank}


def _list_out(ranked_list) -> dict:
    entries = list(ranked_list.entries.select_related("application__enterprise", "application__campaign")
                   .prefetch_related("application__snapshots"))
    listed = rows([e.application for e in entries])
    quota = services.quota_for_list(ranked_list, [r["verdict"].exempt for r in listed])
    return {"id": ranked_list.pk, "campaign_id": ranked_list.campaign_id, "unit": ranked_list.unit.name,
            "tier": ranked_list.tier, "version": ranked_list.version, "submitted_at": ranked_list.submitted_at,
            "quota_limit": quota.limit, "quota_used": quota.used, "quota_left": quota.left, "quota_clause": quota.clause,
            "entries": [_row(r, n) for n, r in enumerate(listed, start=1)]}


def _visible_list(request, pk: int):
    ranked_list = get_object_or_404(lists_for_user(request.user), pk=pk)
    if not can(request.user, "recommendations.view_list", ranked_list):
        raise Http404
    return ranked_list


def _version(request) -> int | None:
    raw = request.headers.get("If-Match", "").strip().removeprefix("W/").strip('"')
    if not raw:
        return None
    return int(raw[:12]) if raw.isdigit() else -1


def _write(request, ranked_list, action):
    version = _version(request)
    if version is None:
        return Status(428, {"detail": "请在 If-Match 请求头中给出名单的当前版本号"})
    if version < 0:
        return Status(422, {"detail": "If-Match：版本号应为整数"})
    if not can(request.user, "recommendations.edit_list", ranked_list):
        return Status(403, {"detail": "没有权限修改该推荐名单"})
    try:
        updated = action(version)
    except services.StaleList as stale:
        return Status(409, {"detail": str(stale), "current_version": stale.current_version, "their_changes": stale.changes})
    except services.ListRefused as refusal:
        return Status(422, {"detail": str(refusal)})
    return _list_out(RankedList.objects.select_related("campaign", "unit").get(pk=updated.pk))


@router.get("/recommendations/queue", response={**REFUSALS, 200: QueueOut, 403: MessageOut}, summary="推荐审核队列（本单位）")
def queue(request, campaign_id: int | None = None, tier: str = "", state: str = "", q: str = "", sort: str = "",
          page: int = 1):
    if not can(request.user, "recommendations.view_queue"):
        return Status(403, {"detail": "没有权限"})
    q = q[:60]
    campaign = Campaign.objects.filter(pk=campaign_id).first() if campaign_id and 0 < campaign_id < 2**31 else None
    qs = queue_for(request.user, campaign=campaign, tier=tier if tier in TIER_NAMES else "",
                   state=state if state in State.values else "", q=q, sort=sort if sort in SORTS else "")
    count = qs.count()
    pages = max(1, -(-count // PAGE_SIZE))
    page = max(1, min(page, pages))
    items = list(qs.prefetch_related("snapshots")[(page - 1) * PAGE_SIZE: page * PAGE_SIZE])
    return {"count": count, "page": page, "pages": pages, "items": [_row(r) for r in rows(items)]}


@router.get("/recommendations/lists", response={**REFUSALS, 200: list[ListOut]}, summary="推荐名单（本单位；市经信委为全部）")
def lists(request, campaign_id: int | None = None):
    qs = lists_for_user(request.user)
    if campaign_id:
        qs = qs.filter(campaign_id=campaign_id)
    return [_list_out(rl) for rl in qs[:100]]


@router.post("/recommendations/lists", response={**REFUSALS, 200: ListOut, 403: MessageOut, 422: MessageOut}, summary="打开本单位的推荐名单")
def open_list(request, payload: CreateListIn):
    if request.user.role != "recommender" or not request.user.unit_id:
        return Status(403, {"detail": "只有推荐单位可以建立推荐名单"})
    campaign = Campaign.objects.filter(pk=payload.campaign_id, is_active=True).first()
    if campaign is None or payload.tier not in (campaign.tiers_open or []) or payload.tier not in ("excellent", "leading"):
        return Status(422, {"detail": "tier：本批次未开放该层级"})
    return _list_out(services.list_for(request.user.unit, campaign, payload.tier))


@router.get("/recommendations/lists/{list_id}", response={**REFUSALS, 200: ListOut}, summary="推荐名单详情（ETag 为版本号）")
def list_detail(request, list_id: int, response: HttpResponse):
    ranked_list = _visible_list(request, list_id)
    response["ETag"] = f'"{ranked_list.version}"'
    return _list_out(ranked_list)


WRITE = {**REFUSALS, 200: ListOut, 409: ConflictOut, 428: MessageOut}


@router.post("/recommendations/lists/{list_id}/entries", response=WRITE, summary="加入申报书（须带 If-Match）")
def add(request, list_id: int, payload: AddIn):
    ranked_list = _visible_list(request, list_id)
    app = unit_applications(ranked_list.unit_id, ranked_list.campaign, ranked_list.tier).filter(pk=payload.application_id).first()
    if app is None:
        return Status(422, {"detail": "application_id：不是本单位本层级的申报书"})
    return _write(request, ranked_list, lambda v: services.add_application(ranked_list, app, request.user, v))


@router.delete("/recommendations/lists/{list_id}/entries/{application_id}", response=WRITE, summary="移出申报书（须带 If-Match）")
def remove(request, list_id: int, application_id: int):
    ranked_list = _visible_list(request, list_id)
    app = unit_applications(ranked_list.unit_id, ranked_list.campaign, ranked_list.tier).filter(pk=application_id).first()
    if app is None:
        return Status(422, {"detail": "application_id：不在该推荐名单中"})
    return _write(request, ranked_list, lambda v: services.remove_application(ranked_list, app, request.user, v))


@router.put("/recommendations/lists/{list_id}/order", response=WRITE, summary="调整顺序（须带 If-Match）")
def reorder(request, list_id: int, payload: OrderIn):
    ranked_list = _visible_list(request, list_id)
    return _write(request, ranked_list, lambda v: services.reorder(ranked_list, payload.order, request.user, v))


@router.post("/recommendations/lists/{list_id}/submit", response=WRITE, summary="报送推荐名单（须带 If-Match）")
def submit(request, list_id: int):
    ranked_list = _visible_list(request, list_id)
    return _write(request, ranked_list, lambda v: services.submit_list(ranked_list, request.user, v))


@router.get("/recommendations/lists/{list_id}/summary/{fmt}", response={**REFUSALS, 200: None, 404: MessageOut, 409: MessageOut},
            summary="推荐汇总表（附件3/附件5，xlsx 或 docx）")
def summary(request, list_id: int, fmt: str):
    ranked_list = _visible_list(request, list_id)
    if fmt not in CONTENT_TYPES:
        return Status(404, {"detail": "格式应为 xlsx 或 docx"})
    try:
        name, data = download(ranked_list, fmt, request.user)
    except SummaryUnavailable as why:
        return Status(409, {"detail": str(why)})
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def _import_out(r: RegistryImport) -> dict:
    d = r.diff or {}
    return {"id": r.pk, "kind": r.kind, "file_name": r.file_name, "status": r.status, "uploaded_at": r.uploaded_at,
            "rows": len(r.rows or []), "errors": r.errors or [], "added": len(d.get("added", [])),
            "changed": len(d.get("changed", [])), "removed": len(d.get("removed", []))}


@router.get("/recommendations/registry-imports", response={**REFUSALS, 200: list[ImportOut], 403: MessageOut}, summary="名单导入结果")
def imports(request):
    if not can(request.user, "recommendations.manage_registries"):
        return Status(403, {"detail": "没有权限"})
    return [_import_out(r) for r in RegistryImport.objects.all()[:50]]


@router.get("/recommendations/registry-imports/{import_id}", response={**REFUSALS, 200: ImportOut, 403: MessageOut}, summary="一次名单导入的结果")
def import_detail(request, import_id: int):
    if not can(request.user, "recommendations.manage_registries"):
        return Status(403, {"detail": "没有权限"})
    return _import_out(get_object_or_404(RegistryImport, pk=import_id))
