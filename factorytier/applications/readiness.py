"""Readiness: the rule engine's ladder for an enterprise, from its profile and answers.

The facts an application is judged on are the enterprise's live answers while it is a draft, and the
ones frozen into its snapshot once it has been submitted (`facts_for_application`): changing the
readiness page afterwards changes nothing for a submitted application.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from factorytier import policy
from factorytier.accounts.choices import DIVISION_NAMES
from factorytier.core.language import policy_lang
from factorytier.policy import messages_en
from factorytier.policy.messages import level_name

SCENARIO_KEYS = ("guide_link", "scenario", "instance", "uses_ai")


def campaign_catalogue(campaign):
    """The catalogue whose rules apply: the campaign's own (it is pinned to it), else the default one
    (the public check outside any campaign)."""
    return campaign.policy_catalogue if campaign is not None else policy.default_catalogue()


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
    # The GB/T 4754 大类 name: the campaign's catalogue says which 大类 belong to an industry group whose
    # branches may apply (石油石化 ← 07, 25; 有色金属 ← 09, 32).
    industry = DIVISION_NAMES.get(enterprise.industry, enterprise.industry)
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


def live_application_facts(application) -> dict:
    """The facts as they stand now: the profile and readiness answers, with the draft's own scenarios
    and attestations (what would be submitted)."""
    content = application.content or {}
    scenarios = [
        {k: row.get(k) for k in SCENARIO_KEYS}
        for row in ((content.get("scenes") or {}).get("scenarios") or [])
        if isinstance(row, dict)
    ]
    attestations = content.get("attestations")
    # true: attested; false: the applicant states the factory fails the clause; absent: no answer yet.
    attested = {cid: v for cid, v in attestations.items() if isinstance(v, bool)} if isinstance(attestations, dict) else {}
    return facts_for(application.enterprise, scenarios=scenarios, attestations=attested)


def frozen_facts(application) -> dict | None:
    """The facts frozen in the application's latest snapshot, or None (never submitted, or a snapshot
    from before facts were frozen)."""
    from .models import Snapshot

    snap = (Snapshot.objects.filter(application=application).order_by("-version", "-created_at", "-pk")
            .values_list("data__facts", flat=True).first())
    return snap if isinstance(snap, dict) else None


def facts_for_application(application) -> dict:
    """The check contract's facts an application is judged on.

    An application its enterprise can still edit (a draft, or a copy returned for revision, which is
    frozen again when it is submitted again) uses the live answers; once submitted, the facts frozen in
    its latest snapshot: rating, maturity level, 揭榜 status and attestations then no longer follow the
    readiness page."""
    from .drafts import EDITABLE_STATES

    if application.state not in EDITABLE_STATES and application.pk is not None:
        frozen = frozen_facts(application)
        if frozen is not None:
            return frozen
    return live_application_facts(application)


def readiness_for(enterprise, campaign):
    """The ladder result, or None when the enterprise has not answered yet or its answers are invalid."""
    from .models import Readiness

    readiness = Readiness.objects.filter(enterprise=enterprise).first()
    if readiness is None:
        return None
    catalogue = campaign_catalogue(campaign)
    try:
        return policy.check_ladder(facts_for(enterprise, readiness), catalogue,
                                   campaign_overrides=campaign_rules(campaign), lang=policy_lang())
    except policy.FactsInvalid:
        return None


def frozen_facts_view(application, snapshot) -> dict | None:
    """The facts frozen with a submitted application, labelled for the officer's page (None for a
    snapshot from before facts were frozen)."""
    facts = (snapshot.data or {}).get("facts") if snapshot is not None else None
    if not isinstance(facts, dict):
        return None
    catalogue = campaign_catalogue(application.campaign)
    ent = facts.get("enterprise") or {}
    lang = policy_lang()
    tier_names = {t.id: t.name_in(lang) for t in catalogue.tiers}
    level = ent.get("cmmm_level")
    attestations = facts.get("attestations") or {}
    scenarios = facts.get("scenarios") or []
    return {
        "submitted_at": snapshot.created_at,
        "version": snapshot.version,
        "rating": tier_names.get(ent.get("current_rating"), _("尚未获评")),
        "maturity": (messages_en.level_name(level) if lang == "en" else level_name(level))
        if isinstance(level, int) and level > 0 else _("未评估"),
        "pilot": _("是（卓越级不占推荐名额）") if ent.get("pilot_demo_locally_accepted") is True else _("否"),
        "legal_entity": {"independent": _("独立法人"), "branch": _("法人的分支机构")}.get(ent.get("legal_entity"), "—"),
        "industry": ent.get("industry") or "—",
        "province": ent.get("province") or "—",
        "scenario_count": len(scenarios),
        "ai_count": sum(1 for s in scenarios if isinstance(s, dict) and s.get("uses_ai") is True),
        "attestations": [
            (cid, catalogue.clauses[cid].summary_in(lang) if cid in catalogue.clauses else "", value is True)
            for cid, value in sorted(attestations.items())
        ],
    }


def readiness_warnings(enterprise, campaign) -> list[str]:
    """Things the readiness page points out without refusing anything."""
    out = []
    catalogue = campaign_catalogue(campaign)
    code = catalogue.campaign.region_code if catalogue.campaign else ""
    authority = (enterprise.uscc or "")[2:8]
    if code and len(authority) == 6 and not authority.startswith(code):
        region = campaign.region if campaign is not None else catalogue.campaign.region
        out.append(f"统一社会信用代码第 3–8 位（登记管理机关行政区划码）为 {authority}，不是{region}的代码（{code} 开头）："
                   f"申报主体须在{region}注册（N.EX.1、N.LD.1）。如企业已迁入{region}，请以现登记机关为准，"
                   "申报时附营业执照说明；本提示不影响自评。")
    return out


def submitted_elsewhere(enterprise) -> list:
    """The enterprise's applications whose facts are frozen (submitted and not back for revision)."""
    from .drafts import EDITABLE_STATES
    from .models import Application, State

    return list(Application.objects.filter(enterprise=enterprise)
                .exclude(state__in=[*EDITABLE_STATES, State.WITHDRAWN]).select_related("campaign"))
