from django.contrib import admin

from louyu.core.admin import AuditedAdmin

from .models import AnnualTarget, KeyTask


@admin.register(AnnualTarget)
class AnnualTargetAdmin(AuditedAdmin):
    list_display = ("year", "district", "office_buildings_10k", "new_100m", "cumulative_100m", "new_featured", "renovated", "promotion_events")
    list_filter = ("year", "district")


@admin.register(KeyTask)
class KeyTaskAdmin(AuditedAdmin):
    list_display = ("order", "seq", "area", "task", "deadline_text", "deadline")
    list_filter = ("area",)
