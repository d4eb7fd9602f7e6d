"""Recommendation quotas (N.EX.P4, N.LD.P3): how many applications a unit may recommend per tier.

Whether an application is quota-exempt (揭榜单位地方验收, N.EX.P4) is read from the facts frozen when
it was submitted, never from the enterprise's current answer: ticking 揭榜 afterwards changes nothing.
"""

from __future__ import annotations

from django.db.models import OuterRef, Subquery

from factorytier.accounts.choices import UnitKind
from factorytier.accounts.models import RecommendingUnit

from .models import Application, Snapshot
from .readiness import facts_for_application
from .selectors import RECOMMENDED_OR_LATER, recommending_unit_id, through_unit

PILOT_PATH = "data__facts__enterprise__pilot_demo_locally_accepted"


def _frozen_pilot(facts: dict) -> bool:
    return (facts.get("enterprise") or {}).get("pilot_demo_locally_accepted") is True


def quota_refusal(application: Application) -> str | None:
    """Why recommending this application would exceed its unit's quota, or None.

    Call inside the transaction that recommends: the unit's row is locked so two officers
    recommending at the same moment are counted one after the other.
    """
    unit = RecommendingUnit.objects.select_for_update().get(pk=recommending_unit_id(application))
    if unit.kind == UnitKind.CENTRAL_SOE:
        return None  # the notice sets quotas for 各区（管委会）; group HQs are not bound by them
    quota = application.campaign.quota_for(application.tier, unit)
    if quota is None:
        return None
    exempt = quota.pilot_exempt
    if exempt and _frozen_pilot(facts_for_application(application)):
        return None
    count = quota_used(application.campaign, application.tier, unit.pk, exempt)
    if count >= quota.limit:
        return (f"{unit.name}本批次{application.get_tier_display()}推荐名额为 {quota.limit} 个，已推荐 {count} 个，"
                f"不能再推荐" + ("（已通过揭榜单位地方验收的不占名额）" if exempt else ""))
    return None


def quota_used(campaign, tier: str, unit_id: int, exempt: bool) -> int:
    """How many of the unit's recommendations count against its quota for the tier: recommended or
    later, less those whose frozen facts say 揭榜 locally accepted when the quota exempts them. One query."""
    used = Application.objects.filter(through_unit(unit_id), campaign=campaign, tier=tier, state__in=RECOMMENDED_OR_LATER)
    if not exempt:
        return used.count()
    # Each recommended application's 揭榜 status as frozen in its latest snapshot.
    latest = Snapshot.objects.filter(application=OuterRef("pk")).order_by("-version", "-created_at", "-pk")
    rows = used.annotate(pilot=Subquery(latest.values(PILOT_PATH)[:1])).values_list(
        "pilot", "enterprise__pilot_demo_locally_accepted")
    # A snapshot from before facts were frozen carries no answer: the enterprise's own then counts.
    return sum(1 for pilot, live in rows if (live if pilot is None else pilot) is not True)
