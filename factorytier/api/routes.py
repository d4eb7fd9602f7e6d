from datetime import datetime
from typing import Annotated

from django.shortcuts import get_object_or_404
from ninja import Path, Schema

from factorytier.campaigns.models import Campaign
from factorytier.campaigns.selectors import campaigns_for_user

from .api import api


class MeOut(Schema):
    username: str
    display_name: str
    role: str
    role_name: str
    organisation: str


class CampaignOut(Schema):
    id: int
    name: str
    year: int
    region: str
    tiers_open: list[str]
    application_deadline: datetime
    recommendation_deadline: datetime
    application_open: bool
    recommendation_open: bool
    branch_allowed_industries: list[str]


def _campaign_out(c: Campaign) -> dict:
    return {
        "id": c.pk, "name": c.name, "year": c.year, "region": c.region, "tiers_open": c.tiers_open,
        "application_deadline": c.application_deadline, "recommendation_deadline": c.recommendation_deadline,
        "application_open": c.is_open("application"), "recommendation_open": c.is_open("recommendation"),
        "branch_allowed_industries": c.branch_allowed_industries,
    }


@api.get("/me", response=MeOut, tags=["账户"], summary="当前用户")
def me(request):
    u = request.user
    return {"username": u.username, "display_name": str(u), "role": u.role, "role_name": u.get_role_display(),
            "organisation": u.organisation}


@api.get("/campaigns", response=list[CampaignOut], tags=["申报批次"], summary="申报批次列表")
def campaigns(request):
    return [_campaign_out(c) for c in campaigns_for_user(request.user)]


class NotFoundOut(Schema):
    detail: str


class InvalidOut(Schema):
    detail: str
    errors: list[dict]


@api.get("/campaigns/{campaign_id}", response={200: CampaignOut, 404: NotFoundOut, 422: InvalidOut},
         tags=["申报批次"], summary="申报批次详情")
def campaign(request, campaign_id: Annotated[int, Path(ge=1, le=2**31 - 1)]):
    return _campaign_out(get_object_or_404(campaigns_for_user(request.user), pk=campaign_id))
