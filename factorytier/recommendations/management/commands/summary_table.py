"""推荐汇总表 from the command line:

    python manage.py summary_table --campaign 2025 --unit 浦东新区 --tier excellent --format xlsx --output 附件3.xlsx
"""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from factorytier.accounts.models import RecommendingUnit
from factorytier.campaigns.models import Campaign
from factorytier.recommendations.models import RankedList
from factorytier.recommendations.summary import SummaryUnavailable, build


class Command(BaseCommand):
    help = "Write a unit's 推荐汇总表 (附件3 卓越级 / 附件5 领航级) as xlsx or docx"

    def add_arguments(self, parser):
        parser.add_argument("--campaign", required=True, help="年度（如 2025）或批次编号")
        parser.add_argument("--unit", required=True, help="推荐单位名称或所在区（如 浦东新区）")
        parser.add_argument("--tier", required=True, choices=["excellent", "leading"])
        parser.add_argument("--format", required=True, choices=["xlsx", "docx"])
        parser.add_argument("--output", required=True)
        parser.add_argument("--allow-unsubmitted", action="store_true", help="名单尚未报送时也输出（草稿）")

    def handle(self, *args, **opts):
        campaign = self._campaign(opts["campaign"])
        wanted = opts["unit"].strip()
        units = list(RecommendingUnit.objects.filter(Q(name=wanted) | Q(district=wanted)))
        if not units:
            units = list(RecommendingUnit.objects.filter(name__contains=wanted))
        if len(units) != 1:
            raise CommandError(f"推荐单位“{wanted}”：" + ("未找到" if not units else "不唯一：" + "、".join(u.name for u in units)))
        ranked_list = RankedList.objects.filter(campaign=campaign, unit=units[0], tier=opts["tier"]).first()
        if ranked_list is None:
            raise CommandError(f"{units[0].name}在“{campaign.name}”中没有该层级的推荐名单")
        try:
            _name, data = build(ranked_list, opts["format"], require_submitted=not opts["allow_unsubmitted"])
        except SummaryUnavailable as why:
            raise CommandError(str(why)) from why
        with open(opts["output"], "wb") as out:
            out.write(data)
        self.stdout.write(f"已写入 {opts['output']}（{ranked_list.entries.count()} 个项目）")

    @staticmethod
    def _campaign(value: str) -> Campaign:
        value = value.strip()
        if not value.isdigit():
            raise CommandError("--campaign：请填写年度或批次编号")
        by_id = Campaign.objects.filter(pk=int(value)).first() if len(value) != 4 else None
        if by_id:
            return by_id
        found = list(Campaign.objects.filter(year=int(value)).order_by("id"))
        official = [c for c in found if c.notice_no and "演示" not in c.notice_no] or found
        if not official:
            raise CommandError(f"--campaign：没有 {value} 年度或编号为 {value} 的批次")
        return official[0]
