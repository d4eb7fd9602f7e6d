"""Turns the engine's results into what the pages show (names, percentages, clause texts)."""

from django.utils.translation import gettext_lazy as _

from factorytier import policy
from factorytier.core.language import policy_lang

STATUS_NAMES = {"pass": _("满足"), "fail": _("不满足"), "warn": _("提示"), "missing": _("未承诺")}


def tier_view(t, catalogue=None) -> dict:
    """One tier's result as the pages show it."""
    catalogue = catalogue or policy.default_catalogue()
    lang = policy_lang()
    tier_names = {x.id: x.name_in(lang) for x in catalogue.tiers}
    segment_names = {s.id: s.name_in(lang) for s in catalogue.segments}
    return {
        "tier": t.tier,
        "tier_name": tier_names.get(t.tier, t.tier),
        "eligible": t.eligible,
        "ai_percent": f"{t.ai_scenario_ratio * 100:.0f}%",
        "segments_text": (", " if lang == "en" else "、").join(segment_names.get(s, s) for s in t.segments_covered),
        "remedy_lines": list(getattr(t.remedy, "lines", []) or []) if t.remedy else [],
        "findings": [
            {
                "clause": f.clause, "status": f.status, "status_name": STATUS_NAMES.get(f.status, f.status),
                "message": f.message,
                "clause_text": catalogue.clauses[f.clause].text_in(lang) if f.clause in catalogue.clauses else "",
                # The id is for looking the clause up; the plain words beside it say what it is about.
                "clause_summary": catalogue.clauses[f.clause].summary_in(lang) if f.clause in catalogue.clauses else "",
            }
            for f in t.findings
        ],
    }


def ladder_view(result, catalogue=None) -> dict:
    catalogue = catalogue or policy.default_catalogue()
    tier_names = {t.id: t.name_in(policy_lang()) for t in catalogue.tiers}
    tiers = [tier_view(t, catalogue) for t in result.tiers]
    return {
        "tiers": tiers,
        "highest_eligible": result.highest_eligible,
        "highest_eligible_name": tier_names.get(result.highest_eligible) if result.highest_eligible else None,
    }
