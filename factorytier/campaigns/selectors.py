from django.db.models import Case, Count, F, When

from factorytier.accounts.choices import Role
from factorytier.applications.models import Application, State

from .models import Campaign


def active_campaigns(request=None) -> list[Campaign]:
    """Published campaigns, newest first. Given the request, read once for it: a page asks for the chosen
    campaign and for the list to choose from (two statements each)."""
    cached = getattr(request, "_ft_active_campaigns", None)
    if cached is not None:
        return cached
    campaigns = list(Campaign.objects.filter(is_active=True).prefetch_related("quotas").order_by("-year", "-id"))
    if request is not None:
        request._ft_active_campaigns = campaigns
    return campaigns


def campaigns_for_user(user):
    """Campaigns a user may see: the commission and administrators see every campaign, drafts included;
    everyone else only published (active) ones."""
    if not getattr(user, "is_authenticated", False):
        return Campaign.objects.none()
    if user.role in (Role.COMMISSION, Role.ADMIN) or user.is_superuser:
        return Campaign.objects.all()
    return Campaign.objects.filter(is_active=True)


def current_campaign() -> Campaign | None:
    campaigns = active_campaigns()
    return campaigns[0] if campaigns else None


def chosen_campaign(request) -> Campaign | None:
    """The active campaign the page was asked for (?campaign=ID), else the current one."""
    campaigns = active_campaigns(request)
    wanted = request.GET.get("campaign", "")
    for campaign in campaigns:
        if str(campaign.pk) == wanted:
            return campaign
    return campaigns[0] if campaigns else None


def with_unit_name(applications):
    """Annotate `unit_name`: the unit that recommends each application (a central SOE's group HQ for
    卓越级, N.EX.P3; otherwise the enterprise's district or 管委会)."""
    return applications.annotate(unit_name=Case(
        When(tier="excellent", enterprise__central_soe_group__isnull=False, then=F("enterprise__central_soe_group__name")),
        default=F("enterprise__recommending_unit__name"),
    ))


def progress_by_unit(campaign: Campaign, applications) -> list[dict]:
    """Counts of applications per recommending unit, tier and state for the commission's overview."""
    rows = (
        with_unit_name(applications.filter(campaign=campaign))
        .values("unit_name", "tier", "state")
        .annotate(n=Count("id"))
        .order_by()
    )
    table: dict[str, dict] = {}
    for r in rows:
        unit = r["unit_name"]
        entry = table.setdefault(unit, {"unit": unit, "total": 0, "states": {}, "tiers": {}})
        entry["total"] += r["n"]
        entry["states"][r["state"]] = entry["states"].get(r["state"], 0) + r["n"]
        entry["tiers"][r["tier"]] = entry["tiers"].get(r["tier"], 0) + r["n"]
    return sorted(table.values(), key=lambda e: -e["total"])


PROGRESS_STATES = [State.SUBMITTED, State.RETURNED, State.RECOMMENDED, State.NOT_RECOMMENDED, State.UNDER_REVIEW]


def campaign_totals(campaign: Campaign) -> dict[str, int]:
    counts = dict(
        Application.objects.filter(campaign=campaign).values_list("state").annotate(n=Count("id")).order_by()
    )
    return {s.value: counts.get(s.value, 0) for s in State}
