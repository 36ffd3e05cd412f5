"""Read-only admin views of the facts (they are written by the engine only) and of alerts and recognitions
(their changes go through louyu.indicators.services, with the audit trail)."""
from django.contrib import admin

from louyu.core.admin import ReadOnlyAdmin

from .models import Alert, BuildingYear, DistrictYear, FeaturedRecognition


@admin.register(BuildingYear)
class BuildingYearAdmin(ReadOnlyAdmin):
    list_display = ("building", "year", "total_tax", "tax_tier", "is_new_100m", "present_count", "occupancy_rate",
                    "lead_category", "concentration", "featured_status")
    list_filter = ("year", "district", "tax_tier", "featured_status")
    search_fields = ("building__code", "building__name")


@admin.register(DistrictYear)
class DistrictYearAdmin(ReadOnlyAdmin):
    list_display = ("district", "year", "office_buildings_10k_list", "new_100m", "cumulative_100m", "new_featured",
                    "renovated", "promotion_events", "total_tax", "unattributed_tax")
    list_filter = ("year",)


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdmin):
    list_display = ("kind", "building", "enterprise", "district", "period", "status", "active")
    list_filter = ("kind", "status", "active", "district", "year")
    search_fields = ("building__code", "building__name", "enterprise__name")


@admin.register(FeaturedRecognition)
class FeaturedRecognitionAdmin(ReadOnlyAdmin):
    list_display = ("building", "category", "year", "status", "notice_start", "notice_end", "recognised_on")
    list_filter = ("status", "category", "year")
