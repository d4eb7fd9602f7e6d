from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "factorytier.campaigns"
    label = "campaigns"
    verbose_name = "申报批次"

    def ready(self):
        from . import exports  # noqa: F401  (registers the export job kind)
