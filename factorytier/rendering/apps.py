from django.apps import AppConfig


class RenderingConfig(AppConfig):
    """Printed 申报书 (PDF/DOCX) of submitted snapshots, and the public verify page."""

    name = "factorytier.rendering"
    label = "rendering"
    verbose_name = "申报书文档"

    def ready(self):
        from . import jobs  # noqa: F401  (registers the rendering job kind)
