from django.contrib import admin

from louyu.core.admin import AuditedAdmin

from .models import UserProfile


@admin.register(UserProfile)
class UserProfileAdmin(AuditedAdmin):
    list_display = ("user", "role", "district", "department", "locked_until")
    list_filter = ("role", "district")
    search_fields = ("user__username", "department")
    filter_horizontal = ("buildings",)
