"""Labels and flags for the recommendation pages (templates hold no rules)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from factorytier import policy
from factorytier.core.language import policy_lang

from .checks import rating_name, verdicts


def segment_names(campaign) -> dict[str, str]:
    lang = policy_lang()
    try:
        return {s.id: s.name_in(lang) for s in campaign.policy_catalogue.segments}
    except Exception:  # noqa: BLE001 - an unknown catalogue name shows ids rather than failing the page
        return {s.id: s.name_in(lang) for s in policy.default_catalogue().segments}


def rows(applications, list_positions: dict[int, tuple] | None = None) -> list[dict]:
    """One row per application: the verdict of the frozen facts and the registry findings."""
    apps = list(applications)
    found = verdicts(apps)
    out = []
    names_cache: dict[int, dict] = {}
    for a in apps:
        v = found[a.pk]
        names = names_cache.setdefault(a.campaign_id, segment_names(a.campaign))
        snapshot = next(iter(a.snapshots.all()), None)
        out.append({
            "application": a, "verdict": v, "snapshot": snapshot,
            "eligible_label": _("符合") if v.eligible else (_("不符合") if v.eligible is False else _("无法判断")),
            "ai_ratio": f"{v.ai_ratio * 100:.0f}%" if v.ai_ratio is not None else "—",
            "segments": _("、").join(names.get(s, s) for s in v.segments) or "—",
            "failing": _("、").join(v.failing),
            "claimed_rating": rating_name(v.claimed_rating),
            "position": (list_positions or {}).get(a.pk),
        })
    return out
