from django.contrib import admin

from louyu.core.admin import AuditedAdmin

from .models import Enterprise, FeaturedCategory, IndustryCode, Tenancy, TaxRecord


@admin.register(IndustryCode)
class IndustryCodeAdmin(AuditedAdmin):
    list_display = ("code", "name", "level", "section")
    list_filter = ("level", "section")
    search_fields = ("code", "name")


@admin.register(FeaturedCategory)
class FeaturedCategoryAdmin(AuditedAdmin):
    list_display = ("order", "name", "industry_prefixes", "note")


class TenancyInline(admin.TabularInline):
    model = Tenancy
    extra = 0
    raw_id_fields = ("building",)
    fields = ("building", "kind", "floor", "room", "area", "move_in", "move_out")


@admin.register(Enterprise)
class EnterpriseAdmin(AuditedAdmin):
    list_display = ("uscc", "name", "industry", "district", "is_headquarters", "is_listed", "is_high_tech", "verification")
    list_filter = ("district", "is_headquarters", "is_listed", "is_high_tech", "verification")
    search_fields = ("uscc", "name", "registered_address")
    raw_id_fields = ("industry",)
    inlines = [TenancyInline]


@admin.register(Tenancy)
class TenancyAdmin(AuditedAdmin):
    list_display = ("enterprise", "building", "kind", "area", "move_in", "move_out")
    list_filter = ("kind", "building__district")
    search_fields = ("enterprise__name", "enterprise__uscc", "building__name")
    raw_id_fields = ("enterprise", "building")


@admin.register(TaxRecord)
class TaxRecordAdmin(AuditedAdmin):
    list_display = ("enterprise", "period", "total_tax")
    search_fields = ("enterprise__name", "enterprise__uscc")
    raw_id_fields = ("enterprise",)
    date_hierarchy = "period"
