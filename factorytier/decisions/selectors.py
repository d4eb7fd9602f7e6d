"""What the public sees of a campaign's results: nothing until the commission publishes them."""

from factorytier.applications.models import Application, State
from factorytier.campaigns.models import TIER_NAMES, Campaign

# States of applications that appear in published results, per tier.
LISTED = {
    "excellent": [State.APPROVED],
    "leading": [State.CULTIVATION, State.ACCEPTANCE_APPLIED, State.ACCEPTANCE_RETURNED, State.INITIAL_REVIEW_PASSED,
                State.ACCEPTED, State.ACCEPTANCE_FAILED],
}
LIST_NAMES = {"excellent": "卓越级智能工厂认定名单", "leading": "领航级智能工厂培育对象名单"}


def published_campaigns():
    return Campaign.objects.filter(publication__isnull=False).select_related("publication").order_by("-publication__published_at")


def published_campaign(campaign_id: int) -> Campaign | None:
    return published_campaigns().filter(pk=campaign_id).first()


def result_rows(campaign: Campaign) -> list[dict]:
    """One row per listed application: the open-data shape of the CSV and JSON too."""
    rows = []
    for tier, states in LISTED.items():
        qs = (Application.objects.filter(campaign=campaign, tier=tier, state__in=states)
              .select_related("enterprise").order_by("enterprise__district", "enterprise__name"))
        for a in qs:
            rows.append({
                "list": LIST_NAMES[tier], "tier": tier, "tier_name": TIER_NAMES[tier], "enterprise": a.enterprise.name,
                "uscc": a.enterprise.uscc, "project": a.title, "district": a.enterprise.district,
                "accepted": a.state == State.ACCEPTED,
            })
    return rows
