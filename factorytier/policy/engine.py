"""Evaluates the facts about one factory against a catalogue's tier rules. Pure: no I/O.

A catalogue's rules are compiled once (per campaign override) into one evaluator per rule. A finding
only depends on a handful of facts (a level, a rating, a set of segments, an AI count), so evaluators
hand out shared Finding objects, each carrying its JSON text and what would fix it, instead of
formatting the same Chinese sentence for each of 100,000 factories.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from . import messages, messages_en
from .facts import Facts, parse_facts
from .loader import default_catalogue
from .model import CampaignRules, Catalogue, Tier, TierRule

BLOCKING = frozenset(("fail", "missing"))
_CACHE_LIMIT = 4096  # entries per evaluator cache; bounded so a long batch keeps constant memory
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_FRAGMENTS: dict[Any, str] = {}


def _fragment(value: Any) -> str:
    """JSON of a small, often repeated value (tier ids, covered-segment tuples)."""
    text = _FRAGMENTS.get(value)
    if text is None:
        if len(_FRAGMENTS) >= _CACHE_LIMIT:
            _FRAGMENTS.clear()
        text = _FRAGMENTS[value] = _dumps(value)
    return text


@dataclass(frozen=True, slots=True, eq=False)
class _Fix:
    """What would turn one blocking finding into a pass (identity-hashed: used in cache keys)."""

    kind: str  # attest | maturity | segments | ai | prerequisite | other
    value: Any
    line: str
    line_json: str = field(init=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "line_json", _dumps(self.line))


@dataclass(frozen=True, slots=True)
class Finding:
    clause: str
    status: str  # pass | fail | warn | missing
    message: str
    fix: _Fix | None = field(default=None, repr=False, compare=False)
    blocks: bool = field(init=False, repr=False, compare=False)
    json: str = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "blocks", self.status in BLOCKING)
        object.__setattr__(self, "json", _dumps(self.to_dict()))

    def to_dict(self) -> dict[str, str]:
        return {"clause": self.clause, "status": self.status, "message": self.message}


@dataclass(frozen=True, slots=True)
class Remedy:
    """What would make a tier pass: structured, and as Chinese lines."""

    missing_segments: tuple[str, ...] = ()
    ai_scenarios_needed: int | None = None  # AI scenarios to add; None: adding cannot reach the ratio
    ai_scenarios_to_convert: int | None = None  # or existing scenarios to upgrade to AI instead
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


class TierResult:
    """One tier's verdict. Read-only; `remedy` (None when eligible) is built on first access, since a
    batch run only needs its JSON."""

    __slots__ = ("tier", "eligible", "ai_scenario_ratio", "segments_covered", "findings", "_fixes", "_remedy")

    def __init__(self, tier: str, eligible: bool, ai_scenario_ratio: float, segments_covered: tuple[str, ...],
                 findings: tuple[Finding, ...], _fixes: tuple[_Fix, ...] = ()):
        s = object.__setattr__
        s(self, "tier", tier)
        s(self, "eligible", eligible)
        s(self, "ai_scenario_ratio", ai_scenario_ratio)
        s(self, "segments_covered", segments_covered)
        s(self, "findings", findings)
        s(self, "_fixes", _fixes)
        s(self, "_remedy", None)

    def __setattr__(self, name, value):
        raise AttributeError(f"TierResult is read-only ({name})")

    def __repr__(self) -> str:
        return (f"TierResult(tier={self.tier!r}, eligible={self.eligible!r}, ai_scenario_ratio={self.ai_scenario_ratio!r}, "
                f"segments_covered={self.segments_covered!r}, findings={self.findings!r})")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TierResult):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

    @property
    def remedy(self) -> Remedy | None:
        if self.eligible:
            return None
        if self._remedy is None:
            object.__setattr__(self, "_remedy", _build_remedy(self._fixes, tuple(f.clause for f in self.findings if f.blocks)))
        return self._remedy

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "tier": self.tier,
            "eligible": self.eligible,
            "ai_scenario_ratio": self.ai_scenario_ratio,
            "segments_covered": list(self.segments_covered),
            "findings": [f.to_dict() for f in self.findings],
        }
        remedy = self.remedy
        if remedy is not None:
            out["remedy"] = remedy.to_dict()
        return out

    def to_json(self) -> str:
        """Compact JSON of to_dict(), assembled from the findings' and fixes' ready-made JSON."""
        remedy = "" if self.eligible else ',"remedy":' + _remedy_json(self.findings, self._fixes)
        return (f'{{"tier":{_fragment(self.tier)},"eligible":{"true" if self.eligible else "false"},'
                f'"ai_scenario_ratio":{self.ai_scenario_ratio!r},"segments_covered":{_fragment(self.segments_covered)},'
                f'"findings":[{",".join([f.json for f in self.findings])}]{remedy}}}')


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

    def to_json(self) -> str:
        return f'{{"highest_eligible":{_fragment(self.highest_eligible)},"tiers":[{",".join([t.to_json() for t in self.tiers])}]}}'


class _Ctx:
    """The facts one evaluation needs, computed once per factory and shared by all tiers."""

    __slots__ = ("facts", "ai", "n", "mask", "rating_order", "covered", "ratio")

    def __init__(self, facts: Facts, compiled: _Compiled):
        self.facts = facts
        ai = mask = 0
        bits = compiled.link_bit
        for s in facts.scenarios:
            if s.uses_ai:
                ai += 1
            mask |= bits[s.guide_link]
        n = len(facts.scenarios)
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
    lang: str = "zh"
    plans: dict[str, _TierPlan] = field(default_factory=dict)
    _covered: dict[int, tuple[str, ...]] = field(default_factory=dict)

    def segment_bit(self, segment_id: str) -> int:
        return 1 << self.segment_ids.index(segment_id)

    def covered_names(self, mask: int) -> tuple[str, ...]:
        names = self._covered.get(mask)
        if names is None:
            names = self._covered[mask] = tuple(s for i, s in enumerate(self.segment_ids) if mask >> i & 1)
        return names


LANGS = ("zh", "en")


def _compile(catalogue: Catalogue, overrides: CampaignRules | None, lang: str = "zh") -> _Compiled:
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
        segment_names={s.id: s.name_in(lang) for s in catalogue.segments},
        rating_order={"none": 0, **catalogue._tier_order}, lang=lang,
    )
    for i, tier in enumerate(catalogue.tiers):
        next_tier = catalogue.tiers[i + 1] if i + 1 < len(catalogue.tiers) else None
        rules = catalogue.tier_rules(tier.id)
        evaluators = tuple(_evaluator(compiled, rule, tier, next_tier) for rule in rules)
        compiled.plans[tier.id] = _TierPlan(tier.id, rules, evaluators)
    return compiled


def _compiled(catalogue: Catalogue, overrides: CampaignRules | None, lang: str = "zh") -> _Compiled:
    if overrides is not None and overrides.branch_allowed_industries is not None:
        # callers may pass a list, which cannot be part of a cache key
        overrides = CampaignRules(overrides.region, tuple(overrides.branch_allowed_industries))
    lang = lang if lang in LANGS else "zh"
    key = ("compiled", overrides, lang)
    compiled = catalogue._cache.get(key)
    if compiled is None:
        if len(catalogue._cache) > 64:  # campaigns edited in the web UI: keep the cache bounded
            catalogue._cache.clear()
        compiled = catalogue._cache[key] = _compile(catalogue, overrides, lang)
    return compiled


def _memo(fn: Callable[[Any], Finding]) -> dict[Any, Finding]:
    """A dict that fills itself from fn; cleared when full."""

    class _Cache(dict):
        def __missing__(self, key):
            if len(self) >= _CACHE_LIMIT:
                self.clear()
            found = self[key] = fn(key)
            return found

    return _Cache()


def _evaluator(c: _Compiled, rule: TierRule, tier: Tier, next_tier: Tier | None) -> Evaluator:
    clause = rule.clause
    cid = clause.id
    lang = c.lang
    msg = messages_en if lang == "en" else messages  # the wording, in the language asked for
    summary = clause.summary_in(lang)
    blocked = rule.blocking_status
    check = rule.check
    tier_name = tier.name_in(lang)

    def finding(met: bool, text: str, fix: _Fix | None) -> Finding:
        if met:
            return Finding(cid, "pass", text)
        return Finding(cid, blocked, text, fix if blocked in BLOCKING else None)

    if check == "attested":
        fix = _Fix("attest", cid, msg.remedy_attest(cid, summary))
        ok = finding(True, msg.attested_pass(summary), None)
        absent = finding(False, msg.attested_missing(summary), fix)
        # Answered false: the applicant states the factory does not meet the clause (fail, not missing).
        declined = Finding(cid, "fail", msg.attested_false(summary), fix)

        def attested(ctx: _Ctx) -> Finding:
            value = ctx.facts.attestations.get(cid)
            return ok if value is True else declined if value is False else absent

        return attested

    if check == "maturity":
        required = rule.params["min_cmmm_level"]
        table = tuple(
            finding(level >= required, msg.maturity(level, required, tier_name),
                    _Fix("maturity", required, msg.remedy_maturity(required, level)))
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

        def by_mask(mask: int) -> Finding:
            missing = tuple(s for s, bit in bits if not mask & bit)
            if not missing:
                return finding(True, msg.segments_met(req_names, total, soft, tier_name), None)
            missing_names = [names[s] for s in missing]
            return finding(False, msg.segments_missing(missing_names, req_names, total, soft, tier_name),
                           _Fix("segments", missing, msg.remedy_segments(missing_names)))

        seg_cache = _memo(by_mask)
        return lambda ctx: seg_cache[ctx.mask]

    if check == "ai_ratio":
        minimum: Fraction = rule.params["min_ai_scenario_ratio"]
        p, q = minimum.numerator, minimum.denominator
        benchmark = clause.params.get("benchmark")

        def by_counts(key: tuple[int, int]) -> Finding:
            ai, n = key
            met = ai * q >= p * n and not (n == 0 and p > 0)
            add, convert = ai_scenarios_needed(ai, n, minimum)
            return finding(met, msg.ai_ratio(ai, n, minimum, tier_name, benchmark),
                           _Fix("ai", (add, convert), msg.remedy_ai(add, convert, minimum)))

        ai_cache = _memo(by_counts)
        return lambda ctx: ai_cache[ctx.ai, ctx.n]

    if check == "registration":
        region, allowed = c.region, c.branch_allowed
        allowed_set = frozenset(allowed)
        groups = c.catalogue.campaign.industry_groups if c.catalogue.campaign else {}
        division_group = {name: group for group, divs in groups.items() for _, name in divs}
        code_name = {code: name for divs in groups.values() for code, name in divs}

        def by_entity(key: tuple[str, str, str]) -> Finding:
            province, legal, industry = key
            name = _division_name(industry, code_name)
            group = division_group.get(name)
            ok = name in allowed_set or (group is not None and group in allowed_set)
            met, text = msg.registration(province, region, legal, name, allowed, tier_name, group if ok else None, ok)
            return finding(met, text, _Fix("other", None, text))

        reg_cache = _memo(by_entity)

        def registration(ctx: _Ctx) -> Finding:
            f = ctx.facts
            # only a branch's industry matters: keeps the cache small
            industry = f.industry.strip() if f.legal_entity == "branch" else ""
            return reg_cache[f.province.strip(), f.legal_entity, industry]

        return registration

    if check == "prerequisite":
        required_id = rule.params["prerequisite_rating"]
        cat = c.catalogue
        required = cat.tier(required_id)
        table = {}
        for rating, order in c.rating_order.items():
            rating_name = cat.tier(rating).name_in(lang) if rating != "none" else None
            met, text = msg.prerequisite(rating_name, order, required.name_in(lang), required.order, tier_name,
                                         tier.order, next_tier.name_in(lang) if next_tier else None)
            fix = (_Fix("prerequisite", required_id, msg.remedy_prerequisite(required.name_in(lang)))
                   if order < required.order else _Fix("other", None, text))
            table[order] = finding(met, text, fix)
        return lambda ctx: table[ctx.rating_order]

    raise AssertionError(f"check {check!r} has no evaluator")  # the loader only lets known checks through


def _division_name(industry: str, code_name: Mapping[str, str]) -> str:
    """An industry as a name: a group or division name as given, "32" or "32 有色金属冶炼和压延加工业"
    as the division's name."""
    text = industry.strip()
    if len(text) >= 2 and text[:2].isdigit() and (len(text) == 2 or not text[2].isdigit()):
        rest = text[2:].strip()
        return rest or code_name.get(text[:2], text)
    return text


