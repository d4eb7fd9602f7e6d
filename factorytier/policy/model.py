"""The catalogue as read-only data: what a campaign's rules are, not how they are evaluated."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction
from types import MappingProxyType
from typing import Any

# Check kinds the engine implements; a catalogue rule names one of them.
CHECKS = ("attested", "maturity", "segments", "ai_ratio", "registration", "prerequisite")
CLAUSE_KINDS = ("hard", "soft", "declared", "process", "content")
RECOMMENDER_KINDS = ("district", "committee", "central_soe")
DEADLINE_KINDS = ("application", "recommendation")

_EMPTY: Mapping[str, Any] = MappingProxyType({})


def _frozen_map(d: Mapping | None) -> Mapping:
    return MappingProxyType(dict(d or {}))


@dataclass(frozen=True, slots=True)
class Tier:
    id: str
    name: str
    order: int
    name_en: str = ""  # the English name (catalogue key `name_en`); the Chinese name when absent

    def name_in(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name


@dataclass(frozen=True, slots=True)
class Clause:
    id: str
    kind: str
    text: str
    summary: str = ""
    params: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)
    segment: str | None = None
    text_en: str = ""  # English beside the Chinese (catalogue keys `text_en`, `summary_en`)
    summary_en: str = ""

    def text_in(self, lang: str) -> str:
        return self.text_en if lang == "en" and self.text_en else self.text

    def summary_in(self, lang: str) -> str:
        if lang == "en" and (self.summary_en or self.text_en):
            return self.summary_en or self.text_en
        return self.summary or self.text


@dataclass(frozen=True, slots=True)
class Segment:
    id: str
    name: str
    guide_links: tuple[str, ...]
    name_en: str = ""

    def name_in(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name


@dataclass(frozen=True, slots=True)
class GuideScenario:
    no: int
    name: str
    link: str
    description: str | None
    confidence: str
    name_en: str = ""

    def name_in(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name


@dataclass(frozen=True, slots=True)
class Kpi:
    """One KPI of the 附表. `kind` "level": the applicant gives a baseline and a current value (the change
    is computed); "change": the KPI is itself a change (…缩短/提升/下降/降低), given as one value in % and
    one of `directions` (the first is the word in the KPI's name)."""

    no: int
    group: str
    name: str
    unit: str
    direction: str
    kind: str = "level"
    directions: tuple[str, ...] = ()
    # English beside the Chinese (catalogue keys name_en, group_en, unit_en, directions_en)
    name_en: str = ""
    group_en: str = ""
    unit_en: str = ""
    directions_en: tuple[str, ...] = ()

    def name_in(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name

    def group_in(self, lang: str) -> str:
        return self.group_en if lang == "en" and self.group_en else self.group

    def unit_in(self, lang: str) -> str:
        return self.unit_en if lang == "en" and self.unit_en else self.unit

    def direction_in(self, direction: str, lang: str) -> str:
        """One of `directions` (the stored Chinese word) as the language names it."""
        if lang == "en" and direction in self.directions and len(self.directions_en) == len(self.directions):
            return self.directions_en[self.directions.index(direction)]
        return direction


@dataclass(frozen=True, slots=True)
class MaterialSection:
    """One numbered item of a materials list; `items` are the sub-items its text names, in order
    (项目总体情况, 重点环节建设情况, …), and `key` is where the 申报书 content keeps them."""

    no: int
    clause: str
    title: str
    content: str
    key: str = ""
    items: tuple[str, ...] = ()
    title_en: str = ""
    content_en: str = ""

    def title_in(self, lang: str) -> str:
        return self.title_en if lang == "en" and self.title_en else self.title

    def content_in(self, lang: str) -> str:
        return self.content_en if lang == "en" and self.content_en else self.content


@dataclass(frozen=True, slots=True)
class MaterialsList:
    tier: str
    title: str
    annex: str
    sections: tuple[MaterialSection, ...]
    note: str = ""

    def __iter__(self):
        return iter(self.sections)

    def __len__(self) -> int:
        return len(self.sections)


@dataclass(frozen=True, slots=True)
class SummaryTable:
    tier: str
    clause: str
    title: str
    annex: str
    columns: tuple[str, ...]
    header: str = ""
    scenario_format: str = ""
    scenario_example: str = ""
    future_mode_format: str = ""
    future_mode_example: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Recommender:
    name: str
    kind: str  # district | committee | central_soe
    district: str | None = None
    tiers: tuple[str, ...] = ()  # empty: every tier the campaign opens


@dataclass(frozen=True, slots=True)
class Deadline:
    tier: str
    kind: str  # application | recommendation
    closes_at: datetime  # aware; exclusive: open while now < closes_at
    clause: str | None = None

    def is_open(self, at: datetime) -> bool:
        return at < self.closes_at


@dataclass(frozen=True, slots=True)
class Quota:
    tier: str
    per_recommender: int
    applies_to: tuple[str, ...]
    clause: str | None = None
    exempt_if: str | None = None  # an enterprise fact that, when true, does not use up the quota


@dataclass(frozen=True, slots=True)
class CampaignRules:
    """What the web app lets a commission change per campaign; None keeps the catalogue's value."""

    region: str | None = None
    branch_allowed_industries: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class Campaign:
    id: str
    region: str
    tiers_open: tuple[str, ...]
    branch_allowed_industries: tuple[str, ...]
    deadlines: tuple[Deadline, ...]
    quotas: Mapping[str, Quota]
    notice: str = ""
    issuer: str = ""
    # industry group (石油石化) -> the GB/T 4754-2017 大类 in it, as (code, name): a branch in one of
    # them applies under the group's name when the group is branch-allowed (N.EX.1, N.LD.1).
    industry_groups: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=lambda: _EMPTY)
    # GB/T 2260 code of the region (上海市: "31"): a 统一社会信用代码 whose registration-authority code
    # (characters 3-8) starts otherwise was issued elsewhere (a warning: the enterprise may have moved).
    region_code: str = ""

    @property
    def quota_exempt(self) -> Mapping[str, str]:
        """tier -> enterprise fact that exempts an application from the recommender's quota."""
        return MappingProxyType({t: q.exempt_if for t, q in self.quotas.items() if q.exempt_if})

    def deadline(self, tier: str, kind: str = "application") -> Deadline | None:
        for d in self.deadlines:
            if d.tier == tier and d.kind == kind:
                return d
        return None

    def is_open(self, tier: str, kind: str, at: datetime) -> bool:
        d = self.deadline(tier, kind)
        return tier in self.tiers_open and (d is None or d.is_open(at))


@dataclass(frozen=True, slots=True)
class TierRule:
    """One clause as it applies to one tier, with its parameters resolved for that tier."""

    clause: Clause
    check: str
    params: Mapping[str, Any]

    @property
    def clause_id(self) -> str:
        return self.clause.id

    @property
    def blocking_status(self) -> str:
        # declared clauses are "missing" when not attested; soft ones only warn
        if self.check == "attested":
            return "missing"
        return "warn" if self.clause.kind == "soft" else "fail"


@dataclass(frozen=True, slots=True, eq=False)
class Catalogue:
    id: str
    edition: str
    title: str
    source: str  # file the catalogue was loaded from
    tiers: tuple[Tier, ...]
    clauses: Mapping[str, Clause]
    segments: tuple[Segment, ...]
    guide_links: tuple[str, ...]
    guide_scenarios: tuple[GuideScenario, ...]
    scenarios_by_link: Mapping[str, tuple[str, ...]]
    kpis: tuple[Kpi, ...]
    materials: Mapping[str, MaterialsList]
    summary_tables: Mapping[str, SummaryTable]
    recommenders: tuple[Recommender, ...]
    campaign: Campaign | None
    timezone: str
    guide_title: str
    _rules: Mapping[str, tuple[TierRule, ...]]
    # Lookup tables the validator and the engine use for every factory, built once at load.
    _tier_order: Mapping[str, int]
    _link_segment: Mapping[str, str]
    # Sections read by their own modules (workflows, review): key -> (file name, raw YAML value).
    raw_sections: Mapping[str, tuple[str, Any]] = field(default_factory=dict)
    # 场景指引 环节 -> its English name (catalogue key guide.links[].name_en)
    guide_links_en: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    _cache: dict = field(default_factory=dict, repr=False)

    @property
    def region(self) -> str | None:
        return self.campaign.region if self.campaign else None

    def tier(self, tier_id: str) -> Tier:
        for t in self.tiers:
            if t.id == tier_id:
                return t
        raise KeyError(tier_id)

    def tier_rules(self, tier_id: str) -> tuple[TierRule, ...]:
        """The clauses that apply to `tier_id`, in finding order, with their parameters."""
        return self._rules[tier_id]

    def guide_category_name(self, name: str, lang: str) -> str:
        """A 场景指引 环节 (工厂建设, 产品研发, …) in `lang`; the name as given when it has no English."""
        return self.guide_links_en.get(name, name) if lang == "en" else name

    def scenario_name(self, name: str, lang: str) -> str:
        """A 场景指引 scenario name in `lang`; a name the guide does not list (typed by the applicant) as given."""
        if lang != "en":
            return name
        names = self._cache.get("scenario_names_en")
        if names is None:
            names = self._cache["scenario_names_en"] = {s.name: s.name_en for s in self.guide_scenarios if s.name_en}
        return names.get(name, name)

    def division_name(self, code: str, lang: str) -> str:
        """A GB/T 4754-2017 大类 by its code ("13") in `lang` (see policy.divisions)."""
        from .divisions import division_name

        return division_name(code, lang)

    def segment_of_link(self) -> Mapping[str, str]:
        """场景指引 环节 -> id of the 要素条件 segment it counts for."""
        return self._link_segment


def ratio_param(value: Any) -> Fraction:
    """A ratio from the catalogue as an exact fraction ("0.20" and 0.2 both give 1/5)."""
    if isinstance(value, bool):
        raise ValueError("not a ratio")
    return Fraction(str(value))
