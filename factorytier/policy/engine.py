"""Evaluates the facts about one factory against a catalogue's tier rules. Pure: no I/O.

A catalogue's rules are compiled once (per campaign override) into one evaluator per rule. Findings
only depend on a handful of facts (a level, a rating, a set of segments, an AI count), so evaluators
hand out shared Finding objects instead of formatting the same Chinese sentence for every factory.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from . import messages as msg
from .facts import Facts, parse_facts
from .loader import default_catalogue
from .model import CampaignRules, Catalogue, TierRule

BLOCKING = frozenset(("fail", "missing"))
_CACHE_LIMIT = 4096  # entries per evaluator cache; facts vary little, so this is plenty


@dataclass(frozen=True, slots=True)
class Finding:
    clause: str
    status: str  # pass | fail | warn | missing
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"clause": self.clause, "status": self.status, "message": self.message}


@dataclass(frozen=True, slots=True)
class Remedy:
    """What would make a tier pass: structured, and as Chinese lines."""

    missing_segments: tuple[str, ...] = ()
    ai_scenarios_needed: int | None = None  # AI scenarios to add
    ai_scenarios_to_convert: int | None = None  # or existing scenarios to upgrade to AI
    missing_attestations: tuple[str, ...] = ()
    min_maturity_level: int | None = None
    prerequisite_rating: str | None = None
    blocking_clauses: tuple[str, ...] = ()  # every clause that is fail or missing
    lines: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key in ("missing_segments", "ai_scenarios_needed", "ai_scenarios_to_convert", "missing_attestations",
                    "min_maturity_level", "prerequisite_rating", "blocking_clauses", "lines"):
            value = getattr(self, key)
            if value is not None and value != ():
                out[key] = list(value) if isinstance(value, tuple) else value
        return out


@dataclass(frozen=True, slots=True)
class TierResult:
    tier: str
    eligible: bool
    ai_scenario_ratio: float
    segments_covered: tuple[str, ...]
    findings: tuple[Finding, ...]
    remedy: Remedy | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "tier": self.tier,
            "eligible": self.eligible,
            "ai_scenario_ratio": self.ai_scenario_ratio,
            "segments_covered": list(self.segments_covered),
            "findings": [f.to_dict() for f in self.findings],
        }
        if self.remedy is not None:
            out["remedy"] = self.remedy.to_dict()
        return out


@dataclass(frozen=True, slots=True)
class LadderResult:
    highest_eligible: str | None
    tiers: tuple[TierResult, ...]

    def tier(self, tier_id: str) -> TierResult:
        for t in self.tiers:
            if t.tier == tier_id:
                return t
        raise KeyError(tier_id)

    def to_dict(self) -> dict[str, Any]:
        return {"highest_eligible": self.highest_eligible, "tiers": [t.to_dict() for t in self.tiers]}


class _Ctx:
    """The facts one evaluation needs, computed once per factory and shared by all tiers."""

    __slots__ = ("facts", "ai", "n", "mask", "rating_order", "covered", "ratio")

    def __init__(self, facts: Facts, compiled: _Compiled):
        self.facts = facts
        n = len(facts.scenarios)
        ai = 0
        mask = 0
        bits = compiled.link_bit
        for s in facts.scenarios:
            if s.uses_ai:
                ai += 1
            mask |= bits[s.guide_link]
        self.ai, self.n, self.mask = ai, n, mask
        self.rating_order = compiled.rating_order[facts.current_rating]
        self.covered = compiled.covered_names(mask)
        self.ratio = round(ai / n, 4) if n else 0.0


Evaluator = Callable[[_Ctx], Finding]


@dataclass(slots=True)
class _TierPlan:
    tier: str
    rules: tuple[TierRule, ...]
    evaluators: tuple[Evaluator, ...]


@dataclass(slots=True)
class _Compiled:
    catalogue: Catalogue
    region: str
    branch_allowed: tuple[str, ...]
    link_bit: dict[str, int]
    segment_ids: tuple[str, ...]
    segment_names: dict[str, str]
    rating_order: dict[str, int]
    plans: dict[str, _TierPlan] = field(default_factory=dict)
    _covered: dict[int, tuple[str, ...]] = field(default_factory=dict)

    def segment_bit(self, segment_id: str) -> int:
        return 1 << self.segment_ids.index(segment_id)

    def covered_names(self, mask: int) -> tuple[str, ...]:
        names = self._covered.get(mask)
        if names is None:
            names = tuple(s for i, s in enumerate(self.segment_ids) if mask >> i & 1)
            self._covered[mask] = names
        return names


def _compile(catalogue: Catalogue, overrides: CampaignRules | None) -> _Compiled:
    campaign = catalogue.campaign
    region = (overrides.region if overrides and overrides.region is not None
              else campaign.region if campaign else "")
    allowed = (tuple(overrides.branch_allowed_industries)
               if overrides and overrides.branch_allowed_industries is not None
               else campaign.branch_allowed_industries if campaign else ())
    seg_index = {s.id: i for i, s in enumerate(catalogue.segments)}
    compiled = _Compiled(
        catalogue=catalogue, region=region, branch_allowed=allowed,
        link_bit={link: 1 << seg_index[sid] for link, sid in catalogue._link_segment.items()},
        segment_ids=tuple(s.id for s in catalogue.segments),
        segment_names={s.id: s.name for s in catalogue.segments},
        rating_order={"none": 0, **catalogue._tier_order},
    )
    for i, tier in enumerate(catalogue.tiers):
        next_tier = catalogue.tiers[i + 1] if i + 1 < len(catalogue.tiers) else None
        rules = catalogue.tier_rules(tier.id)
        evaluators = tuple(_evaluator(compiled, rule, tier.id, tier.name, tier.order, next_tier) for rule in rules)
        compiled.plans[tier.id] = _TierPlan(tier.id, rules, evaluators)
    return compiled


def _compiled(catalogue: Catalogue, overrides: CampaignRules | None) -> _Compiled:
    if overrides is not None and overrides.branch_allowed_industries is not None:
        # lists from callers are not hashable; the cache key needs a tuple
        overrides = CampaignRules(overrides.region, tuple(overrides.branch_allowed_industries))
    key = ("compiled", overrides)
    compiled = catalogue._cache.get(key)
    if compiled is None:
        if len(catalogue._cache) > 64:  # campaigns edited in the web UI: keep the cache bounded
            catalogue._cache.clear()
        compiled = catalogue._cache[key] = _compile(catalogue, overrides)
    return compiled


def _memo(fn: Callable[[Any], Finding]) -> Callable[[Any], Finding]:
    cache: dict[Any, Finding] = {}

    def get(key: Any) -> Finding:
        found = cache.get(key)
        if found is None:
            if len(cache) >= _CACHE_LIMIT:
                cache.clear()
            found = cache[key] = fn(key)
        return found

    return get


def _evaluator(c: _Compiled, rule: TierRule, tier_id: str, tier_name: str, tier_order: int, next_tier) -> Evaluator:
    clause = rule.clause
    cid = clause.id
    summary = clause.summary or clause.text
    blocked = rule.blocking_status
    check = rule.check

    if check == "attested":
        ok = Finding(cid, "pass", msg.attested_pass(summary))
        absent = Finding(cid, "missing", msg.attested_missing(summary))
        declined = Finding(cid, "missing", msg.attested_false(summary))

        def attested(ctx: _Ctx) -> Finding:
            value = ctx.facts.attestations.get(cid)
            return ok if value is True else declined if value is False else absent

        return attested

    if check == "maturity":
        required = rule.params["min_cmmm_level"]
        table = tuple(
            Finding(cid, "pass" if level >= required else blocked, msg.maturity(level, required, tier_name))
            for level in range(6)
        )
        return lambda ctx: table[ctx.facts.cmmm_level]

    if check == "segments":
        required = rule.params["required_segments"]
        names = c.segment_names
        req_names = tuple(names[s] for s in required)
        soft = clause.kind == "soft"
        total = len(c.segment_ids)
        bits = [(s, c.segment_bit(s)) for s in required]

        @_memo
        def by_mask(mask: int) -> Finding:
            missing = [names[s] for s, bit in bits if not mask & bit]
            if not missing:
                return Finding(cid, "pass", msg.segments_met(req_names, total, soft, tier_name))
            return Finding(cid, blocked, msg.segments_missing(missing, req_names, total, soft, tier_name))

        return lambda ctx: by_mask(ctx.mask)

    if check == "ai_ratio":
        minimum: Fraction = rule.params["min_ai_scenario_ratio"]
        p, q = minimum.numerator, minimum.denominator

        @_memo
        def by_counts(key: tuple[int, int]) -> Finding:
            ai, n = key
            met = ai * q >= p * n and not (n == 0 and p > 0)
            return Finding(cid, "pass" if met else blocked, msg.ai_ratio(ai, n, minimum, tier_name))

        return lambda ctx: by_counts((ctx.ai, ctx.n))

    if check == "registration":
        region, allowed = c.region, c.branch_allowed

        @_memo
        def by_entity(key: tuple[str, str, str]) -> Finding:
            province, legal, industry = key
            met, text = msg.registration(province, region, legal, industry, allowed, tier_name)
            return Finding(cid, "pass" if met else blocked, text)

        def registration(ctx: _Ctx) -> Finding:
            f = ctx.facts
            # only the industry matters for an independent legal person: keep the cache small
            industry = f.industry.strip() if f.legal_entity == "branch" else ""
            return by_entity((f.province.strip(), f.legal_entity, industry))

        return registration

    if check == "prerequisite":
        required_id = rule.params["prerequisite_rating"]
        cat = c.catalogue
        required = cat.tier(required_id)
        table = {}
        for rating, order in c.rating_order.items():
            rating_name = cat.tier(rating).name if rating != "none" else None
            met, text = msg.prerequisite(rating_name, order, required.name, required.order, tier_name, tier_order,
                                         next_tier.name if next_tier else None)
            table[order] = Finding(cid, "pass" if met else blocked, text)
        return lambda ctx: table[ctx.rating_order]

    raise AssertionError(f"check {check!r} has no evaluator")  # the loader only lets known checks through


def _ai_needed(ai: int, n: int, minimum: Fraction) -> tuple[int | None, int]:
    """Scenarios using AI to add, and existing ones to upgrade instead, to reach `minimum`.

    Adding k: smallest k with (ai+k)/(n+k) >= p/q, i.e. k*(q-p) >= p*n - q*ai; with no scenario at all
    one is still needed, since an empty list counts as 0. Impossible (None) when the minimum is 100%.
    """
    p, q = minimum.numerator, minimum.denominator
    deficit = p * n - q * ai
    if q == p:
        add = None if ai < n else (1 if n == 0 else 0)
    else:
        add = max(0, -(-deficit // (q - p)))
        if n == 0 and p > 0:
            add = max(add, 1)
    convert = max(0, -(-deficit // q)) if n else 0
    return add, convert


def _remedy(plan: _TierPlan, findings: tuple[Finding, ...], ctx: _Ctx, c: _Compiled) -> Remedy:
    segs: list[str] = []
    attest: list[str] = []
    lines: list[str] = []
    blocking: list[str] = []
    add = convert = level = prereq = None
    for rule, finding in zip(plan.rules, findings, strict=True):
        if finding.status not in BLOCKING:
            continue
        blocking.append(rule.clause.id)
        check = rule.check
        if check == "attested":
            attest.append(rule.clause.id)
            lines.append(msg.remedy_attest(rule.clause.id, rule.clause.summary or rule.clause.text))
        elif check == "maturity":
            level = rule.params["min_cmmm_level"]
            lines.append(msg.remedy_maturity(level, ctx.facts.cmmm_level))
        elif check == "segments":
            missing = [s for s in rule.params["required_segments"] if not ctx.mask & c.segment_bit(s)]
            segs.extend(s for s in missing if s not in segs)
            lines.append(msg.remedy_segments([c.segment_names[s] for s in missing]))
        elif check == "ai_ratio":
            minimum = rule.params["min_ai_scenario_ratio"]
            add, convert = _ai_needed(ctx.ai, ctx.n, minimum)
            lines.append(msg.remedy_ai(add, convert, minimum))
        elif check == "prerequisite" and ctx.rating_order < c.rating_order[rule.params["prerequisite_rating"]]:
            prereq = rule.params["prerequisite_rating"]
            lines.append(msg.remedy_prerequisite(c.catalogue.tier(prereq).name))
        else:  # registration, or already holding the tier: nothing to add, the finding says why
            lines.append(finding.message)
    return Remedy(
        missing_segments=tuple(segs), ai_scenarios_needed=add, ai_scenarios_to_convert=convert,
        missing_attestations=tuple(attest), min_maturity_level=level, prerequisite_rating=prereq,
        blocking_clauses=tuple(blocking), lines=tuple(lines),
    )


def _evaluate(plan: _TierPlan, ctx: _Ctx, c: _Compiled) -> TierResult:
    findings = tuple(e(ctx) for e in plan.evaluators)
    eligible = True
    for f in findings:
        if f.status in BLOCKING:
            eligible = False
            break
    return TierResult(
        tier=plan.tier, eligible=eligible, ai_scenario_ratio=ctx.ratio, segments_covered=ctx.covered,
        findings=findings, remedy=None if eligible else _remedy(plan, findings, ctx, c),
    )


def _prepare(facts: Facts | Mapping | Any, catalogue: Catalogue | None, overrides: CampaignRules | None):
    catalogue = catalogue or default_catalogue()
    c = _compiled(catalogue, overrides)
    return c, _Ctx(parse_facts(facts, catalogue), c)


def check_tier(facts: Facts | Mapping | Any, tier: str, catalogue: Catalogue | None = None, *,
               campaign_overrides: CampaignRules | None = None) -> TierResult:
    """Evaluate one tier. Raises FactsInvalid for invalid facts, KeyError for an unknown tier."""
    c, ctx = _prepare(facts, catalogue, campaign_overrides)
    return _evaluate(c.plans[tier], ctx, c)


def check_ladder(facts: Facts | Mapping | Any, catalogue: Catalogue | None = None, *,
                 campaign_overrides: CampaignRules | None = None) -> LadderResult:
    """Evaluate every tier, lowest first; highest_eligible is the highest eligible tier or None."""
    c, ctx = _prepare(facts, catalogue, campaign_overrides)
    results = tuple(_evaluate(plan, ctx, c) for plan in c.plans.values())
    highest = None
    for r in results:
        if r.eligible:
            highest = r.tier
    return LadderResult(highest_eligible=highest, tiers=results)
