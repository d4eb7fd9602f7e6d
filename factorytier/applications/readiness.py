"""Readiness: the rule engine's ladder for an enterprise, from its profile and answers."""

from __future__ import annotations

from factorytier import policy
from factorytier.accounts.choices import DIVISION_NAMES, INDUSTRY_GROUPS


def campaign_rules(campaign):
    """The campaign's own region and branch-allowed industries, as the commission configured them."""
    if campaign is None:
        return None
    return policy.CampaignRules(
        region=campaign.region, branch_allowed_industries=tuple(campaign.branch_allowed_industries)
    )


def facts_for(enterprise, readiness=None, *, scenarios=None, attestations=None) -> dict:
    """The check contract's facts for this enterprise (answers may be overridden by a draft's own)."""
    if readiness is None:
        from .models import Readiness

        readiness = Readiness.objects.filter(enterprise=enterprise).first()
    # The engine matches branch-allowed industries by name: use the industry group when the
    # division belongs to one (石油石化、有色金属), else the GB/T 4754 大类 name.
    industry = INDUSTRY_GROUPS.get(enterprise.industry) or DIVISION_NAMES.get(enterprise.industry, enterprise.industry)
    return {
        "enterprise": {
            "name": enterprise.name,
            "uscc": enterprise.uscc,
            "province": enterprise.province,
            "district": enterprise.district,
            "legal_entity": enterprise.legal_entity,
            "industry": industry,
            "cmmm_level": readiness.cmmm_level if readiness else 0,
            "current_rating": readiness.current_rating if readiness else "none",
            "pilot_demo_locally_accepted": enterprise.pilot_demo_locally_accepted,
        },
        "attestations": dict(attestations if attestations is not None else (readiness.attestations if readiness else {})),
        "scenarios": list(scenarios if scenarios is not None else (readiness.scenarios if readiness else [])),
    }


def readiness_for(enterprise, campaign):
    """The ladder result, or None when the enterprise has not answered yet or its answers are invalid."""
    from .models import Readiness

    readiness = Readiness.objects.filter(enterprise=enterprise).first()
    if readiness is None:
        return None
    try:
        return policy.check_ladder(facts_for(enterprise, readiness), campaign_overrides=campaign_rules(campaign))
    except policy.FactsInvalid:
        return None
