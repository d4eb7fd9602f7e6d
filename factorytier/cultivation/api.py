"""Cultivation over the API: the enterprise's own periods, or every period for the commission."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from . import services
from .services import CultivationRefused
from .views import _visible

router = Router(tags=["领航级培育"])


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


class MilestoneOut(Schema):
    title: str
    due_on: dt.date
    done_on: dt.date | None


class CultivationOut(Schema):
    id: int
    application_id: int
    enterprise: str
    starts_on: dt.date
    ends_on: dt.date
    state: str
    status: str
    lapsed: bool
    milestones: list[MilestoneOut]


class MilestoneIn(Schema):
    title: str = Field(..., max_length=200)
    due_on: dt.date
    done_on: dt.date | None = None
    note: str = Field("", max_length=500)


class ReportIn(Schema):
    period: str = Field(..., max_length=40)
    text: str = Field(..., max_length=5000)


class ApplyIn(Schema):
    summary: str = Field(..., max_length=5000)


class ReviewIn(Schema):
    passed: bool
    reason: str = Field("", max_length=2000)


def _out(c) -> dict:
    return {"id": c.pk, "application_id": c.application_id, "enterprise": c.application.enterprise.name,
            "starts_on": c.starts_on, "ends_on": c.ends_on, "state": c.application.state, "status": services.status_label(c),
            "lapsed": services.is_lapsed(c), "milestones": list(c.milestones.all())}


@router.get("/cultivation", response=answers(200, list[CultivationOut]), summary="培育期（企业：本企业的；市经信委：全部）")
def list_periods(request):
    return [_out(c) for c in _visible(request.user).prefetch_related("milestones")[:1000]]


@router.get("/cultivation/{cultivation_id}", response=answers(200, CultivationOut), summary="培育期详情")
def read_period(request, cultivation_id: int):
    return _out(get_object_or_404(_visible(request.user), pk=cultivation_id))


def _act(request, cultivation_id: int, call):
    c = get_object_or_404(_visible(request.user), pk=cultivation_id)
    try:
        call(c)
    except CultivationRefused as exc:
        return Status(403 if "权限" in str(exc) else 400, {"detail": str(exc)})
    c.refresh_from_db()
    return Status(200, _out(c))


RESPONSES = answers(200, CultivationOut)


@router.post("/cultivation/{cultivation_id}/milestones", response=RESPONSES, summary="填报里程碑（企业）")
def add_milestone(request, cultivation_id: int, payload: MilestoneIn):
    return _act(request, cultivation_id, lambda c: services.add_milestone(request.user, c, payload.title, payload.due_on,
                                                                         payload.done_on, payload.note))


@router.post("/cultivation/{cultivation_id}/reports", response=RESPONSES, summary="提交进展报告（企业）")
def add_report(request, cultivation_id: int, payload: ReportIn):
    return _act(request, cultivation_id, lambda c: services.file_report(request.user, c, payload.period, payload.text))


@router.post("/cultivation/{cultivation_id}/acceptance", response=RESPONSES, summary="提交验收申请（企业）")
def apply_acceptance(request, cultivation_id: int, payload: ApplyIn):
    return _act(request, cultivation_id, lambda c: services.apply_acceptance(request.user, c, payload.summary))


@router.post("/cultivation/{cultivation_id}/initial-review", response=RESPONSES, summary="验收初审（市经信委）")
def initial_review(request, cultivation_id: int, payload: ReviewIn):
    return _act(request, cultivation_id, lambda c: services.initial_review(request.user, c, payload.passed, payload.reason))
