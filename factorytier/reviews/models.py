from django.db import models
from django.utils.translation import gettext_lazy as _


class Assignment(models.Model):
    """An expert's assignment to review one application."""

    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("待评审")
        SCORED = "scored", _("已评分")
        DECLINED = "declined", _("已回避")

    application = models.ForeignKey("applications.Application", on_delete=models.CASCADE, related_name="assignments")
    expert = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="assignments")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.ASSIGNED)
    assigned_at = models.DateTimeField("分配时间")
    due_at = models.DateTimeField("评审截止", null=True, blank=True)

    class Meta:
        ordering = ["status", "due_at", "id"]
        verbose_name = verbose_name_plural = "评审分配"
        constraints = [models.UniqueConstraint(fields=["application", "expert"], name="one_assignment_per_expert")]

    def __str__(self) -> str:
        return f"{self.expert} → {self.application}"
