"""Recommendation: one ranked list per unit, campaign and tier; the registries that confirm claims;
paper copies received by the commission."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from factorytier.campaigns.models import TIER_CHOICES

RATED_TIERS = [("advanced", "先进级"), ("excellent", "卓越级"), ("leading", "领航级")]


class RankedList(models.Model):
    """推荐名单: the unit's applications of one tier in one campaign, in order of priority."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.PROTECT, related_name="ranked_lists")
    unit = models.ForeignKey("accounts.RecommendingUnit", on_delete=models.PROTECT, related_name="ranked_lists")
    tier = models.CharField("层级", max_length=20, choices=TIER_CHOICES)
    version = models.PositiveIntegerField("版本", default=1)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reopened_at = models.DateTimeField("退回重报时间", null=True, blank=True)
    reopen_reason = models.TextField("退回重报理由", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["campaign_id", "unit__order", "tier"]
        verbose_name = verbose_name_plural = "推荐名单"
        constraints = [models.UniqueConstraint(fields=["campaign", "unit", "tier"], name="one_list_per_unit_tier")]

    def __str__(self) -> str:
        return f"{self.unit.name}·{self.get_tier_display()}推荐名单"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class ListEntry(models.Model):
    ranked_list = models.ForeignKey(RankedList, on_delete=models.CASCADE, related_name="entries")
    # An application is on at most one list.
    application = models.OneToOneField("applications.Application", on_delete=models.CASCADE, related_name="list_entry")
    rank = models.PositiveIntegerField("排序")

    class Meta:
        ordering = ["rank", "id"]
        verbose_name = verbose_name_plural = "推荐名单条目"

    def __str__(self) -> str:
        return f"{self.rank}. {self.application_id}"


class ListChange(models.Model):
    """One change of a list: what a concurrent editor is told when their copy is stale."""

    ranked_list = models.ForeignKey(RankedList, on_delete=models.CASCADE, related_name="changes")
    version = models.PositiveIntegerField("变更后版本")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    at = models.DateTimeField("时间")
    summary = models.CharField("内容", max_length=300)

    class Meta:
        ordering = ["version", "id"]

    def __str__(self) -> str:
        return f"v{self.version} {self.summary}"


class RegistryKind(models.TextChoices):
    RATED = "rated", _("已获评智能工厂名单")
    PILOT = "pilot", _("智能制造示范工厂揭榜单位地方验收通过名单")


class RegistryImport(models.Model):
    """One uploaded registry file: parsed, checked, previewed; applied only when clean and confirmed."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("待确认")
        REJECTED = "rejected", _("有错误，未导入")
        APPLIED = "applied", _("已导入")
        SUPERSEDED = "superseded", _("已作废")

    kind = models.CharField("名单", max_length=20, choices=RegistryKind.choices)
    file_name = models.CharField("文件名", max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField("上传时间")
    status = models.CharField("状态", max_length=20, choices=Status.choices)
    rows = models.JSONField("有效行", default=list)
    errors = models.JSONField("错误", default=list)
    diff = models.JSONField("变化", default=dict)
    applied_at = models.DateTimeField("导入时间", null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = verbose_name_plural = "名单导入"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.file_name}"


class RegistryEntry(models.Model):
    kind = models.CharField("名单", max_length=20, choices=RegistryKind.choices)
    uscc = models.CharField("统一社会信用代码", max_length=18)
    name = models.CharField("企业名称", max_length=200)
    rating = models.CharField("层级", max_length=20, choices=RATED_TIERS, blank=True)
    source = models.ForeignKey(RegistryImport, on_delete=models.PROTECT, related_name="entries")

    class Meta:
        ordering = ["kind", "uscc"]
        verbose_name = verbose_name_plural = "名单条目"
        constraints = [models.UniqueConstraint(fields=["kind", "uscc"], name="one_registry_row_per_uscc")]

    def __str__(self) -> str:
        return f"{self.uscc} {self.name}"


class PaperReceipt(models.Model):
    """The commission received the paper 申报书 of an application and compared its digest."""

    application = models.OneToOneField("applications.Application", on_delete=models.CASCADE, related_name="paper_receipt")
    received_at = models.DateTimeField("收到时间")
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    digest_entered = models.CharField("纸质版摘要", max_length=64)
    digest_expected = models.CharField("线上版摘要", max_length=64)
    matches = models.BooleanField("纸质版一致")

    class Meta:
        verbose_name = verbose_name_plural = "纸质版收件"

    def __str__(self) -> str:
        return f"{self.application_id} {'一致' if self.matches else '不一致'}"
