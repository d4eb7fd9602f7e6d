from django.contrib import admin
from django.urls import include, path

from factorytier.accounts.views import set_language
from factorytier.api.api import api

admin.site.site_header = "智能工厂梯度培育平台 · 后台管理"
admin.site.site_title = "factorytier 后台"

urlpatterns = [
    path("", include("factorytier.core.urls")),
    path("accounts/", include("factorytier.accounts.urls")),
    path("campaigns/", include("factorytier.campaigns.urls")),
    path("applications/", include("factorytier.applications.urls")),
    path("audit/", include("factorytier.audit.urls")),
    path("jobs/", include("factorytier.jobs.urls")),
    path("recommendations/", include("factorytier.recommendations.urls")),
    path("notices/", include("factorytier.notices.urls")),
    path("check/", include("factorytier.checker.urls")),
    path("reviews/", include("factorytier.reviews.urls")),
    path("decisions/", include("factorytier.decisions.urls")),
    path("results/", include("factorytier.decisions.results_urls")),
    path("cultivation/", include("factorytier.cultivation.urls")),
    path("", include("factorytier.rendering.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler400 = "factorytier.core.errors.bad_request"
handler403 = "factorytier.core.errors.permission_denied"
handler404 = "factorytier.core.errors.page_not_found"
handler500 = "factorytier.core.errors.server_error"
