from django.contrib import admin

from louyu.core.admin import ReadOnlyAdmin

from .models import ImportBatch


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    list_display = ("started_at", "kind", "file_name", "actor_label", "status", "rows_inserted", "rows_updated", "rows_unchanged", "rows_rejected")
    list_filter = ("kind", "status", "channel")
    search_fields = ("file_name", "file_sha256", "actor_label")
