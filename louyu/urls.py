from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from louyu.core.api import LocalSwaggerView

admin.site.site_header = "楼宇经济智慧平台 · 管理后台"
admin.site.site_title = "楼宇经济智慧平台"
admin.site.index_title = "数据管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", LocalSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/", include("louyu.api")),
    path("matching/", include("louyu.matching.urls")),
    path("investment/", include("louyu.investment.urls")),
    path("filing/", include("louyu.filing.urls")),
    path("stewardship/", include("louyu.stewardship.urls")),
    path("jobs/", include("louyu.jobs.urls")),
    path("reports/", include("louyu.reports.urls")),
    path("programme/", include("louyu.programme.urls")),
    path("events/", include("louyu.events.urls")),
    path("demonstrations/", include("louyu.demonstrations.urls")),
    path("evaluation/", include("louyu.evaluation.urls")),
    path("services/", include("louyu.servicepoints.urls")),
    path("teams/", include("louyu.teams.urls")),
    path("", include("louyu.web.urls")),
]
