"""The commission's campaign view: per unit and tier, the counts, the quota, the list and the paper copies;
and the same as a server-rendered SVG chart (no script, no external service)."""

from __future__ import annotations

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, When

from factorytier.accounts.choices import UnitKind
from factorytier.accounts.models import RecommendingUnit
from factorytier.applications.models import Snapshot, State
from factorytier.applications.selectors import RECOMMENDED_OR_LATER

from .models import RankedList, RegistryEntry, RegistryKind

TIERS = ("excellent", "leading")


def with_unit_id(qs):
    return qs.annotate(unit_id=Case(
        When(tier="excellent", enterprise__central_soe_group__isnull=False, then=F("enterprise__central_soe_group_id")),
        default=F("enterprise__recommending_unit_id"), output_field=IntegerField()))


def frozen_confirmed_exemptions(apps) -> dict[tuple, int]:
    """(unit, tier) → recommended 卓越级 applications not counted against the quota (N.EX.P4): the 揭榜
    status frozen with the submission (its latest snapshot), confirmed by the registry — never the
    enterprise's live answer, which it may change after submitting. Two queries."""
    confirmed = Exists(RegistryEntry.objects.filter(kind=RegistryKind.PILOT, uscc=OuterRef("enterprise__uscc")))
    candidates = dict(apps.filter(state__in=RECOMMENDED_OR_LATER, tier="excellent").filter(confirmed)
                      .values_list("pk", "unit_id"))
    frozen: dict[int, object] = {}
    rows = (Snapshot.objects.filter(application_id__in=list(candidates)).order_by("application_id", "-created_at", "-id")
            .values_list("application_id", "data__facts__enterprise__pilot_demo_locally_accepted"))
    for application_id, claimed in rows:
        frozen.setdefault(application_id, claimed)  # the first row per application is its latest snapshot
    out: dict[tuple, int] = {}
    for application_id, unit_id in candidates.items():
        if frozen.get(application_id) is True:
            out[(unit_id, "excellent")] = out.get((unit_id, "excellent"), 0) + 1
    return out


def campaign_rows(campaign, applications) -> list[dict]:
    """One row per unit and open tier (a fixed number of queries whatever the number of units)."""
    tiers = [t for t in TIERS if t in (campaign.tiers_open or [])]
    apps = with_unit_id(applications.filter(campaign=campaign, tier__in=tiers))
    counts: dict[tuple, dict] = {}
    for r in apps.values("unit_id", "tier", "state").annotate(n=Count("id")).order_by():
        counts.setdefault((r["unit_id"], r["tier"]), {})[r["state"]] = r["n"]
    exempt = frozen_confirmed_exemptions(apps)
    paper = {}
    for r in apps.filter(paper_receipt__isnull=False).values("unit_id", "tier", "paper_receipt__matches").annotate(n=Count("id")).order_by():
        entry = paper.setdefault((r["unit_id"], r["tier"]), {"ok": 0, "bad": 0})
        entry["ok" if r["paper_receipt__matches"] else "bad"] += r["n"]
    lists = {(rl.unit_id, rl.tier): rl for rl in RankedList.objects.filter(campaign=campaign)}
    quotas = list(campaign.quotas.all())
    rows = []
    for unit in RecommendingUnit.objects.all():
        for tier in tiers:
            c = counts.get((unit.pk, tier), {})
            rl = lists.get((unit.pk, tier))
            if not c and rl is None:
                continue
            quota = None
            if unit.kind != UnitKind.CENTRAL_SOE:
                quota = next((q for q in quotas if q.tier == tier and q.unit_id == unit.pk), None) or \
                    next((q for q in quotas if q.tier == tier and q.unit_id is None), None)
            recommended = sum(c.get(s, 0) for s in RECOMMENDED_OR_LATER)
            used = recommended - (exempt.get((unit.pk, tier), 0) if quota and quota.pilot_exempt else 0)
            p = paper.get((unit.pk, tier), {"ok": 0, "bad": 0})
            rows.append({
                "unit": unit, "tier": tier, "draft": c.get(State.DRAFT, 0), "submitted": c.get(State.SUBMITTED, 0),
                "returned": c.get(State.RETURNED, 0), "recommended": recommended,
                "not_recommended": c.get(State.NOT_RECOMMENDED, 0),
                "limit": quota.limit if quota else None, "used": used, "over": bool(quota and used > quota.limit),
                "list": rl, "paper_ok": p["ok"], "paper_bad": p["bad"], "paper_missing": max(0, recommended - p["ok"] - p["bad"]),
            })
    return rows


def chart(rows: list[dict], tier: str, width: int = 760) -> dict:
    """Bars per unit for one tier: recommended, submitted, returned, drafts; the quota as a red mark."""
    data = [r for r in rows if r["tier"] == tier]
    label_w, bar_h, gap = 230, 16, 8
    top = max([r["draft"] + r["submitted"] + r["returned"] + r["recommended"] + r["not_recommended"] for r in data]
              + [r["limit"] or 0 for r in data] + [1])
    scale = (width - label_w - 40) / top
    bars = []
    for i, r in enumerate(data):
        y = i * (bar_h + gap) + 24
        x = label_w
        parts = []
        for key, cls in (("recommended", "bar-recommended"), ("submitted", "bar-submitted"), ("returned", "bar-returned"),
                         ("draft", "bar-draft")):
            w = r[key] * scale
            if w:
                parts.append({"x": round(x, 1), "w": round(w, 1), "cls": cls, "n": r[key], "key": key})
            x += w
        limit_x = round(label_w + r["limit"] * scale, 1) if r["limit"] is not None else None
        bars.append({"y": y, "ty": y + 12, "label": r["unit"].name[:16], "parts": parts, "limit_x": limit_x,
                     "limit_y2": y + bar_h, "over": r["over"], "total_x": round(x + 4, 1), "used": r["used"], "limit": r["limit"]})
    return {"width": width, "height": len(bars) * (bar_h + gap) + 40, "bars": bars, "label_x": label_w - 6,
            "legend_y": len(bars) * (bar_h + gap) + 34}
