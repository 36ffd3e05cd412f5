from django.contrib import admin

from .models import District, Street


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("order", "name", "full_name", "code", "kind")
    ordering = ("order",)


@admin.register(Street)
class StreetAdmin(admin.ModelAdmin):
    list_display = ("district", "name", "kind")
    list_filter = ("district", "kind")
    search_fields = ("name",)
