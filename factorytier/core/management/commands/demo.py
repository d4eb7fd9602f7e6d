"""Demo data: the 2025 Shanghai campaign, recommending units, a dozen enterprises, demo accounts.

Idempotent: running it again updates the same rows and resets the demo passwords.
"""

import secrets
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from stdnum.cn import uscc as stdnum_uscc

from factorytier import policy
from factorytier.accounts.choices import LegalEntity, Nature, Role, UnitKind
from factorytier.accounts.models import Enterprise, RecommendingUnit, User
from factorytier.accounts.units import sync_units_from_catalogue
from factorytier.applications.content import empty_content
from factorytier.applications.models import Application, Readiness, State, StateChange
from factorytier.applications.submission import freeze
from factorytier.applications.versions import keep_version
from factorytier.audit.services import record
from factorytier.campaigns.models import Campaign, Quota
from factorytier.core import clock
from factorytier.recommendations.demo import seed as recommendation_demo
from factorytier.reviews.models import Assignment

DEMO_SOE_GROUP = "中国示例航空工业集团有限公司（集团总部）"


def uscc(stem: str) -> str:
    """A well-formed 统一社会信用代码 for demo data: 17 characters plus the computed check character."""
    return stem + stdnum_uscc.calc_check_digit(stem)


def sc(link, scenario, instance, ai):
    return {"guide_link": link, "scenario": scenario, "instance": instance, "uses_ai": ai}


FULL_SCENARIOS = [
    sc("工厂建设", "数字孪生工厂构建", "总装车间数字孪生与实时数据交互", True),
    sc("产品研发", "产品数字化设计", "基于仿真的机床床身轻量化设计", False),
    sc("生产作业", "人机协同作业", "多机协同的箱体柔性加工与检测", True),
    sc("生产管理", "计划调度", "基于运筹优化的车间动态排产", False),
    sc("供应链管理", "供应链风险预警", "关键物料断供风险预警", False),
]

# (login, name, district, nature, legal entity, GB/T 4754 division, cmmm, rating, pilot, state of the 卓越级 application)
ENTERPRISES = [
    ("demo-enterprise", "上海示例智能装备有限公司", "浦东新区", Nature.PRIVATE, LegalEntity.INDEPENDENT, "35", 3, "advanced", False, None),
    (None, "上海示例汽车零部件有限公司", "浦东新区", Nature.FOREIGN, LegalEntity.INDEPENDENT, "36", 3, "advanced", False, State.SUBMITTED),
    (None, "上海示例集成电路装备有限公司", "浦东新区", Nature.PRIVATE, LegalEntity.INDEPENDENT, "35", 4, "advanced", True, State.RECOMMENDED),
    (None, "上海示例生物医药有限公司", "浦东新区", Nature.MIXED, LegalEntity.INDEPENDENT, "27", 3, "advanced", False, State.RETURNED),
    (None, "中国示例石化股份有限公司上海分公司", "金山区", Nature.CENTRAL_SOE, LegalEntity.BRANCH, "25", 3, "advanced", False, State.SUBMITTED),
    (None, "中国示例航空发动机上海有限公司", "闵行区", Nature.CENTRAL_SOE, LegalEntity.INDEPENDENT, "37", 4, "excellent", False, None),
    (None, "上海示例电气设备有限公司", "闵行区", Nature.STATE_OWNED, LegalEntity.INDEPENDENT, "38", 3, "advanced", False, State.RECOMMENDED),
    (None, "上海示例新能源汽车有限公司", "嘉定区", Nature.PRIVATE, LegalEntity.INDEPENDENT, "36", 3, "advanced", False, State.SUBMITTED),
    (None, "上海示例钢管有限公司", "宝山区", Nature.STATE_OWNED, LegalEntity.INDEPENDENT, "31", 2, "basic", False, None),
    (None, "上海示例电子科技有限公司", "松江区", Nature.HMT, LegalEntity.INDEPENDENT, "39", 3, "advanced", False, State.SUBMITTED),
    (None, "上海示例有色金属分公司", "奉贤区", Nature.STATE_OWNED, LegalEntity.BRANCH, "32", 3, "advanced", False, None),
    (None, "上海示例食品有限公司", "青浦区", Nature.PRIVATE, LegalEntity.INDEPENDENT, "14", 2, "basic", False, None),
]

