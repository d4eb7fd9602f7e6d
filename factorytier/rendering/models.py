from django.db import models


class RenderedDocument(models.Model):
    """A rendered file of one submitted snapshot; rendered once, then served as is."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "DOCX"

    snapshot = models.ForeignKey("applications.Snapshot", on_delete=models.PROTECT, related_name="renderings")
    format = models.CharField(max_length=10, choices=Format.choices)
    file = models.FileField(upload_to="documents/%Y/")
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["snapshot", "format"], name="one_rendering_per_format")]
        verbose_name = verbose_name_plural = "申报书文件"

    def __str__(self) -> str:
        return f"{self.snapshot} {self.format}"


class VerifyAttempt(models.Model):
    """One upload to the public verify page, kept for an hour to throttle per client across workers."""

    client = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.client} {self.at:%Y-%m-%d %H:%M}"
