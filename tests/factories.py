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
