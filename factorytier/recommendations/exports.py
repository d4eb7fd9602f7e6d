"""The commission's exports, as background jobs that stream to disk so memory stays flat:

* `recommendation_recommended`: every recommended application of a campaign, a sheet per tier, one row
  per application with its key facts, KPIs and scenario instances (openpyxl write-only, via the
  platform's one spreadsheet writer);
* `recommendation_pdfs`: the zip of every submitted application's PDF (entries copied in chunks);
* `recommendation_dossier`: one application's dossier for auditors (PDF, DOCX, attachments, the snapshot
  JSON and its digest).

Each reads only what its owner may see (`applications_for_user`)."""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from pathlib import Path

from django.db.models import Case, F, IntegerField, When

from factorytier.accounts.models import User
from factorytier.applications.models import Application, Snapshot, State
from factorytier.applications.selectors import RECOMMENDED_OR_LATER, applications_for_user
from factorytier.audit.services import record
from factorytier.campaigns.models import TIER_NAMES, Campaign
from factorytier.campaigns.selectors import with_unit_name
from factorytier.core import clock
from factorytier.jobs.registry import job_kind

from .spreadsheet import SafeWorkbook
from .summary import future_mode_lines, scenario_lines

CHUNK = 200
KEY_COLUMNS = ["序号", "申报编号", "推荐单位", "推荐顺序", "申报单位名称", "统一社会信用代码", "所在区", "企业性质", "所属行业",
               "项目名称", "建设起止", "总投资（万元）", "集成商", "联系人", "联系方式（手机号）", "提交时间", "摘要（SHA-256）"]


def _tmp(suffix: str) -> Path:
    fh = tempfile.NamedTemporaryFile(prefix="ft-export-", suffix=suffix, delete=False)
    fh.close()
    return Path(fh.name)


def _latest_snapshots(app_ids: list[int]) -> dict[int, Snapshot]:
    latest: dict[int, Snapshot] = {}
    for s in Snapshot.objects.filter(application_id__in=app_ids).order_by("application_id", "created_at", "id"):
        latest[s.application_id] = s
    return latest


def _latest_snapshot_data(app_ids: list[int]) -> dict[int, tuple]:
    """(data, digest, created_at) of each application's latest snapshot, without the canonical text."""
    latest: dict[int, tuple] = {}
    for app_id, data, digest, created_at in (Snapshot.objects.filter(application_id__in=app_ids)
                                             .order_by("application_id", "created_at", "id")
                                             .values_list("application_id", "data", "digest", "created_at")):
        latest[app_id] = (data, digest, created_at)
    return latest


def recommended_rows(owner, campaign, tier):
    """(meta) for each recommended application of the tier, small tuples in print order."""
    return list(
        with_unit_name(applications_for_user(owner).filter(campaign=campaign, tier=tier, state__in=RECOMMENDED_OR_LATER))
        .annotate(rank=Case(When(list_entry__isnull=False, then=F("list_entry__rank")), default=9999, output_field=IntegerField()))
        .order_by("unit_name", "rank", "id").values_list("id", "unit_name", "rank")
    )


