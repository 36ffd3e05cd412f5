from django.contrib import admin

from .models import AuditEntry, UserProfile


class ReadOnlyAdmin(admin.ModelAdmin):
    """The audit trail is append-only: nobody edits or deletes it, not even an administrator."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("timestamp", "actor_label", "action", "content_type", "object_repr", "district", "batch")
    list_filter = ("action", "content_type", "district")
    search_fields = ("object_repr", "actor_label", "object_id")
    date_hierarchy = "timestamp"


@admin.register(UserProfile)
class UserProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "district", "department", "locked_until")
    list_filter = ("role", "district")
    search_fields = ("user__username", "department")
    filter_horizontal = ("buildings",)
