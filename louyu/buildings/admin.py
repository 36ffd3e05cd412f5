from django.contrib import admin

from louyu.core.admin import AuditedAdmin

from .models import Building, NewBuildingProject, OperationReport, RenovationProject

SOURCE_FIELDS = ("source", "verification")


@admin.register(Building)
class BuildingAdmin(AuditedAdmin):
    list_display = ("code", "name", "district", "street", "office_area", "completion_year", "status", "is_key", "verification")
    list_filter = ("district", "status", "is_key", "holding", "verification")
    search_fields = ("code", "name", "address")
    readonly_fields = ("created_at", "updated_at", "source_batch_id")


@admin.register(NewBuildingProject)
class NewBuildingProjectAdmin(AuditedAdmin):
    list_display = ("code", "name", "district", "planned_area", "total_investment", "start_date", "expected_completion", "progress")
    list_filter = ("district", "progress", "verification")
    search_fields = ("code", "name", "parcel")
    raw_id_fields = ("building",)


@admin.register(RenovationProject)
class RenovationProjectAdmin(AuditedAdmin):
    list_display = ("code", "building", "status", "investment", "start_date", "completion_date", "is_demonstration")
    list_filter = ("status", "is_demonstration", "building__district")
    search_fields = ("code", "building__name")
    raw_id_fields = ("building",)


@admin.register(OperationReport)
class OperationReportAdmin(AuditedAdmin):
    list_display = ("building", "period", "leasable_area", "leased_area", "average_rent", "present_count")
    list_filter = ("building__district",)
    search_fields = ("building__name", "building__code")
    raw_id_fields = ("building",)
    date_hierarchy = "period"
