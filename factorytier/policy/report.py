"""`--format text`: the ladder or one tier as a readable Chinese report."""

from __future__ import annotations

from .engine import LadderResult, TierResult
from .facts import Facts
from .messages import STATUS_NAMES, STATUS_SYMBOLS, join, percent
from .model import Catalogue

LEGEND = "图例：" + "  ".join(f"{STATUS_SYMBOLS[s]} {STATUS_NAMES[s]}" for s in ("pass", "fail", "warn", "missing"))


def _tier_block(result: TierResult, catalogue: Catalogue) -> list[str]:
    name = catalogue.tier(result.tier).name
    verdict = "✓ 符合申报条件" if result.eligible else "✗ 暂不符合"
    lines = [f"【{name}】{verdict}"]
    for f in result.findings:
        lines.append(f"  {STATUS_SYMBOLS.get(f.status, '?')} {f.clause}  {f.message}")
    if result.remedy is not None and result.remedy.lines:
        lines.append(f"  要符合{name}还需：")
        lines.extend(f"    - {line}" for line in result.remedy.lines)
    return lines


def render_text(result: TierResult | LadderResult, facts: Facts, catalogue: Catalogue) -> str:
    names = {s.id: s.name for s in catalogue.segments}
    ai = sum(1 for s in facts.scenarios if s.uses_ai)
    n = len(facts.scenarios)
    tiers = result.tiers if isinstance(result, LadderResult) else (result,)
    covered = tiers[0].segments_covered if tiers else ()
    missing = [s.name for s in catalogue.segments if s.id not in covered]
    title = facts.name or "（未填写企业名称）"
    lines = [
        f"{title}（统一社会信用代码 {facts.uscc}）",
        f"规则目录：{catalogue.title or catalogue.id}（{catalogue.id}）",
        f"应用人工智能技术场景比例：{percent(ai, n)}（{ai}/{n}）",
        f"覆盖环节：{join([names[s] for s in covered]) or '无'}（{len(covered)}/{len(catalogue.segments)}）"
        + (f"；未覆盖：{join(missing)}" if missing else ""),
    ]
    if isinstance(result, LadderResult):
        top = result.highest_eligible
        lines.append(f"可申报的最高等级：{catalogue.tier(top).name if top else '暂无'}")
        order = [t.id for t in catalogue.tiers]
        start = order.index(top) + 1 if top else 0
        nxt = next((t for t in result.tiers[start:] if not t.eligible), None) if start < len(order) else None
        if nxt is not None and nxt.remedy is not None:
            lines.append(f"下一等级（{catalogue.tier(nxt.tier).name}）还需：")
            lines.extend(f"  - {line}" for line in nxt.remedy.lines)
    lines.append(LEGEND)
    for t in tiers:
        lines.append("")
        lines.extend(_tier_block(t, catalogue))
    return "\n".join(lines) + "\n"
