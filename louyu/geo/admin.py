from django.contrib import admin

from louyu.core.admin import AuditedAdmin

from .models import District, Street


@admin.register(District)
class DistrictAdmin(AuditedAdmin):
    list_display = ("order", "name", "full_name", "code", "kind")
    ordering = ("order",)


@admin.register(Street)
class StreetAdmin(AuditedAdmin):
    list_display = ("district", "name", "kind")
    list_filter = ("district", "kind")
    search_fields = ("name",)
