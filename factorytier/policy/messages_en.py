"""English wording of findings and remedies, the same functions as `messages` (chosen by `lang="en"`).

Region and industry names are data and stay as the facts and the catalogue give them."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from .messages import fraction_percent, normalise_region, percent, percent_decimals

# Region names are data; the ones the catalogues use get their English name in English sentences.
REGION_NAMES = {"上海": "Shanghai", "北京": "Beijing", "天津": "Tianjin", "重庆": "Chongqing", "江苏": "Jiangsu",
                "浙江": "Zhejiang", "广东": "Guangdong"}


def region_name(name: str) -> str:
    return REGION_NAMES.get(normalise_region(name), name.strip())


STATUS_NAMES = {"pass": "met", "fail": "not met", "warn": "note", "missing": "not declared"}


def level_name(level: int) -> str:
    return f"level {level}"


def join(names: Sequence[str]) -> str:
    names = list(names)
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def attested_pass(summary: str) -> str:
    return f"Declared: {summary}"


def attested_missing(summary: str) -> str:
    return f"Not declared: {summary} (the applicant must declare it and provide evidence)"


def attested_false(summary: str) -> str:
    return f"The applicant states the factory does not meet this clause: {summary}"


def maturity(level: int, required: int, tier_name: str) -> str:
    found = "No smart manufacturing maturity level yet" if level == 0 else f"Maturity {level_name(level)}"
    if level >= required:
        return f"{found}, meets the {tier_name} requirement of {level_name(required)} or above"
    return f"{found}; {tier_name} requires {level_name(required)} or above"


def _requirement(required: Sequence[str], total: int, soft: bool, tier_name: str) -> str:
    if len(required) == total:
        what = f"all {total} segments"
        return f"should in principle cover {what}" if soft else f"{tier_name} must cover {what}"
    what = join(required) + (" segment" if len(required) == 1 else f" ({len(required)} segments)")
    return f"should in principle cover {what}" if soft else f"{tier_name} must cover at least {what}"


def segments_met(required: Sequence[str], total: int, soft: bool, tier_name: str) -> str:
    if len(required) == total:
        return f"Covers all {total} segments"
    return f"Covers {join(required)}, as required ({_requirement(required, total, soft, tier_name)})"


def segments_missing(missing: Sequence[str], required: Sequence[str], total: int, soft: bool, tier_name: str) -> str:
    return f"Does not cover {join(missing)} ({_requirement(required, total, soft, tier_name)})"


BENCHMARKS = {
    "provincial_average": "the provincial industry average",
    "provincial_leading": "the provincial industry lead",
    "national_leading": "the national industry lead",
    "global_leading": "the global lead",
}


def ai_ratio(ai: int, n: int, minimum: Fraction, tier_name: str, benchmark: str | None = None) -> str:
    need = fraction_percent(minimum)
    if n == 0:
        return f"No smart manufacturing scenario given yet, so the AI scenario share counts as 0%; {tier_name} requires at least {need}"
    found = f"AI scenario share {percent(ai, n, percent_decimals(minimum))} ({ai}/{n})"
    if ai * minimum.denominator >= minimum.numerator * n:
        text = f"{found}, meets the {tier_name} minimum of {need}"
        level = BENCHMARKS.get(benchmark or "")
        if level:
            text += (f" (only the share is checked here; whether the main technical and economic indicators reach "
                     f"{level} is judged in review from the KPI table)")
        return text
    return f"{found}; {tier_name} requires at least {need}"


def registration(province: str, region: str, legal_entity: str, industry: str,
                 allowed: Sequence[str], tier_name: str, group: str | None = None,
                 branch_ok: bool | None = None) -> tuple[bool, str]:
    problems = []
    if normalise_region(province) != normalise_region(region):
        problems.append(f"Registered in {region_name(province)}; a {tier_name} applicant must be registered in {region_name(region)}")
    if branch_ok is None:
        branch_ok = industry in allowed
    if legal_entity == "branch" and not branch_ok:
        if allowed:
            problems.append(f"The applicant is a branch of a legal person (industry: {industry}); only {join(allowed)} "
                            "allow branches to apply")
        else:
            problems.append("The applicant is a branch of a legal person; this campaign requires an independent legal person")
    if problems:
        return False, "; ".join(problems)
    if legal_entity == "branch":
        which = f"{industry} (part of {group})" if group and group != industry else industry
        return True, f"Registered in {region_name(region)}, a branch of a legal person in {which}, an industry whose branches may apply"
    return True, f"Registered in {region_name(region)}, an independent legal person"


def prerequisite(rating_name: str | None, rating_order: int, required_name: str, required_order: int,
                 tier_name: str, tier_order: int, next_tier_name: str | None) -> tuple[bool, str]:
    if rating_name is not None and rating_order == tier_order:
        tail = f"; it can apply for {next_tier_name}" if next_tier_name else ""
        return False, f"Already rated {rating_name}, no need to apply for {tier_name}{tail}"
    if rating_name is not None and rating_order > tier_order:
        return False, f"Already rated {rating_name} (above {tier_name}), no need to apply for {tier_name}"
    if rating_order >= required_order:
        return True, f"Rated {rating_name}, as {tier_name} requires"
    current = f"now {rating_name}" if rating_name else "not rated yet"
    return False, f"Not yet rated {required_name} ({current}); {tier_name} requires a {required_name} rating first"


def remedy_attest(clause_id: str, summary: str) -> str:
    return f"{clause_id}: the applicant declares it and prepares evidence: {summary}"


def remedy_maturity(required: int, level: int) -> str:
    current = "none yet" if level == 0 else f"now {level_name(level)}"
    return f"Smart manufacturing maturity must reach {level_name(required)} or above ({current})"


def remedy_segments(missing: Sequence[str]) -> str:
    return f"Add smart manufacturing scenarios in {join(missing)}"


def remedy_ai(add: int | None, convert: int, minimum: Fraction) -> str:
    need = fraction_percent(minimum)
    if add is None:
        return f"Upgrade {convert} existing scenarios to use AI to reach {need}"
    if convert <= 0:
        return f"Add {add} more scenarios using AI to reach {need}"
    return f"Add {add} more scenarios using AI (or upgrade {convert} existing scenarios to use AI) to reach {need}"


def remedy_prerequisite(required_name: str) -> str:
    return f"Must first be rated {required_name}"
