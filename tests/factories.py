"""FactoryBoy factories for the platform's models."""

import factory
from stdnum.cn import uscc as stdnum_uscc

from factorytier.accounts.choices import LegalEntity, Nature, Role, UnitKind
from factorytier.accounts.models import Enterprise, RecommendingUnit, User
from factorytier.applications.models import Application
from factorytier.campaigns.models import Campaign, Quota
from factorytier.core import clock

PASSWORD = "Test-pass-2025!x"


def make_uscc(n: int) -> str:
    stem = f"9131011{n:010d}"[:17]
    return stem + stdnum_uscc.calc_check_digit(stem)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecommendingUnit
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试区{n}经济委员会")
    kind = UnitKind.DISTRICT
    district = factory.Sequence(lambda n: f"测试区{n}")


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"上海测试制造有限公司{n}")
    uscc = factory.Sequence(lambda n: make_uscc(n + 1))
    address = "上海市浦东新区测试路1号"
    province = "上海市"
    district = factory.SelfAttribute("recommending_unit.district")
    nature = Nature.PRIVATE
    legal_entity = LegalEntity.INDEPENDENT
    industry = "36"
    contact_name = "张三"
    contact_mobile = factory.Sequence(lambda n: f"137{n:08d}")
    recommending_unit = factory.SubFactory(UnitFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.ENTERPRISE
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def enterprise_user(enterprise=None, **kw) -> User:
    return UserFactory(role=Role.ENTERPRISE, enterprise=enterprise or EnterpriseFactory(), **kw)


def recommender(unit=None, **kw) -> User:
    return UserFactory(role=Role.RECOMMENDER, unit=unit or UnitFactory(), **kw)


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"2025年度上海市智能工厂申报{n}")
    year = 2025
    region = "上海市"
    tiers_open = ["excellent", "leading"]
    application_deadline = clock.shanghai(2025, 7, 11, 23, 59, 59)
    recommendation_deadline = clock.shanghai(2025, 7, 11, 23, 59, 59)
    branch_allowed_industries = ["石油石化", "有色金属"]

    @factory.post_generation
    def quotas(obj, create, extracted, **kwargs):
        if create:
            Quota.objects.create(campaign=obj, tier="excellent", limit=6, pilot_exempt=True)
            Quota.objects.create(campaign=obj, tier="leading", limit=1)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    enterprise = factory.SubFactory(EnterpriseFactory)
    campaign = factory.SubFactory(CampaignFactory)
    tier = "excellent"
    title = factory.LazyAttribute(lambda o: f"{o.enterprise.name}卓越级智能工厂项目")


EXCELLENT_ATTESTATIONS = ["R.B1", "R.B2", "R.B3", "R.B4", "R.EX.E2", "R.EX.E3", "R.EX.E4", "N.EX.3"]
LEADING_ATTESTATIONS = ["R.B1", "R.B2", "R.B3", "R.B4", "N.LD.2", "R.LD.E2", "R.LD.E3", "R.LD.E4", "N.LD.4"]

FIVE_SCENARIOS = [
    {"guide_link": "工厂建设", "scenario": "数字孪生工厂构建", "instance": "总装车间数字孪生与实时数据交互", "description": "建设车间级数字孪生。", "uses_ai": True, "ai_models": "视觉检测模型"},
    {"guide_link": "产品研发", "scenario": "产品数字化设计", "instance": "基于仿真的壳体轻量化设计", "description": "仿真驱动设计。", "uses_ai": False, "ai_models": ""},
    {"guide_link": "生产作业", "scenario": "人机协同作业", "instance": "多机协同的壳体柔性加工与检测", "description": "柔性产线。", "uses_ai": True, "ai_models": "工艺参数优化模型"},
    {"guide_link": "生产管理", "scenario": "计划调度", "instance": "基于运筹优化的车间动态排产", "description": "APS 排产。", "uses_ai": False, "ai_models": ""},
    {"guide_link": "供应链管理", "scenario": "供应链风险预警", "instance": "关键物料断供风险预警", "description": "风险预警。", "uses_ai": False, "ai_models": ""},
]


def complete_content(enterprise, tier="excellent") -> dict:
    from factorytier.applications.content import empty_content

    content = empty_content(enterprise)
    content["factory"].update({
        "start": "2022-01", "end": "2024-12", "total_investment": "12345.67", "integrators": ["上海示例系统集成有限公司"],
        "summary": "项目简介。", "outcomes": "建设成效。",
    })
    content["scenes"].update({"overall": "总体情况。", "integration": "系统集成情况。", "scenarios": [dict(s) for s in FIVE_SCENARIOS]})
    if tier == "leading":
        content["scenes"]["scenarios"][3]["uses_ai"] = True
        content["cultivation"] = {"goals": "培育目标。", "measures": "关键举措。",
                                  "future_modes": [{"category": "研发模式创新", "mode": "创成式设计"}]}
    content["effects"].update({"advancement": "先进性。", "results": "实施成效。", "plan": "后续计划。",
                               "kpis": {"1": {"baseline": "45", "current": "78.5"}}})
    content["declarations"] = {"truthful": True, "no_secrets": True, "marks_confirmed": False}
    content["attestations"] = dict.fromkeys(EXCELLENT_ATTESTATIONS if tier == "excellent" else LEADING_ATTESTATIONS, True)
    return content


def ready_application(tier="excellent", **kwargs):
    """An application that passes every submission check (its enterprise's readiness included)."""
    from factorytier.applications.models import Readiness

    application = ApplicationFactory(tier=tier, **kwargs)
    Readiness.objects.update_or_create(
        enterprise=application.enterprise,
        defaults={"cmmm_level": 3 if tier == "excellent" else 4, "current_rating": "advanced" if tier == "excellent" else "excellent"},
    )
    application.content = complete_content(application.enterprise, tier)
    application.save()
    return application


def scenario_form_data(clauses) -> dict:
    """POST data of the readiness forms: five scenario rows (prefix `sc`) over all five segments, two using
    AI, and the given declared clauses ticked."""
    data = {"sc-TOTAL_FORMS": "5", "sc-INITIAL_FORMS": "0", "sc-MIN_NUM_FORMS": "0", "sc-MAX_NUM_FORMS": "200"}
    for i, s in enumerate(FIVE_SCENARIOS):
        data.update({f"sc-{i}-guide_link": s["guide_link"], f"sc-{i}-scenario": s["scenario"], f"sc-{i}-instance": s["instance"]})
        if s["uses_ai"]:
            data[f"sc-{i}-uses_ai"] = "on"
    for clause in clauses:
        data["att_" + clause.replace(".", "_")] = "on"
    return data
