"""What the officer and the commission see per application: the readiness verdict of the facts frozen
with the submission, and whether the registries confirm the claimed rating and quota exemption."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from factorytier import policy
from factorytier.applications.readiness import campaign_rules

from .models import RegistryEntry, RegistryKind

# The rating each tier requires the applicant to hold already (N.EX.2: 先进级; N.LD.3: 卓越级).
PREREQUISITE = {"excellent": ("advanced", "N.EX.2"), "leading": ("excellent", "N.LD.3")}


def rating_name(rating: str) -> str:
    """A rating (尚未获评, 先进级, …) in the interface language."""
    from factorytier.campaigns.models import RATING_CHOICES

    return str(dict(RATING_CHOICES).get(rating, rating))


def frozen_facts(application, snapshot=None, readiness=None) -> dict | None:
    """The check-contract facts frozen with the submission (the snapshot's "facts", as
    `applications.readiness.facts_for_application` reads them). A prefetched snapshot is read without a
    query; a snapshot from before facts were frozen falls back to its submitted content and the
    enterprise's readiness answers."""
    if snapshot is None:
        snapshot = next(iter(application.snapshots.all()), None)
    data = snapshot.data if snapshot is not None and isinstance(snapshot.data, dict) else None
    if data and isinstance(data.get("facts"), dict):
        return data["facts"]
    if data is None:
        from factorytier.applications.readiness import facts_for_application

        return facts_for_application(application)
    from factorytier.applications.readiness import SCENARIO_KEYS, facts_for

    content = data.get("content") or {}
    scenarios = [{k: row.get(k) for k in SCENARIO_KEYS}
                 for row in ((content.get("scenes") or {}).get("scenarios") or []) if isinstance(row, dict)]
    if readiness is None:
        from factorytier.applications.models import Readiness

        readiness = Readiness.objects.filter(enterprise_id=application.enterprise_id).first()
    return facts_for(application.enterprise, readiness or _NoReadiness(), scenarios=scenarios,
                     attestations=content.get("attestations") or {})


class _NoReadiness:
    cmmm_level = 0
    current_rating = "none"
    attestations: dict = {}
    scenarios: list = []


@dataclass
class Verdict:
    eligible: bool | None
    ai_ratio: float | None
    segments: list[str]
    failing: list[str]
    claimed_rating: str
    claimed_exempt: bool
    findings: list[dict] = field(default_factory=list)  # registry findings: clause, message
    exempt: bool = False  # exemption claimed AND confirmed by the registry

    @property
    def confirmed(self) -> bool:
        return not self.findings


def registry_lookup(usccs) -> dict[tuple[str, str], RegistryEntry]:
    """One query for the registry rows of these USCCs."""
    return {(e.kind, e.uscc): e for e in RegistryEntry.objects.filter(uscc__in=list(set(usccs)))}


def claims_findings(application, facts: dict, registry: dict) -> tuple[list[dict], bool]:
    """Findings for claims the registries do not confirm, and whether the quota exemption is confirmed."""
    ent = (facts or {}).get("enterprise") or {}
    uscc = ent.get("uscc") or application.enterprise.uscc
    claimed = ent.get("current_rating") or "none"
    out: list[dict] = []
    prereq = PREREQUISITE.get(application.tier)
    if prereq and claimed != "none":
        needed, clause = prereq
        row = registry.get((RegistryKind.RATED, uscc))
        if row is None:
            out.append({"clause": clause, "message": _("自评已获评%(claimed)s，但已获评智能工厂名单中没有该企业（统一社会信用代码 %(uscc)s）")
                        % {"claimed": rating_name(claimed), "uscc": uscc}})
        elif row.rating != claimed:
            out.append({"clause": clause, "message": _("自评已获评%(claimed)s，名单记载为%(listed)s")
                        % {"claimed": rating_name(claimed), "listed": rating_name(row.rating)}})
    exempt = False
    if application.tier == "excellent" and ent.get("pilot_demo_locally_accepted"):
        if (RegistryKind.PILOT, uscc) in registry:
            exempt = True
        else:
            out.append({"clause": "N.EX.P4", "message": _("声明已通过智能制造示范工厂揭榜单位地方验收，但验收通过名单中没有该企业："
                                                          "未经名单确认，占用推荐名额")})
    return out, exempt


def verdict(application, snapshot=None, registry: dict | None = None, readiness=None) -> Verdict:
    facts = frozen_facts(application, snapshot, readiness)
    if registry is None:
        registry = registry_lookup([application.enterprise.uscc])
    ent = (facts or {}).get("enterprise") or {}
    try:
        result = policy.check_tier(facts, application.tier, application.campaign.policy_catalogue,
                                   campaign_overrides=campaign_rules(application.campaign))
    except (policy.FactsInvalid, KeyError, TypeError, ValueError):
        result = None
    findings, exempt = claims_findings(application, facts, registry)
    return Verdict(
        eligible=result.eligible if result else None,
        ai_ratio=result.ai_scenario_ratio if result else None,
        segments=list(result.segments_covered) if result else [],
        failing=[f.clause for f in result.findings if f.blocks] if result else [],
        claimed_rating=ent.get("current_rating") or "none",
        claimed_exempt=bool(ent.get("pilot_demo_locally_accepted")),
        findings=findings, exempt=exempt,
    )


def verdicts(applications) -> dict[int, Verdict]:
    """Verdicts for a page of applications with a fixed number of queries (snapshots prefetched)."""
    from factorytier.applications.models import Readiness

    apps = list(applications)
    registry = registry_lookup([a.enterprise.uscc for a in apps])
    readiness = {r.enterprise_id: r for r in Readiness.objects.filter(enterprise_id__in={a.enterprise_id for a in apps})}
    return {a.pk: verdict(a, registry=registry, readiness=readiness.get(a.enterprise_id, _NoReadiness())) for a in apps}
