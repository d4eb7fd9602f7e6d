from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    name = "factorytier.recommendations"
    verbose_name = "推荐"

    def ready(self):
        from . import exports, signals  # noqa: F401  (job kinds; officers told when an application enters their queue)
