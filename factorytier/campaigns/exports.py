"""Campaign export for the commission: one workbook, one sheet per tier, one row per application."""

from factorytier.accounts.models import User
from factorytier.applications.models import State
from factorytier.applications.selectors import applications_for_user
from factorytier.audit.services import record
from factorytier.core import clock
from factorytier.core.spreadsheet import SafeWorkbook
from factorytier.jobs.registry import job_kind

from .models import TIER_CHOICES, Campaign
from .selectors import with_unit_name

WIDTHS = [6, 16, 32, 22, 10, 24, 36, 10, 20, 10, 16]
COLUMNS = ["序号", "申报编号", "申报单位名称", "统一社会信用代码", "所在区", "推荐单位", "项目名称", "状态", "提交时间", "联系人", "联系方式（手机号）"]


@job_kind("campaign_export")
def export_campaign(job, report):
    campaign = Campaign.objects.get(pk=job.params["campaign_id"])
    owner = User.objects.get(pk=job.owner_id)
    # Streamed: one tier at a time from a database cursor into a write-only workbook saved to a temporary
    # file, so memory does not grow with the number of applications.
    apps = (
        with_unit_name(applications_for_user(owner))
        .filter(campaign=campaign)
        .exclude(state=State.DRAFT)
        .select_related("enterprise__recommending_unit")
        .order_by("enterprise__recommending_unit__order", "enterprise__name")
    )
    total = apps.count()
    book = SafeWorkbook()
    done = 0
    for tier, tier_name in TIER_CHOICES:
        if tier not in campaign.tiers_open:
            continue
        ws = book.sheet(tier_name, header=COLUMNS, widths=WIDTHS)
        for n, a in enumerate(apps.filter(tier=tier).iterator(chunk_size=500), start=1):
            e = a.enterprise
            submitted = a.submitted_at.astimezone(clock.SHANGHAI).strftime("%Y-%m-%d %H:%M:%S") if a.submitted_at else ""
            ws.append([n, a.number, e.name, e.uscc, e.district, a.unit_name, a.title,
                       a.get_state_display(), submitted, e.contact_name, e.contact_mobile])
            done += 1
            if done % 50 == 0:
                report(done * 90 // max(1, total), f"已导出 {done}/{total} 条")
    import tempfile
    from pathlib import Path

    with tempfile.NamedTemporaryFile(prefix="ft-export-", suffix=".xlsx", delete=False) as fh:
        path = Path(fh.name)
    book.save(str(path))
    # Every enterprise's contact name and mobile number leave the platform here: the export is audited.
    record(owner, "campaign.export", campaign, after={"rows": total, "tiers": list(campaign.tiers_open),
                                                      "contact_data": True}, note=f"导出任务 {job.pk}")
    return f"{campaign.year}-{campaign.region}-申报汇总.xlsx", path