STAFF = [
    ("demo-pudong", Role.RECOMMENDER, "浦东新区", "浦东示例推荐员", "13900000002"),
    ("demo-commission", Role.COMMISSION, None, "市经信委示例处员", "13900000003"),
    ("demo-expert", Role.EXPERT, None, "示例评审专家", "13900000004"),
    ("admin", Role.ADMIN, None, "系统管理员", "13900000005"),
]


def demo_password() -> tuple[str, str]:
    import os

    if os.environ.get("FACTORYTIER_DEMO_PASSWORD"):
        return os.environ["FACTORYTIER_DEMO_PASSWORD"], "FACTORYTIER_DEMO_PASSWORD"
    path = settings.DATA_DIR / "demo_password.txt"
    if not path.exists():
        path.write_text("Demo-" + secrets.token_urlsafe(9))
        path.chmod(0o600)
    return path.read_text().strip(), str(path)


def demo_content(enterprise) -> dict:
    """A complete 卓越级 application, written as a real applicant would (short, but every section filled)."""
    content = empty_content(enterprise)
    name = enterprise.name
    content["factory"].update({
        "start": "2022-03", "end": "2024-12", "total_investment": "18650.00",
        "integrators": ["上海示例工业软件有限公司", "示例自动化系统工程有限公司"],
        "summary": f"{name}围绕柔性化、智能化生产需求，以数据驱动为主线建设智能工厂，覆盖研发设计、生产作业、生产管理和供应链管理。",
        "outcomes": "生产效率提升 28%，产品不良率下降 35%，单位产值综合能耗降低 12%。",
    })
    content["scenes"].update({
        "overall": "建成一体化数字化平台，实现设备、产线、车间三级数据贯通，关键设备联网率 98%。",
        "integration": "MES、ERP、PLM、WMS 通过统一数据平台集成，主数据一处维护、多处使用。",
        "segments": {"production": "建设柔性加工单元，关键工序自动化率 92%。", "management": "应用高级排程，订单准时交付率 97%。"},
        "scenarios": [dict(s, description=f"{s['instance']}：已稳定运行一年以上。", ai_models="视觉检测模型" if s["uses_ai"] else "")
                      for s in FULL_SCENARIOS],
    })
    content["effects"].update({
        "advancement": "在国内同行业率先实现多品种小批量的柔性混线生产。",
        "results": "关键设备数控化率由 62% 提升至 91%，生产效率提升 28%，产品不良率下降 35%。",
        "plan": "下一步推进企业级数字孪生和生成式设计应用。",
        "kpis": {"1": {"baseline": "62", "current": "91"}, "8": {"change": "28", "direction": "提升"},
                 "10": {"change": "35", "direction": "下降"}},
    })
    content["declarations"] = {"truthful": True, "no_secrets": True, "marks_confirmed": False}
    content["attestations"] = dict.fromkeys(
        [c.id for c in policy.default_catalogue().clauses.values() if c.kind == "declared"], True)
    return content


