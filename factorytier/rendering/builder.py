"""The document renderers' input, built from a frozen snapshot and the catalogue."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from factorytier.applications.content import (
    DECLARATIONS,
    SEGMENT_CLAUSES,
    kpi_rows,
    parse_decimal,
    part_dicts,
    scenario_ai_ratio,
    sections_for,
)
from factorytier.campaigns.models import TIER_NAMES
from factorytier.core import clock
from factorytier.policy import default_catalogue


def verify_url(digest: str) -> str:
    return settings.FACTORYTIER_BASE_URL.rstrip("/") + reverse("documents:verify", args=[digest])


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"


def document_data(snapshot) -> dict:
    application = getattr(snapshot, "application", None)
    catalogue = application.campaign.policy_catalogue if application is not None else None
    return document_data_from(snapshot.data, snapshot.digest, snapshot.created_at, snapshot.version, catalogue)


def document_data_from(data: dict, digest: str, created_at, version: int, catalogue=None) -> dict:
    """The renderers' input for snapshot-shaped `data` (a draft preview passes an empty digest), laid
    out by the campaign's catalogue: its materials list's sections and sub-items, its 附表 KPIs.

    A snapshot is never changed, so every shape a snapshot ever had is read here: KPIs saved as
    基线值/当前值 before they had kinds print as they were saved; a snapshot without its own pledge text
    prints the declarations' one text (`content.DECLARATIONS`)."""
    catalogue = catalogue or default_catalogue()
    app = data.get("application", {})
    tier = app.get("tier", "excellent")
    content = dict(data.get("content") or {})
    # The submitted enterprise profile is what the document shows in section 1 when the draft left it empty.
    basic = {**{k: data.get("enterprise", {}).get(k.replace("enterprise_", ""), "") for k in
                ("enterprise_name", "address", "nature", "industry", "contact_name", "contact_mobile")},
             **{k: v for k, v in (content.get("basic") or {}).items() if v}}
    content["basic"] = basic
    # Numbers reach the renderers as text, formatted here (12,345.67), never by the template.
    amount = parse_decimal(str((content.get("factory") or {}).get("total_investment") or ""))
    if amount is not None:
        content["factory"] = {**content["factory"], "total_investment": f"{amount:,}"}
    kpis = kpi_rows(content, catalogue, scenario_ai_ratio((content.get("scenes") or {}).get("scenarios")))
    materials = catalogue.materials.get(tier)
    layout = sections_for(tier, catalogue) if materials else []
    submitted = created_at.astimezone(clock.SHANGHAI).strftime("%Y-%m-%d %H:%M:%S") if digest else ""
    guidance = SEGMENT_CLAUSES.get(tier, {})
    return {
        "application": {
            "number": app.get("number", ""), "tier": tier, "tier_name": TIER_NAMES.get(tier, tier),
            "title": app.get("title", ""), "campaign": app.get("campaign", ""), "submitted_at": submitted,
            "version": app.get("version", version),
        },
        "digest": digest,
        "verify_url": verify_url(digest) if digest else "",
        "materials": {
            "title": materials.title if materials else "", "annex": materials.annex if materials else "",
            "sections": [{"no": s.no, "clause": s.clause, "title": s.title, "content": s.content, "key": section.id,
                          "parts": part_dicts(section)}
                         for s, section in zip(materials.sections if materials else (), layout, strict=False)],
        },
        "segments": [
            {"id": s.id, "name": s.name,
             "guidance": catalogue.clauses[guidance[s.id]].text if guidance.get(s.id) in catalogue.clauses else ""}
            for s in catalogue.segments
        ],
        # KPI 4 left empty prints the ratio the editor showed prefilled (from the frozen scenario table).
        "kpis": [r for r in kpis if r["filled"]],
        # What the platform noticed about the 附表 (KPI 4 / 5 against the scenario table): shown to the
        # officers on the page, never printed as if the applicant had written it.
        "kpi_flags": [r["flag"] for r in kpis if r["flag"]],
        "pledges": data.get("pledges") or [{"key": k, "text": t} for k, t in DECLARATIONS],
        "content": content,
        "attachments": [{"name": a.get("name", ""), "kind": a.get("kind", ""), "size": _size(int(a.get("size") or 0)),
                         "sha256": a.get("sha256", "")} for a in data.get("attachments", [])],
    }


def content_view(application) -> dict:
    """The application's content laid out as in the printed 申报书, for reading on a page: the latest
    submitted snapshot, or, while there is none, the draft as it stands."""
    from factorytier.applications.submission import snapshot_data
    from factorytier.documents import build_view

    catalogue = application.campaign.policy_catalogue
    latest = application.snapshots.first()
    if latest is not None:
        return build_view(document_data_from(latest.data, latest.digest, latest.created_at, latest.version, catalogue))
    now = clock.now()
    return build_view(document_data_from(snapshot_data(application, now), "", now, application.version, catalogue))
