"""Turns the engine's results into what the pages show (names, percentages, clause texts)."""

from factorytier import policy

STATUS_NAMES = {"pass": "满足", "fail": "不满足", "warn": "提示", "missing": "未承诺"}


def tier_view(t, catalogue=None) -> dict:
    """One tier's result as the pages show it."""
    catalogue = catalogue or policy.default_catalogue()
    tier_names = {x.id: x.name for x in catalogue.tiers}
    segment_names = {s.id: s.name for s in catalogue.segments}
    return {
        "tier": t.tier,
        "tier_name": tier_names.get(t.tier, t.tier),
        "eligible": t.eligible,
        "ai_percent": f"{t.ai_scenario_ratio * 100:.0f}%",
        "segments_text": "、".join(segment_names.get(s, s) for s in t.segments_covered),
        "remedy_lines": list(getattr(t.remedy, "lines", []) or []) if t.remedy else [],
        "findings": [
            {
                "clause": f.clause, "status": f.status, "status_name": STATUS_NAMES.get(f.status, f.status),
                "message": f.message,
                "clause_text": catalogue.clauses[f.clause].text if f.clause in catalogue.clauses else "",
                # The id is for looking the clause up; the plain words beside it say what it is about.
                "clause_summary": catalogue.clauses[f.clause].summary if f.clause in catalogue.clauses else "",
            }
            for f in t.findings
        ],
    }


def ladder_view(result, catalogue=None) -> dict:
    catalogue = catalogue or policy.default_catalogue()
    tier_names = {t.id: t.name for t in catalogue.tiers}
    tiers = [tier_view(t, catalogue) for t in result.tiers]
    return {
        "tiers": tiers,
        "highest_eligible": result.highest_eligible,
        "highest_eligible_name": tier_names.get(result.highest_eligible) if result.highest_eligible else None,
    }
