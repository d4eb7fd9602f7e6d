"""Chinese wording of findings and remedies: what was found, and what the clause asks."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

_DIGITS = "零一二三四五六七八九十"
STATUS_SYMBOLS = {"pass": "✓", "fail": "✗", "warn": "!", "missing": "?"}
STATUS_NAMES = {"pass": "满足", "fail": "不满足", "warn": "提示", "missing": "未声明"}


def cn_number(n: int) -> str:
    if 0 <= n <= 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + _DIGITS[n - 10]
    if n < 100:
        return _DIGITS[n // 10] + "十" + ("" if n % 10 == 0 else _DIGITS[n % 10])
    return str(n)


def level_name(level: int) -> str:
    return f"{cn_number(level)}级"


def join(names: Sequence[str]) -> str:
    return "、".join(names)


def percent_decimals(ratio: Fraction) -> int:
    """How many decimals a threshold needs (20% -> 0, 22.5% -> 1)."""
    for d in range(4):
        if (ratio * 100 * 10**d).denominator == 1:
            return d
    return 2


def percent(num: int, den: int, decimals: int = 0) -> str:
    """num/den as a percentage, rounded down so a ratio below a threshold never prints as reaching it."""
    if den == 0:
        return "0%"
    scale = 10**decimals
    value = num * 100 * scale // den
    if decimals == 0:
        return f"{value}%"
    return f"{value // scale}.{value % scale:0{decimals}d}".rstrip("0").rstrip(".") + "%"


def fraction_percent(ratio: Fraction) -> str:
    return percent(ratio.numerator, ratio.denominator, percent_decimals(ratio))


# --- findings -------------------------------------------------------------------------------------

def attested_pass(summary: str) -> str:
    return f"已声明：{summary}"


def attested_missing(summary: str) -> str:
    return f"未声明：{summary}（须由申报主体承诺并提供佐证材料）"


def attested_false(summary: str) -> str:
    return f"申报主体声明本工厂不满足该条款：{summary}"


def maturity(level: int, required: int, tier_name: str) -> str:
    found = "未取得智能制造能力成熟度等级" if level == 0 else f"能力成熟度{level_name(level)}"
    if level >= required:
        return f"{found}，满足{tier_name}{level_name(required)}及以上要求"
    return f"{found}，{tier_name}要求{level_name(required)}及以上"


def _requirement(required: Sequence[str], total: int, soft: bool, tier_name: str) -> str:
    if len(required) == total:
        what = f"全部{cn_number(total)}个环节"
        return f"原则上应覆盖{what}" if soft else f"{tier_name}须覆盖{what}"
    what = join(required) + ("环节" if len(required) == 1 else f"{cn_number(len(required))}个环节")
    return f"原则上应覆盖{what}" if soft else f"{tier_name}须至少覆盖{what}"


def segments_met(required: Sequence[str], total: int, soft: bool, tier_name: str) -> str:
    if len(required) == total:
        return f"已覆盖全部{cn_number(total)}个环节"
    return f"已覆盖{join(required)}环节，满足{_requirement(required, total, soft, tier_name)}的要求"


def segments_missing(missing: Sequence[str], required: Sequence[str], total: int, soft: bool, tier_name: str) -> str:
    return f"未覆盖{join(missing)}环节（{_requirement(required, total, soft, tier_name)}）"


# What a clause's `benchmark` param asks of the 主要技术经济指标 (附表 KPIs), judged in review.
BENCHMARKS = {
    "provincial_average": "省内同行业平均水平",
    "provincial_leading": "省内同行业领先水平",
    "national_leading": "国内同行业领先水平",
    "global_leading": "全球领先水平",
}


def ai_ratio(ai: int, n: int, minimum: Fraction, tier_name: str, benchmark: str | None = None) -> str:
    """The ratio found against the minimum. When the clause also asks a level of the 主要技术经济指标
    (R.EX.E1, R.LD.E1), a pass says that only the ratio was checked here."""
    need = fraction_percent(minimum)
    if n == 0:
        return f"尚未填报智能制造场景，应用人工智能技术场景比例按 0% 计，{tier_name}要求不低于 {need}"
    found = f"应用人工智能技术场景比例为 {percent(ai, n, percent_decimals(minimum))}（{ai}/{n}）"
    if ai * minimum.denominator >= minimum.numerator * n:
        text = f"{found}，满足{tier_name}不低于 {need} 的要求"
        level = BENCHMARKS.get(benchmark or "")
        if level:
            text += (f"（此处仅核对该比例；主要技术经济指标是否达到{level}，"
                     "由评审时依据附表《智能工厂建设关键绩效指标参考》所填指标判断）")
        return text
    return f"{found}，{tier_name}要求不低于 {need}"


def normalise_region(name: str) -> str:
    """`上海` and `上海市` (and ` 上海市 `) name the same region: compare without surrounding spaces
    and without the administrative suffix."""
    text = name.strip()
    for suffix in ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市"):
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)]
    return text


def registration(province: str, region: str, legal_entity: str, industry: str,
                 allowed: Sequence[str], tier_name: str, group: str | None = None,
                 branch_ok: bool | None = None) -> tuple[bool, str]:
    """`group` is the branch-allowed industry group `industry` belongs to (when it is a division of one);
    `branch_ok` whether a branch in `industry` may apply (default: `industry` is one of `allowed`)."""
    problems = []
    if normalise_region(province) != normalise_region(region):
        problems.append(f"注册地为{province.strip()}，{tier_name}申报主体须在{region}注册")
    if branch_ok is None:
        branch_ok = industry in allowed
    if legal_entity == "branch" and not branch_ok:
        if allowed:
            problems.append(f"申报主体为法人的分支机构（所属行业：{industry}），仅{join(allowed)}等行业允许法人的分支机构申报")
        else:
            problems.append("申报主体为法人的分支机构，本批次须具有独立法人资格")
    if problems:
        return False, "；".join(problems)
    if legal_entity == "branch":
        which = f"{industry}（属{group}）" if group and group != industry else industry
        return True, f"在{region}注册，为{which}行业法人的分支机构，该行业允许分支机构申报"
    return True, f"在{region}注册，具有独立法人资格"


def prerequisite(rating_name: str | None, rating_order: int, required_name: str, required_order: int,
                 tier_name: str, tier_order: int, next_tier_name: str | None) -> tuple[bool, str]:
    if rating_name is not None and rating_order == tier_order:
        tail = f"，可申报{next_tier_name}" if next_tier_name else ""
        return False, f"已获评{rating_name}智能工厂，无需再申报{tier_name}{tail}"
    if rating_name is not None and rating_order > tier_order:
        return False, f"已获评{rating_name}智能工厂（高于{tier_name}），无需申报{tier_name}"
    if rating_order >= required_order:
        return True, f"已获评{rating_name}智能工厂，满足{tier_name}须已获评{required_name}智能工厂的要求"
    current = f"当前为{rating_name}" if rating_name else "当前尚未获评"
    return False, f"尚未获评{required_name}智能工厂（{current}），{tier_name}须已获评{required_name}智能工厂"


# --- remedies -------------------------------------------------------------------------------------

def remedy_attest(clause_id: str, summary: str) -> str:
    return f"{clause_id}：由申报主体声明并准备佐证材料——{summary}"


def remedy_maturity(required: int, level: int) -> str:
    current = "尚未取得" if level == 0 else f"当前{level_name(level)}"
    return f"智能制造能力成熟度需达到{level_name(required)}及以上（{current}）"


def remedy_segments(missing: Sequence[str]) -> str:
    return f"补充{join(missing)}环节的智能制造场景"


def remedy_ai(add: int | None, convert: int, minimum: Fraction) -> str:
    need = fraction_percent(minimum)
    if add is None:
        return f"将 {convert} 个现有场景升级为应用人工智能技术的场景，使比例达到 {need}"
    if convert <= 0:  # no scenario yet that could be upgraded
        return f"再增加 {add} 个应用人工智能技术的场景，使比例达到 {need}"
    return f"再增加 {add} 个应用人工智能技术的场景（或将 {convert} 个现有场景升级为应用人工智能技术），使比例达到 {need}"


def remedy_prerequisite(required_name: str) -> str:
    return f"需先获评{required_name}智能工厂"
