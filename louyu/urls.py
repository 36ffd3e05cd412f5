from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "楼宇经济智慧平台 · 管理后台"
admin.site.site_title = "楼宇经济智慧平台"
admin.site.index_title = "数据管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("louyu.web.urls")),
]
