from django.db import models
from django.utils.translation import gettext_lazy as _

from factorytier.accounts.validators import validate_uscc
from factorytier.applications.models import StoredFile


class ExpertProfile(models.Model):
    """An expert in the commission's pool: who they are, where they work, what they know."""

    user = models.OneToOneField("accounts.User", on_delete=models.PROTECT, related_name="expert_profile")
    name = models.CharField("姓名", max_length=50)
    organisation = models.CharField("工作单位", max_length=200)
    organisation_uscc = models.CharField("工作单位统一社会信用代码", max_length=18, blank=True, validators=[validate_uscc])
    corporate_group = models.CharField("所属企业集团", max_length=200, blank=True)
    title = models.CharField("职称/职务", max_length=100, blank=True)
    industries = models.JSONField("熟悉行业（国民经济行业大类代码）", default=list, blank=True)
    guide_links = models.JSONField("熟悉的场景指引环节", default=list, blank=True)
    invited_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    invited_at = models.DateTimeField("邀请时间")
    completed_at = models.DateTimeField("本人确认资料时间", null=True, blank=True)
    is_active = models.BooleanField("在库", default=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = verbose_name_plural = "评审专家"

    def __str__(self) -> str:
        return f"{self.name}（{self.organisation}）"


class ConflictKind(models.TextChoices):
    SAME_ORGANISATION = "same_organisation", "同一单位"
    EMPLOYMENT = "employment", "近三年任职"
    ADVISED = "advised", "近三年提供咨询服务"
    EQUITY_FAMILY = "equity_family", "股权或亲属关系"
    OTHER = "other", "其他"


class Conflict(models.Model):
    """A conflict of interest between an expert and an enterprise, with where it came from."""

    class Source(models.TextChoices):
        DECLARED = "declared", "专家申报"
        COMMISSION = "commission", "市经信委认定"
        AUTOMATIC = "automatic", "系统比对"
        ON_OPENING = "on_opening", "评审时专家申报回避"

    class Status(models.TextChoices):
        ACTIVE = "active", "回避"
        POSSIBLE = "possible", "可能冲突（待确认）"
        DISMISSED = "dismissed", "已排除"

    expert = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="conflicts")
    enterprise = models.ForeignKey("accounts.Enterprise", on_delete=models.CASCADE, related_name="expert_conflicts")
    kind = models.CharField("冲突类型", max_length=30, choices=ConflictKind.choices)
    source = models.CharField("来源", max_length=20, choices=Source.choices)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.ACTIVE)
    note = models.CharField("说明", max_length=500, blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField("记录时间")
    decided_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField("确认时间", null=True, blank=True)

    class Meta:
        ordering = ["expert_id", "enterprise_id", "id"]
        verbose_name = verbose_name_plural = "利益冲突"
        constraints = [
            models.UniqueConstraint(fields=["expert", "enterprise", "source"], name="one_conflict_per_source")
        ]

    def __str__(self) -> str:
        return f"{self.expert} × {self.enterprise}：{self.get_kind_display()}（{self.get_source_display()}）"

    @property
    def pinned(self) -> bool:
        """Set by the commission: the expert cannot remove it."""
        return self.source != self.Source.DECLARED


class Assignment(models.Model):
    """An expert's assignment to review one application."""

    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("待评审")
        SCORED = "scored", _("已评分")
        DECLINED = "declined", _("已回避")

    class Source(models.TextChoices):
        MANUAL = "manual", "人工分配"
        AUTOMATIC = "automatic", "自动分配"

    application = models.ForeignKey("applications.Application", on_delete=models.CASCADE, related_name="assignments")
    expert = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="assignments")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.ASSIGNED)
    assigned_at = models.DateTimeField("分配时间")
    due_at = models.DateTimeField("评审截止", null=True, blank=True)
    source = models.CharField("分配方式", max_length=20, choices=Source.choices, default=Source.MANUAL)
    explanation = models.CharField("分配理由", max_length=300, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)

    class Meta:
        ordering = ["status", "due_at", "id"]
        verbose_name = verbose_name_plural = "评审分配"
        constraints = [models.UniqueConstraint(fields=["application", "expert"], name="one_assignment_per_expert")]

    def __str__(self) -> str:
        return f"{self.expert} → {self.application}"


class ScoreSheet(models.Model):
    """One expert's scores for one application: a whole number and a comment per criterion."""

    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="sheet")
    scores = models.JSONField("分数", default=dict)
    comments = models.JSONField("评语", default=dict)
    weighted_total = models.DecimalField("加权总分", max_digits=6, decimal_places=2, null=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    updated_at = models.DateTimeField("保存时间")

    class Meta:
        verbose_name = verbose_name_plural = "评分表"

    def __str__(self) -> str:
        return f"{self.assignment} 评分"


class OnsiteCheck(models.Model):
    """现场核查: when, who, what was found per clause, and the conclusion."""

    class Conclusion(models.TextChoices):
        PENDING = "pending", _("待核查")
        PASSED = "passed", _("核查通过")
        CONCERNS = "concerns", _("基本通过，需整改")
        FAILED = "failed", _("核查未通过")

    application = models.ForeignKey("applications.Application", on_delete=models.CASCADE, related_name="onsite_checks")
    date = models.DateField("核查日期")
    team = models.CharField("核查组成员", max_length=500)
    findings = models.JSONField("核查发现（逐条款）", default=list, blank=True)
    conclusion = models.CharField("核查结论", max_length=20, choices=Conclusion.choices, default=Conclusion.PENDING)
    summary = models.TextField("结论说明", blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField("记录时间")

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = verbose_name_plural = "现场核查"

    def __str__(self) -> str:
        return f"{self.application} 现场核查 {self.date}"


def onsite_path(instance, filename: str) -> str:
    import uuid

    return f"onsite/{instance.check_record.application_id}/{uuid.uuid4().hex}"


class OnsiteFile(StoredFile):
    check_record = models.ForeignKey(OnsiteCheck, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=onsite_path)
    uploaded_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = verbose_name_plural = "现场核查材料"
