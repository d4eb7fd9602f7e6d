from django.db import models
from django.utils.translation import gettext_lazy as _

from factorytier.campaigns.models import MATURITY_CHOICES, RATING_CHOICES, TIER_CHOICES
from factorytier.core.jsontext import UnicodeJSONEncoder

_TIER_LABELS = dict(TIER_CHOICES)


class State(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    RETURNED = "returned", _("已退回修改")
    WITHDRAWN = "withdrawn", _("已撤回")
    RECOMMENDED = "recommended", _("已推荐")
    NOT_RECOMMENDED = "not_recommended", _("未推荐")
    UNDER_REVIEW = "under_review", _("评审中")
    MATERIAL_REVIEW = "material_review", _("材料评审中")
    ONSITE_CHECK = "onsite_check", _("现场核查中")
    APPROVED = "approved", _("已认定")
    CULTIVATION = "cultivation", _("培育中")
    REJECTED = "rejected", _("未通过")
    ACCEPTANCE_APPLIED = "acceptance_applied", _("已申请验收")
    ACCEPTANCE_RETURNED = "acceptance_returned", _("验收申请退回")
    INITIAL_REVIEW_PASSED = "initial_review_passed", _("初审通过")
    ACCEPTED = "accepted", _("验收通过")
    ACCEPTANCE_FAILED = "acceptance_failed", _("验收未通过")


class Application(models.Model):
    """申报书: one enterprise's application for one tier in one campaign."""

    enterprise = models.ForeignKey("accounts.Enterprise", on_delete=models.PROTECT, related_name="applications")
    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.PROTECT, related_name="applications")
    tier = models.CharField(_("申报层级"), max_length=20, choices=TIER_CHOICES)
    title = models.CharField(_("项目名称"), max_length=200)
    state = models.CharField(_("状态"), max_length=30, choices=State.choices, default=State.DRAFT, db_index=True)
    content = models.JSONField(_("申报内容"), default=dict, blank=True, encoder=UnicodeJSONEncoder)
    version = models.PositiveIntegerField(_("版本"), default=1)
    # The last version kept as a full copy (0: none yet); the versions after it keep only their changes.
    checkpoint_version = models.PositiveIntegerField(_("最近完整版本"), default=0, editable=False)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = verbose_name_plural = "申报书"
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "campaign", "tier"], name="one_application_per_tier")
        ]

    def __str__(self) -> str:
        # As `get_tier_display()`, which translates and hashes every choice on each call: every save's audit
        # entry is labelled with this.
        return f"{self.enterprise.name}·{_TIER_LABELS.get(self.tier, self.tier)}"

    @property
    def number(self) -> str:
        """申报编号 shown on pages and documents."""
        return f"{self.campaign.year}-{self.tier[:2].upper()}-{self.pk:05d}"


class StateChange(models.Model):
    """The application's own history, as the applicant sees it (the audit log has the full record)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True)
    from_state = models.CharField(max_length=30, choices=State.choices)
    to_state = models.CharField(max_length=30, choices=State.choices)
    reason = models.TextField(_("理由"), blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_from_state_display()} → {self.get_to_state_display()}"


class Readiness(models.Model):
    """The enterprise's answers for the readiness check: maturity, rating, attestations, scenarios."""

    enterprise = models.OneToOneField("accounts.Enterprise", on_delete=models.CASCADE, related_name="readiness")
    cmmm_level = models.PositiveSmallIntegerField(_("智能制造能力成熟度等级"), default=0, choices=MATURITY_CHOICES)
    cmmm_certificate_no = models.CharField(_("成熟度评估证书编号"), max_length=60, blank=True)
    cmmm_certificate_date = models.DateField(_("证书日期"), null=True, blank=True)
    current_rating = models.CharField(_("已获评层级"), max_length=20, choices=RATING_CHOICES, default="none")
    attestations = models.JSONField(_("承诺事项"), default=dict, blank=True)
    scenarios = models.JSONField(_("场景"), default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "自评信息"

    def __str__(self) -> str:
        return f"{self.enterprise} 自评"


class StoredFile(models.Model):
    """An uploaded file whose type was read from its content; the applicant's name is kept apart from the path."""

    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    content_type = models.CharField(_("文件类型"), max_length=100)
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("上传时间"))

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name


def attachment_path(instance, filename: str) -> str:
    # Stored under a random name: the applicant's file name is kept in `name`, never trusted as a path.
    import uuid

    return f"attachments/{instance.application_id}/{uuid.uuid4().hex}"


class Attachment(StoredFile):
    """A file attached to an application (PDF, image or Office document)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("材料类型"), max_length=60, default="证明材料")
    clause = models.CharField(_("对应条款"), max_length=20, blank=True)
    file = models.FileField(upload_to=attachment_path)
    uploaded_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = verbose_name_plural = "附件"


class Snapshot(models.Model):
    """The content as submitted, frozen: a canonical serialisation and its SHA-256 digest."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="snapshots")
    version = models.PositiveIntegerField(_("版本"))
    data = models.JSONField(_("提交内容"), encoder=UnicodeJSONEncoder)
    canonical = models.TextField(_("规范化文本"))
    digest = models.CharField("SHA-256", max_length=64, unique=True)
    created_at = models.DateTimeField(_("提交时间"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = "提交快照"

    def __str__(self) -> str:
        return f"{self.application.number} {self.digest[:12]}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("提交快照不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("提交快照不可删除")


def evidence_path(instance, filename: str) -> str:
    import uuid

    return f"evidence/{instance.readiness.enterprise_id}/{uuid.uuid4().hex}"


class Evidence(StoredFile):
    """An optional supporting file for one declared clause of the readiness answers."""

    readiness = models.ForeignKey(Readiness, on_delete=models.CASCADE, related_name="evidence")
    clause = models.CharField(_("条款"), max_length=20)
    file = models.FileField(upload_to=evidence_path)

    class Meta:
        ordering = ["clause", "uploaded_at"]
        verbose_name = verbose_name_plural = "承诺佐证材料"

    def __str__(self) -> str:
        return f"{self.clause} {self.name}"


class Version(models.Model):
    """Every saved state of a draft, so the applicant can list, compare and restore them.

    A checkpoint holds the full `content`; any other version holds only `delta`, its changes since the
    version before (see `versions.rebuild`)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("版本"))
    title = models.CharField(_("项目名称"), max_length=200)
    content = models.JSONField(_("内容（完整副本）"), null=True, blank=True, encoder=UnicodeJSONEncoder)
    delta = models.JSONField(_("与上一版本相比的修改"), null=True, blank=True, encoder=UnicodeJSONEncoder)
    changed = models.JSONField(_("修改的填写项"), default=list)
    saved_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True)
    saved_at = models.DateTimeField(_("保存时间"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    # The editor's id for the save that made this version: a save sent again is answered, not repeated.
    save_id = models.UUIDField(_("保存请求编号"), null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = verbose_name_plural = "草稿版本"
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="one_row_per_version"),
            models.UniqueConstraint(fields=["application", "save_id"], name="one_version_per_save_id"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} v{self.number}"
