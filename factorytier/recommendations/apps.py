from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    name = "factorytier.recommendations"
    verbose_name = "推荐"

    def ready(self):
        from . import signals  # noqa: F401  (officers are told when an application enters their queue)
