from django.db import models


class Cultivation(models.Model):
    """A 领航级 培育对象's period: from its start to at most the catalogue's `cultivation_max_years` later."""

    application = models.OneToOneField("applications.Application", on_delete=models.PROTECT, related_name="cultivation")
    starts_on = models.DateField("培育开始日期")
    ends_on = models.DateField("培育期截止日期")
    warned_90_at = models.DateTimeField("到期前90天提醒", null=True, blank=True)
    warned_30_at = models.DateTimeField("到期前30天提醒", null=True, blank=True)
    acceptance_summary = models.TextField("验收申请说明", blank=True)
    acceptance_applied_at = models.DateTimeField("申请验收时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间")

    class Meta:
        ordering = ["ends_on", "id"]
        verbose_name = verbose_name_plural = "培育期"

    def __str__(self) -> str:
        return f"{self.application} 培育期 {self.starts_on}～{self.ends_on}"


class Milestone(models.Model):
    cultivation = models.ForeignKey(Cultivation, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField("里程碑", max_length=200)
    due_on = models.DateField("计划完成日期")
    done_on = models.DateField("实际完成日期", null=True, blank=True)
    note = models.CharField("说明", max_length=500, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = verbose_name_plural = "培育里程碑"

    def __str__(self) -> str:
        return self.title


class ProgressReport(models.Model):
    cultivation = models.ForeignKey(Cultivation, on_delete=models.CASCADE, related_name="reports")
    period = models.CharField("报告期", max_length=40)
    text = models.TextField("进展情况")
    filed_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    filed_at = models.DateTimeField("提交时间")

    class Meta:
        ordering = ["-filed_at", "-id"]
        verbose_name = verbose_name_plural = "培育进展报告"

    def __str__(self) -> str:
        return f"{self.cultivation} {self.period}"
