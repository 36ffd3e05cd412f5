from django.contrib import admin

from louyu.core.admin import AuditedAdmin

from .models import AddressMatch


@admin.register(AddressMatch)
class AddressMatchAdmin(AuditedAdmin):
    list_display = ("enterprise", "address", "status", "building", "confidence", "district", "decided_by")
    list_filter = ("status", "district")
    search_fields = ("enterprise__name", "enterprise__uscc", "address")
    raw_id_fields = ("enterprise", "building", "tenancy")
