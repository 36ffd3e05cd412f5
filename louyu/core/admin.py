from django.contrib import admin
from django.db import transaction

from . import audit
from .models import AuditAction, AuditEntry
from .services import written


class AuditedAdmin(admin.ModelAdmin):
    """Django admin for official data: every add, change and delete is audited (who, when, old → new, note
    "管理后台") in the same transaction, and notifies `louyu.core.changes` so the indicator facts follow,
    like a change made through the platform's forms. The admin is for city administrators (staff)."""

    NOTE = "管理后台"

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            before = audit.field_values(type(obj)._default_manager.get(pk=obj.pk)) if change else {}
            super().save_model(request, obj, form, change)
            written(actor=request.user, action=AuditAction.UPDATE if change else AuditAction.CREATE, obj=obj,
                    before=before, after=audit.field_values(obj), note=self.NOTE)

    def delete_model(self, request, obj):
        with transaction.atomic():
            written(actor=request.user, action=AuditAction.DELETE, obj=obj, before=audit.field_values(obj), after={},
                    note=self.NOTE)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Append-only or engine-written data (the audit trail, imports, indicator facts): nobody edits or deletes
    it here, not even an administrator."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("timestamp", "actor_label", "action", "content_type", "object_repr", "district_id", "batch_id")
    list_filter = ("action", "content_type")
    search_fields = ("object_repr", "actor_label", "object_id")
    date_hierarchy = "timestamp"
