from django.db import models
from django.utils.translation import gettext_lazy as _

from factorytier.core import clock

TIER_CHOICES = [("basic", _("基础级")), ("advanced", _("先进级")), ("excellent", _("卓越级")), ("leading", _("领航级"))]
# The official tier names, always Chinese: documents, exports, API payloads and stored messages use these
# (plain strings, never lazy); TIER_CHOICES above are the interface's, translated.
TIER_NAMES = {"basic": "基础级", "advanced": "先进级", "excellent": "卓越级", "leading": "领航级"}
# A tier already awarded, or none yet.
RATING_CHOICES = [("none", _("尚未获评")), *TIER_CHOICES]
MATURITY_CHOICES = [(0, _("未评估")), (1, _("一级")), (2, _("二级")), (3, _("三级")), (4, _("四级")), (5, _("五级"))]


class Stage(models.TextChoices):
    APPLICATION = "application", _("企业申报")
    RECOMMENDATION = "recommendation", _("推荐单位推荐")


class Campaign(models.Model):
    """申报批次: one year's call in one region, with its deadlines, quotas and open tiers."""

    name = models.CharField(_("批次名称"), max_length=200)
    year = models.PositiveIntegerField(_("年度"))
    region = models.CharField(_("地区"), max_length=20, default="上海市")
    notice_no = models.CharField(_("通知文号"), max_length=60, blank=True)
    catalogue = models.CharField(_("规则目录"), max_length=60, default="shanghai-2025")
    tiers_open = models.JSONField(_("开放申报的层级"), default=list)
    application_opens_at = models.DateTimeField(_("申报开始时间"), null=True, blank=True)
    application_deadline = models.DateTimeField(_("企业申报截止时间"))
    recommendation_deadline = models.DateTimeField(_("推荐截止时间"))
    branch_allowed_industries = models.JSONField(_("允许分支机构申报的行业"), default=list)
    text_limits = models.JSONField(
        _("申报书文字字数上限"), default=dict, blank=True,
        help_text=_('如 {"short": 200, "medium": 2000, "long": 5000}；留空使用默认值'),
    )
    max_attachments = models.PositiveSmallIntegerField(
        _("每份申报书附件数上限"), default=30, help_text=_("每份申报书最多可上传的附件个数"))
    max_attachments_total_mb = models.PositiveIntegerField(
        _("每份申报书附件总大小上限（MB）"), default=200, help_text=_("每份申报书全部附件合计的大小上限；单个文件另有平台上限"))
    is_active = models.BooleanField(_("当前批次"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = verbose_name_plural = "申报批次"
        constraints = [models.UniqueConstraint(fields=["year", "region", "name"], name="campaign_unique_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def policy_catalogue(self):
        """The rules this campaign is pinned to (clauses, thresholds, quotas, guide, KPIs, materials).

        Every rule, list and document of the campaign reads this, never the default catalogue, so
        publishing next year's catalogue changes no running or closed campaign."""
        from factorytier import policy

        return policy.catalogue_by_name(self.catalogue)

    def deadline(self, stage: str):
        return {Stage.APPLICATION: self.application_deadline, Stage.RECOMMENDATION: self.recommendation_deadline}[stage]

    def is_open(self, stage: str, moment=None) -> bool:
        moment = moment or clock.now()
        if stage == Stage.APPLICATION and self.application_opens_at and moment < self.application_opens_at:
            return False
        return clock.is_before_deadline(self.deadline(stage), moment)

    @property
    def tiers_open_names(self) -> str:
        from django.utils.translation import gettext

        return gettext("、").join(str(dict(TIER_CHOICES).get(t, t)) for t in self.tiers_open)

    def text_limit(self, size: str) -> int:
        from factorytier.applications.content import DEFAULT_TEXT_LIMITS

        value = (self.text_limits or {}).get(size)
        return int(value) if isinstance(value, int) and value > 0 else DEFAULT_TEXT_LIMITS[size]

    @property
    def open_tier_choices(self) -> list[tuple[str, str]]:
        return [(t, name) for t, name in TIER_CHOICES if t in self.tiers_open]

    def quota_for(self, tier: str, unit=None) -> "Quota | None":
        """The unit's own quota when one is set, else the campaign's default for the tier."""
        quotas = [q for q in self.quotas.all() if q.tier == tier]
        own = [q for q in quotas if unit is not None and q.unit_id == unit.pk]
        default = [q for q in quotas if q.unit_id is None]
        return (own or default or [None])[0]


class Quota(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="quotas")
    tier = models.CharField(_("层级"), max_length=20, choices=TIER_CHOICES)
    unit = models.ForeignKey(
        "accounts.RecommendingUnit",
        verbose_name=_("推荐单位（留空为默认）"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    limit = models.PositiveIntegerField(_("推荐上限"))
    pilot_exempt = models.BooleanField(_("揭榜单位地方验收通过者不占名额"), default=False)

    class Meta:
        ordering = ["tier", "unit_id"]
        verbose_name = verbose_name_plural = "推荐名额"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "tier", "unit"], name="quota_unique_unit"),
            models.UniqueConstraint(
                fields=["campaign", "tier"], condition=models.Q(unit__isnull=True), name="quota_unique_default"
            ),
        ]

    def __str__(self) -> str:
        who = self.unit.name if self.unit_id else _("各推荐单位")
        return f"{dict(TIER_CHOICES).get(self.tier, self.tier)} {who} ≤ {self.limit}"

    def clean(self):
        """N.EX.P4: only a tier whose catalogue quota names an exemption may exempt 揭榜 units (the admin
        site and the campaign form both call this; a new campaign's form checks it before it exists)."""
        super().clean()
        if self.pilot_exempt and self.campaign_id and self.tier:
            rules = self.campaign.policy_catalogue.campaign
            rule = rules.quotas.get(self.tier) if rules else None
            if rule is None or not rule.exempt_if:
                from django.core.exceptions import ValidationError

                raise ValidationError({"pilot_exempt": f"规则目录中{TIER_NAMES.get(self.tier, self.tier)}的推荐名额没有揭榜单位不占名额的规定，不能勾选"})