def write_recommended(owner, campaign, path: Path, report=lambda p, m="": None) -> int:
    catalogue = campaign.policy_catalogue
    kpis = list(catalogue.kpis)
    book = SafeWorkbook()
    tiers = [t for t in ("excellent", "leading") if t in (campaign.tiers_open or [])]
    metas = {t: recommended_rows(owner, campaign, t) for t in tiers}
    total = sum(len(m) for m in metas.values()) or 1
    done = 0
    for tier in tiers:
        columns = KEY_COLUMNS + [f"{k.no}.{k.name}（{k.unit}）基线/现值" for k in kpis] + ["涉及典型场景实例（罗列）"]
        if tier == "leading":
            columns.append("重点探索的未来制造模式清单")
        sheet = book.sheet(TIER_NAMES[tier], header=columns, widths=[6, 16, 24, 8, 30, 22, 10, 14, 20, 36] + [14] * 7)
        meta = metas[tier]
        for start in range(0, len(meta), CHUNK):
            chunk = meta[start:start + CHUNK]
            snaps = _latest_snapshot_data([m[0] for m in chunk])
            for app_id, unit_name, rank in chunk:
                done += 1
                snap = snaps.get(app_id)
                if snap is None:
                    continue
                data, digest, created_at = snap
                data = data or {}
                content = data.get("content") or {}
                e = data.get("enterprise") or {}
                factory = content.get("factory") or {}
                basic = content.get("basic") or {}
                values = (content.get("effects") or {}).get("kpis") or {}
                row = [done, f"{campaign.year}-{tier[:2].upper()}-{app_id:05d}", unit_name, rank if rank != 9999 else "", e.get("name", ""), e.get("uscc", ""),
                       e.get("district", ""), e.get("nature", ""), e.get("industry", ""), (data.get("application") or {}).get("title", ""),
                       f"{factory.get('start', '')}—{factory.get('end', '')}", factory.get("total_investment", ""),
                       "、".join(str(x) for x in factory.get("integrators") or []), basic.get("contact_name", ""),
                       str(basic.get("contact_mobile", "")),
                       created_at.astimezone(clock.SHANGHAI).strftime("%Y-%m-%d %H:%M:%S"), digest]
                for k in kpis:
                    v = values.get(str(k.no)) or {}
                    row.append(f"{v.get('baseline', '')}/{v.get('current', '')}" if v else "")
                row.append("\n".join(scenario_lines(content)))
                if tier == "leading":
                    row.append("\n".join(future_mode_lines(content)))
                sheet.append(row)
            report(done * 95 // total, f"已导出 {done}/{total} 条")
    book._wb.save(str(path))  # write-only: rows already sit in temporary files, saved without building them in memory
    return done


@job_kind("recommendation_recommended")
def export_recommended(job, report):
    campaign = Campaign.objects.get(pk=job.params["campaign_id"])
    owner = User.objects.get(pk=job.owner_id)
    path = _tmp(".xlsx")
    rows = write_recommended(owner, campaign, path, report)
    # Contact names and mobile numbers leave the platform here: the export is audited.
    record(owner, "recommendation.export", campaign, after={"rows": rows, "contact_data": True}, note=f"导出任务 {job.pk}")
    return f"{campaign.year}-{campaign.region}-已推荐项目.xlsx", path


def _rendered(snapshot, fmt: str) -> Path | None:
    from factorytier.rendering.jobs import render_and_keep
    from factorytier.rendering.models import RenderedDocument

    doc = RenderedDocument.objects.filter(snapshot=snapshot, format=fmt).first()
    if doc is None:
        render_and_keep(snapshot, fmt)
        doc = RenderedDocument.objects.filter(snapshot=snapshot, format=fmt).first()
    return Path(doc.file.path) if doc is not None else None


def _copy_into(zf: zipfile.ZipFile, name: str, source) -> None:
    with zf.open(name, "w", force_zip64=True) as out:
        shutil.copyfileobj(source, out, 1024 * 1024)


@job_kind("recommendation_pdfs")
def export_pdfs(job, report):
    campaign = Campaign.objects.get(pk=job.params["campaign_id"])
    owner = User.objects.get(pk=job.owner_id)
    ids = list(applications_for_user(owner).filter(campaign=campaign).exclude(
        state__in=[State.DRAFT, State.WITHDRAWN]).order_by("tier", "id").values_list("id", flat=True))
    path = _tmp(".zip")
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as zf:
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start:start + CHUNK]
            apps = {a.pk: a for a in Application.objects.filter(pk__in=chunk).select_related("enterprise", "campaign")}
            snaps = _latest_snapshots(chunk)
            for n, app_id in enumerate(chunk, start=start + 1):
                snap = snaps.get(app_id)
                pdf = _rendered(snap, "pdf") if snap else None
                if pdf is not None:
                    a = apps[app_id]
                    with pdf.open("rb") as fh:
                        _copy_into(zf, f"{a.get_tier_display()}/{a.number}-{a.enterprise.name[:40]}.pdf", fh)
                report(n * 95 // max(1, len(ids)), f"已打包 {n}/{len(ids)} 份")
    record(owner, "recommendation.export_pdfs", campaign, after={"files": len(ids)}, note=f"导出任务 {job.pk}")
    return f"{campaign.year}-{campaign.region}-申报书PDF.zip", path


@job_kind("recommendation_dossier")
def export_dossier(job, report):
    owner = User.objects.get(pk=job.owner_id)
    a = applications_for_user(owner).select_related("enterprise", "campaign").get(pk=job.params["application_id"])
    snap = a.snapshots.order_by("-created_at", "-id").first()
    path = _tmp(".zip")
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        if snap is not None:
            zf.writestr("snapshot.json", snap.canonical)
            zf.writestr("snapshot.sha256.txt", f"{snap.digest}  snapshot.json\n")
            for n, fmt in enumerate(("pdf", "docx"), start=1):
                report(20 * n, f"正在准备{fmt.upper()}")
                doc = _rendered(snap, fmt)
                if doc is not None:
                    with doc.open("rb") as fh:
                        _copy_into(zf, f"{a.number}-申报书.{fmt}", fh)
        for att in a.attachments.all():
            with att.file.open("rb") as fh:
                _copy_into(zf, f"附件/{att.pk}-{att.name[:80]}", fh)
        zf.writestr("说明.txt", json.dumps({"申报编号": a.number, "申报单位": a.enterprise.name, "状态": a.get_state_display(),
                                          "导出时间": clock.now().astimezone(clock.SHANGHAI).isoformat()}, ensure_ascii=False, indent=2))
    record(owner, "recommendation.dossier", a, note=f"导出任务 {job.pk}")
    return f"{a.number}-审计材料.zip", path
