from django.db import models


class Decision(models.Model):
    """The commission's decision on one step of an application's path, with its basis.

    It changes nothing the enterprise sees until the commission releases it from the outbox; until
    then it may be changed, and its one outbox message changes with it."""

    application = models.ForeignKey("applications.Application", on_delete=models.PROTECT, related_name="decisions")
    step = models.CharField("决定时所处状态", max_length=30)
    outcome = models.CharField("决定结果（目标状态）", max_length=30)
    reason = models.TextField("理由", blank=True)
    basis = models.JSONField("决定依据（评分、现场核查结论）", default=dict)
    committee_conclusion = models.TextField("专家委员会结论", blank=True)
    decided_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("决定时间")
    released_at = models.DateTimeField("发布时间", null=True, blank=True)
    released_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = verbose_name_plural = "认定决定"
        constraints = [models.UniqueConstraint(fields=["application", "step"], name="one_decision_per_step")]

    def __str__(self) -> str:
        return f"{self.application} {self.step} → {self.outcome}"


class OutboxMessage(models.Model):
    """The one notice of a decision, held until the commission releases it."""

    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="message")
    subject = models.CharField("标题", max_length=200)
    body = models.TextField("正文")
    updated_at = models.DateTimeField("更新时间")
    released_at = models.DateTimeField("发出时间", null=True, blank=True)

    class Meta:
        ordering = ["released_at", "-updated_at", "id"]
        verbose_name = verbose_name_plural = "待发通知"

    def __str__(self) -> str:
        return self.subject


class Publication(models.Model):
    """A campaign's results, published by the commission: only then do they appear under /results/."""

    campaign = models.OneToOneField("campaigns.Campaign", on_delete=models.PROTECT, related_name="publication")
    published_at = models.DateTimeField("公布时间")
    published_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    note = models.CharField("公告说明", max_length=500, blank=True)

    class Meta:
        ordering = ["-published_at"]
        verbose_name = verbose_name_plural = "结果公布"

    def __str__(self) -> str:
        return f"{self.campaign} 结果公布"
