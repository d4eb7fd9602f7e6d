"""Decisions, the outbox and publication over the API (commission only), and the public results."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from factorytier.applications.models import Application
from factorytier.campaigns.models import Campaign
from factorytier.core.permissions import can

from . import services
from .models import Decision
from .selectors import published_campaign, published_campaigns, result_rows
from .services import DecisionRefused

router = Router(tags=["认定决定与结果公布"])


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


class DecisionIn(Schema):
    outcome: str = Field(..., max_length=30)
    reason: str = Field("", max_length=2000)
    committee_conclusion: str = Field("", max_length=2000)


class DecisionOut(Schema):
    id: int
    application_id: int
    step: str
    outcome: str
    reason: str
    committee_conclusion: str
    basis: dict
    decided_at: dt.datetime
    released_at: dt.datetime | None
    message_subject: str
    message_body: str


class ReleaseIn(Schema):
    decision_ids: list[int] = Field(..., min_length=1, max_length=500)


class PublishIn(Schema):
    note: str = Field("", max_length=500)


class ResultOut(Schema):
    list: str
    tier: str
    tier_name: str
    enterprise: str
    uscc: str
    project: str
    district: str
    accepted: bool


class CampaignResultsOut(Schema):
    id: int
    name: str
    year: int
    published_at: dt.datetime
    results: list[ResultOut]


def _out(d: Decision) -> dict:
    return {"id": d.pk, "application_id": d.application_id, "step": d.step, "outcome": d.outcome, "reason": d.reason,
            "committee_conclusion": d.committee_conclusion, "basis": d.basis, "decided_at": d.decided_at,
            "released_at": d.released_at, "message_subject": d.message.subject, "message_body": d.message.body}


def _commission(request) -> bool:
    return can(request.user, "decisions.decide")


FORBIDDEN = Status(403, {"detail": "只有市经信委可以办理"})


@router.get("/decisions/outbox", response=answers(200, list[DecisionOut]), summary="待发通知（未发布的决定）")
def outbox(request):
    if not _commission(request):
        return FORBIDDEN
    qs = Decision.objects.filter(released_at__isnull=True).select_related("message")
    return Status(200, [_out(d) for d in qs[:1000]])


@router.post("/decisions/applications/{application_id}", response=answers(200, DecisionOut),
             summary="记录或修改（发布前）认定决定")
def record(request, application_id: int, payload: DecisionIn):
    if not _commission(request):
        return FORBIDDEN
    application = get_object_or_404(Application, pk=application_id)
    try:
        d = services.record_decision(request.user, application, payload.outcome, payload.reason, payload.committee_conclusion)
    except DecisionRefused as exc:
        return Status(400, {"detail": str(exc)})
    return Status(200, _out(Decision.objects.select_related("message").get(pk=d.pk)))


@router.post("/decisions/outbox/release", response=answers(200, MessageOut), summary="发布所选决定并发出通知")
def release(request, payload: ReleaseIn):
    if not _commission(request):
        return FORBIDDEN
    try:
        n = services.release(request.user, list(Decision.objects.filter(pk__in=payload.decision_ids)))
    except DecisionRefused as exc:
        return Status(400, {"detail": str(exc)})
    return Status(200, {"detail": f"已发布 {n} 项决定"})


@router.post("/decisions/campaigns/{campaign_id}/publish", response=answers(200, MessageOut), summary="公布批次结果")
def publish(request, campaign_id: int, payload: PublishIn):
    if not _commission(request):
        return FORBIDDEN
    try:
        services.publish(request.user, get_object_or_404(Campaign, pk=campaign_id), payload.note)
    except DecisionRefused as exc:
        return Status(400, {"detail": str(exc)})
    return Status(200, {"detail": "结果已公布"})


def _results(c: Campaign) -> dict:
    return {"id": c.pk, "name": c.name, "year": c.year, "published_at": c.publication.published_at, "results": result_rows(c)}


@router.get("/results", response=answers(200, list[CampaignResultsOut]), auth=None, summary="已公布的评审结果（公开）")
def results(request):
    return [_results(c) for c in published_campaigns()[:50]]


@router.get("/results/{campaign_id}", response=answers(200, CampaignResultsOut), auth=None, summary="某批次的评审结果（公开）")
def campaign_results(request, campaign_id: int):
    c = published_campaign(campaign_id)
    if c is None:
        return Status(404, {"detail": "该批次结果尚未公布"})
    return Status(200, _results(c))
