"""What each user sees of recommendation: built on the one visibility query of applications, so an
officer sees only its own unit's applications, lists and tables — on pages, in the API and in exports."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from factorytier.accounts.choices import Role
from factorytier.applications.models import Application, State
from factorytier.applications.selectors import applications_for_user, recommending_unit_id, through_unit

from .models import RankedList

__all__ = ["applications_for_user", "lists_for_user", "queue_for", "recommending_unit_id", "through_unit",
           "unit_applications"]

QUEUE_STATES = [State.SUBMITTED, State.RETURNED, State.RECOMMENDED, State.NOT_RECOMMENDED]
SORTS = {
    "submitted": "submitted_at", "-submitted": "-submitted_at", "name": "enterprise__name", "-name": "-enterprise__name",
    "state": "state", "-state": "-state", "number": "id", "-number": "-id",
}
PAGE_SIZE = 20


def queue_for(user, *, campaign=None, tier: str = "", state: str = "", q: str = "", sort: str = "") -> QuerySet[Application]:
    """The officer's queue (the commission's view of all units): filtered, searched and sorted."""
    qs = applications_for_user(user).select_related("enterprise__recommending_unit", "enterprise__central_soe_group")
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    if tier:
        qs = qs.filter(tier=tier)
    if state:
        qs = qs.filter(state=state)
    q = (q or "").strip()[:60]
    if q:
        qs = qs.filter(Q(enterprise__name__icontains=q) | Q(enterprise__uscc__icontains=q.upper()) | Q(title__icontains=q))
    return qs.order_by(SORTS.get(sort, "-submitted_at"), "id")


def unit_applications(unit_id: int, campaign, tier: str) -> QuerySet[Application]:
    """Every application this unit recommends in the campaign and tier (its jurisdiction, N.EX.P3 / N.LD.P2)."""
    return Application.objects.filter(through_unit(unit_id), campaign=campaign, tier=tier)


def lists_for_user(user) -> QuerySet[RankedList]:
    base = RankedList.objects.select_related("campaign", "unit")
    if not user.is_authenticated or not user.is_active:
        return base.none()
    if user.role == Role.RECOMMENDER:
        return base.filter(unit_id=user.unit_id) if user.unit_id else base.none()
    if user.role in (Role.COMMISSION, Role.ADMIN) or user.is_superuser:
        return base
    return base.none()
