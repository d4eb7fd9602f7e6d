import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import DIVISION_NAMES, INDUSTRY_CHOICES, LegalEntity, Nature, Role, UnitKind
from .validators import validate_mobile, validate_uscc


class RecommendingUnit(models.Model):
    """推荐单位: a district authority, a 管委会 or a central SOE's group HQ."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    kind = models.CharField(_("类型"), max_length=20, choices=UnitKind.choices)
    district = models.CharField(_("所属区"), max_length=20, blank=True)
    order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = verbose_name_plural = "推荐单位"

    def __str__(self) -> str:
        return self.name


class Enterprise(models.Model):
    name = models.CharField(_("企业名称"), max_length=200)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True, validators=[validate_uscc])
    address = models.CharField(_("注册地址"), max_length=300)
    province = models.CharField(_("注册省份"), max_length=20, default="上海市")
    district = models.CharField(_("所在区"), max_length=20)
    nature = models.CharField(_("企业性质"), max_length=20, choices=Nature.choices)
    legal_entity = models.CharField(_("法人类型"), max_length=20, choices=LegalEntity.choices)
    industry = models.CharField(_("所属行业（国民经济行业分类大类）"), max_length=2, choices=INDUSTRY_CHOICES)
    contact_name = models.CharField(_("联系人"), max_length=50)
    contact_mobile = models.CharField(_("联系人手机"), max_length=11, validators=[validate_mobile])
    recommending_unit = models.ForeignKey(
        RecommendingUnit, verbose_name=_("推荐单位（属地）"), on_delete=models.PROTECT, related_name="enterprises"
    )
    central_soe_group = models.ForeignKey(
        RecommendingUnit,
        verbose_name=_("所属中央企业集团"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="soe_subsidiaries",
        limit_choices_to={"kind": UnitKind.CENTRAL_SOE},
    )
    pilot_demo_locally_accepted = models.BooleanField(_("已通过智能制造示范工厂揭榜单位地方验收"), default=False)
    created_at = models.DateTimeField(_("注册时间"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = verbose_name_plural = "企业"

    def __str__(self) -> str:
        return self.name

    @property
    def industry_name(self) -> str:
        return DIVISION_NAMES.get(self.industry, self.industry)


class User(AbstractUser):
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.ENTERPRISE)
    mobile = models.CharField(_("手机号码"), max_length=11, unique=True, null=True, blank=True, validators=[validate_mobile])
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("所属企业"), on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    unit = models.ForeignKey(
        RecommendingUnit, verbose_name=_("所属推荐单位"), on_delete=models.PROTECT, null=True, blank=True, related_name="officers"
    )
    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    # Chosen with the site's language switcher; notices and e-mails to this user are worded in it.
    language = models.CharField(_("界面语言"), max_length=10, choices=settings.LANGUAGES, default="zh-hans")

    objects = UserManager()

    class Meta:
        verbose_name = verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def organisation(self) -> str:
        """What the navigation bar shows beside the role."""
        # The request's user comes with both names (`backends.user_with_organisation`), read in its statement.
        enterprise_name, unit_name = getattr(self, "organisation_names", (None, None))
        if self.role == Role.ENTERPRISE and self.enterprise_id:
            return enterprise_name if enterprise_name is not None else self.enterprise.name
        if self.role == Role.RECOMMENDER and self.unit_id:
            return unit_name if unit_name is not None else self.unit.name
        if self.role == Role.COMMISSION:
            return "上海市经济和信息化委员会 智能制造推进处"
        if self.role == Role.EXPERT:
            return "专家库"
        return "系统管理"


class ApiToken(models.Model):
    """A personal API token; only its SHA-256 is stored, the token is shown once on creation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("名称"), max_length=60)
    prefix = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("有效期至"), null=True, blank=True)

    DEFAULT_LIFETIME_DAYS = 90

    class Meta:
        ordering = ["-created_at"]
        verbose_name = verbose_name_plural = "接口令牌"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        from factorytier.core import clock

        return self.expires_at is not None and self.expires_at <= clock.now()

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @staticmethod
    def generate() -> str:
        return "ft_" + secrets.token_urlsafe(32)