class Command(BaseCommand):
    help = "Create (or refresh) the demo campaign, enterprises and accounts"

    def handle(self, *args, **options):
        password, source = demo_password()
        with transaction.atomic():
            sync_units_from_catalogue()
            campaign = self._campaign()
            practice = self._practice_campaign(campaign)
            group, _ = RecommendingUnit.objects.get_or_create(
                name=DEMO_SOE_GROUP, defaults={"kind": UnitKind.CENTRAL_SOE, "order": 1000}
            )
            for n, row in enumerate(ENTERPRISES, start=1):
                self._enterprise(n, row, campaign, group, password)
            self._staff(password)
            self._assignments(campaign)
            self._practice_draft(practice)
            self._practice_queue(practice)
            recommendation_demo(campaign, practice, demo_content=demo_content, full_scenarios=FULL_SCENARIOS, uscc=uscc)
            import_module("factorytier.reviews.demo").seed(campaign, practice)
            import_module("factorytier.cultivation.demo").seed(campaign)
            import_module("factorytier.decisions.demo").seed(campaign)
        self.stdout.write(self.style.SUCCESS("演示数据已就绪 / demo data ready"))
        self.stdout.write(f"演示账户 / demo accounts (password from {source}):")
        for login in ["demo-enterprise", "demo-pudong", "demo-commission", "demo-expert", "admin"]:
            user = User.objects.get(username=login)
            self.stdout.write(f"  {login:<16} {password}   {user.get_role_display()} · {user.organisation}")

    def _campaign(self) -> Campaign:
        cat = policy.default_catalogue().campaign
        first_tier = cat.tiers_open[0]

        def last_second(kind):
            # The catalogue's deadline is the first closed instant; campaigns store the last open second.
            return cat.deadline(first_tier, kind).closes_at - timedelta(seconds=1)

        campaign, _ = Campaign.objects.update_or_create(
            year=2025, region=cat.region, name="2025年度上海市卓越级智能工厂、领航级智能工厂申报",
            defaults={
                "notice_no": "沪经信制〔2025〕430号",
                "catalogue": "shanghai-2025",
                "tiers_open": list(cat.tiers_open),
                "application_opens_at": clock.shanghai(2025, 6, 30),
                "application_deadline": last_second("application"),
                "recommendation_deadline": last_second("recommendation"),
                "branch_allowed_industries": list(cat.branch_allowed_industries),
                "is_active": True,
            },
        )
        for tier, quota in cat.quotas.items():
            Quota.objects.update_or_create(
                campaign=campaign, tier=tier, unit=None,
                defaults={"limit": quota.per_recommender, "pilot_exempt": bool(quota.exempt_if)},
            )
        return campaign

    def _practice_campaign(self, official: Campaign) -> Campaign:
        """The 2025 campaign closed on 2025-07-11; a practice campaign with the same rules and open
        deadlines lets demo users walk the whole flow. It is named as such everywhere it shows."""
        now = clock.now().astimezone(clock.SHANGHAI)
        closes = (now + timedelta(days=30)).replace(hour=23, minute=59, second=59, microsecond=0)
        practice, _ = Campaign.objects.update_or_create(
            year=now.year, region=official.region, name=f"{now.year}年度演示体验批次（非正式申报，规则同2025年度）",
            defaults={
                "notice_no": "演示用", "catalogue": official.catalogue, "tiers_open": official.tiers_open,
                "application_opens_at": None, "application_deadline": closes, "recommendation_deadline": closes,
                "branch_allowed_industries": official.branch_allowed_industries, "is_active": True,
            },
        )
        for quota in official.quotas.all():
            Quota.objects.update_or_create(
                campaign=practice, tier=quota.tier, unit=None,
                defaults={"limit": quota.limit, "pilot_exempt": quota.pilot_exempt},
            )
        return practice

    def _practice_queue(self, practice: Campaign) -> None:
        """Two submitted applications in the open practice campaign, so the district officer can try
        returning and recommending."""
        for name in ("上海示例汽车零部件有限公司", "上海示例生物医药有限公司"):
            enterprise = Enterprise.objects.get(name=name)
            application, created = Application.objects.get_or_create(
                enterprise=enterprise, campaign=practice, tier="excellent",
                defaults={"title": f"{enterprise.name}卓越级智能工厂项目", "state": State.SUBMITTED,
                          "content": demo_content(enterprise)},
            )
            if created:
                at = clock.now()
                freeze(application, at)
                application.submitted_at = at
                application.save(update_fields=["submitted_at"])
                StateChange.objects.create(application=application, at=at, from_state=State.DRAFT, to_state=State.SUBMITTED)
                record(None, "application.demo_data", application, after={"state": State.SUBMITTED}, note="演示数据")

    def _practice_draft(self, practice: Campaign) -> None:
        enterprise = User.objects.get(username="demo-enterprise").enterprise
        application, created = Application.objects.get_or_create(
            enterprise=enterprise, campaign=practice, tier="excellent",
            defaults={"title": f"{enterprise.name}卓越级智能工厂项目", "content": empty_content(enterprise)},
        )
        if created:
            keep_version(application, None, [], note="新建")

    def _enterprise(self, n, row, campaign, group, password):
        login, name, district, nature, legal, industry, cmmm, rating, pilot, state = row
        unit = RecommendingUnit.objects.get(kind=UnitKind.DISTRICT, district=district)
        code = uscc(f"913100{n:02d}MA1DEMX{n:02d}")
        enterprise, _ = Enterprise.objects.update_or_create(
            uscc=code,
            defaults={
                "name": name, "address": f"上海市{district}示例路{100 + n}号", "province": "上海市", "district": district,
                "nature": nature, "legal_entity": legal, "industry": industry,
                "contact_name": f"联系人{n:02d}", "contact_mobile": f"138000000{n:02d}", "recommending_unit": unit,
                "central_soe_group": group if nature == Nature.CENTRAL_SOE and legal == LegalEntity.INDEPENDENT else None,
                "pilot_demo_locally_accepted": pilot,
            },
        )
        declared = [c.id for c in policy.default_catalogue().clauses.values() if c.kind == "declared"]
        Readiness.objects.update_or_create(
            enterprise=enterprise,
            defaults={"cmmm_level": cmmm, "cmmm_certificate_no": f"CMMM-2024-{n:04d}",
                      "cmmm_certificate_date": clock.shanghai(2024, 5, 20).date(),
                      "current_rating": rating, "attestations": dict.fromkeys(declared, True),
                      "scenarios": FULL_SCENARIOS if cmmm >= 3 else FULL_SCENARIOS[2:4]},
        )
        if login:
            self._user(login, Role.ENTERPRISE, password, enterprise=enterprise, mobile=f"138000000{n:02d}",
                       display_name=f"联系人{n:02d}")
        if state:
            self._application(enterprise, campaign, state)

    def _application(self, enterprise, campaign, state):
        application, created = Application.objects.get_or_create(
            enterprise=enterprise, campaign=campaign, tier="excellent",
            defaults={"title": f"{enterprise.name}卓越级智能工厂项目", "state": state, "content": demo_content(enterprise)},
        )
        if not created:
            return
        freeze(application, clock.shanghai(2025, 7, 8, 10))
        # History as it would have happened before the 2025 deadline.
        path = {State.SUBMITTED: [State.SUBMITTED], State.RECOMMENDED: [State.SUBMITTED, State.RECOMMENDED],
                State.RETURNED: [State.SUBMITTED, State.RETURNED]}[state]
        at = clock.shanghai(2025, 7, 8, 10)
        previous = State.DRAFT
        for step in path:
            reason = "请补充生产作业环节的场景实例说明" if step == State.RETURNED else ""
            StateChange.objects.create(application=application, at=at, from_state=previous, to_state=step, reason=reason)
            at += timedelta(days=1)
            previous = step
        application.submitted_at = clock.shanghai(2025, 7, 8, 10)
        application.save(update_fields=["submitted_at"])
        record(None, "application.demo_data", application, after={"state": state}, note="演示数据")

    def _staff(self, password):
        for login, role, district, display, mobile in STAFF:
            unit = RecommendingUnit.objects.get(kind=UnitKind.DISTRICT, district=district) if district else None
            self._user(login, role, password, unit=unit, mobile=mobile, display_name=display,
                       is_staff=role == Role.ADMIN, is_superuser=role == Role.ADMIN)

    def _user(self, login, role, password, **fields):
        user, _ = User.objects.update_or_create(username=login, defaults={"role": role, "is_active": True, **fields})
        user.set_password(password)
        user.save()
        return user

    def _assignments(self, campaign):
        expert = User.objects.get(username="demo-expert")
        for application in Application.objects.filter(campaign=campaign, state=State.RECOMMENDED):
            Assignment.objects.get_or_create(
                application=application, expert=expert,
                defaults={"assigned_at": clock.shanghai(2025, 8, 1, 9), "due_at": clock.shanghai(2025, 8, 15, 18)},
            )
