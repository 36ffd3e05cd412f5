from django.contrib import admin

from .models import AddressMatch


@admin.register(AddressMatch)
class AddressMatchAdmin(admin.ModelAdmin):
    list_display = ("enterprise", "address", "status", "building", "confidence", "district", "decided_by")
    list_filter = ("status", "district")
    search_fields = ("enterprise__name", "enterprise__uscc", "address")
    raw_id_fields = ("enterprise", "building", "tenancy")
