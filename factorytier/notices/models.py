from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notice(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices")
    subject = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    link = models.CharField("链接", max_length=300, blank=True)
    created_at = models.DateTimeField("时间")
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    # The language the notice was worded in (its recipient's at the time): kept as written, marked on pages.
    language = models.CharField("语言", max_length=10, default="zh-hans")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = "站内通知"

    def __str__(self) -> str:
        return self.subject


class EmailPreference(models.Model):
    """How a user wants notices by e-mail: each at once, or one digest a day (in-site notices are always kept)."""

    class Mode(models.TextChoices):
        IMMEDIATE = "immediate", _("每条通知即时发送邮件")
        DIGEST = "digest", _("每日汇总发送一封邮件")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preference")
    mode = models.CharField("邮件提醒", max_length=20, choices=Mode.choices, default=Mode.IMMEDIATE)
    last_digest_at = models.DateTimeField("上次汇总时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "邮件提醒设置"

    def __str__(self) -> str:
        return f"{self.user} {self.get_mode_display()}"