def ai_scenarios_needed(ai: int, n: int, minimum: Fraction) -> tuple[int | None, int]:
    """(AI scenarios to add, or existing scenarios to upgrade instead) to reach `minimum`.

    Adding k: the smallest k with (ai+k)/(n+k) >= p/q, i.e. k*(q-p) >= p*n - q*ai; with no scenario
    at all one is still needed, as an empty list counts as 0. None when adding cannot reach a 100 %
    minimum (a scenario without AI stays in the denominator).
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


def _build_remedy(fixes: tuple[_Fix, ...], blocking: tuple[str, ...]) -> Remedy:
    segs: list[str] = []
    attest: list[str] = []
    add = convert = level = prereq = None
    for fix in fixes:
        if fix.kind == "attest":
            attest.append(fix.value)
        elif fix.kind == "maturity":
            level = fix.value if level is None else max(level, fix.value)
        elif fix.kind == "segments":
            segs.extend(s for s in fix.value if s not in segs)
        elif fix.kind == "ai":
            add, convert = fix.value
        elif fix.kind == "prerequisite":
            prereq = fix.value
    return Remedy(
        missing_segments=tuple(segs), ai_scenarios_needed=add, ai_scenarios_to_convert=convert,
        missing_attestations=tuple(attest), min_maturity_level=level, prerequisite_rating=prereq,
        blocking_clauses=blocking, lines=tuple(f.line for f in fixes),
    )


def _evaluate(plan: _TierPlan, ctx: _Ctx) -> TierResult:
    findings = tuple([e(ctx) for e in plan.evaluators])
    fixes = tuple([f.fix for f in findings if f.blocks])
    return TierResult(plan.tier, not fixes, ctx.ratio, ctx.covered, findings, fixes)


_REMEDY_JSON: dict[tuple[_Fix, ...], str] = {}


def _remedy_json(findings: tuple[Finding, ...], fixes: tuple[_Fix, ...]) -> str:
    """JSON of Remedy.to_dict() straight from the fixes (keys and order as there)."""
    # Fixes are shared objects compared by identity, and the key holds them, so ids stay unique.
    text = _REMEDY_JSON.get(fixes)
    if text is not None:
        return text
    segs: list[str] = []
    attest: list[str] = []
    add = convert = level = prereq = None
    for fix in fixes:
        kind = fix.kind
        if kind == "attest":
            attest.append(fix.value)
        elif kind == "maturity":
            level = fix.value if level is None else max(level, fix.value)
        elif kind == "segments":
            segs.extend(s for s in fix.value if s not in segs)
        elif kind == "ai":
            add, convert = fix.value
        elif kind == "prerequisite":
            prereq = fix.value
    parts = []
    if segs:
        parts.append(f'"missing_segments":{_fragment(tuple(segs))}')
    if add is not None:
        parts.append(f'"ai_scenarios_needed":{add}')
    if convert is not None:
        parts.append(f'"ai_scenarios_to_convert":{convert}')
    if attest:
        parts.append(f'"missing_attestations":{_fragment(tuple(attest))}')
    if level is not None:
        parts.append(f'"min_maturity_level":{level}')
    if prereq is not None:
        parts.append(f'"prerequisite_rating":{_fragment(prereq)}')
    parts.append(f'"blocking_clauses":{_fragment(tuple([f.clause for f in findings if f.blocks]))}')
    parts.append('"lines":[' + ",".join([f.line_json for f in fixes]) + "]")
    text = "{" + ",".join(parts) + "}"
    if len(_REMEDY_JSON) >= _CACHE_LIMIT:
        _REMEDY_JSON.clear()
    _REMEDY_JSON[fixes] = text
    return text


def _prepare(facts: Facts | Mapping | Any, catalogue: Catalogue | None, overrides: CampaignRules | None,
             lang: str = "zh"):
    catalogue = catalogue or default_catalogue()
    c = _compiled(catalogue, overrides, lang)
    return c, _Ctx(parse_facts(facts, catalogue), c)


def check_tier(facts: Facts | Mapping | Any, tier: str, catalogue: Catalogue | None = None, *,
               campaign_overrides: CampaignRules | None = None, lang: str = "zh") -> TierResult:
    """Evaluate one tier. Raises FactsInvalid for invalid facts, KeyError for an unknown tier.
    `lang` ("zh" or "en") is the language of the findings' and remedies' wording; verdicts never depend on it."""
    c, ctx = _prepare(facts, catalogue, campaign_overrides, lang)
    return _evaluate(c.plans[tier], ctx)


def check_ladder(facts: Facts | Mapping | Any, catalogue: Catalogue | None = None, *,
                 campaign_overrides: CampaignRules | None = None, lang: str = "zh") -> LadderResult:
    """Evaluate every tier, lowest first; highest_eligible is the highest eligible tier or None."""
    c, ctx = _prepare(facts, catalogue, campaign_overrides, lang)
    results = tuple([_evaluate(plan, ctx) for plan in c.plans.values()])
    highest = None
    for r in results:
        if r.eligible:
            highest = r.tier
    return LadderResult(highest, results)
