from django.contrib import admin
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from louyu.core.admin import ReadOnlyAdmin

from .models import Job


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "label", "actor_label", "status", "done", "total", "phase", "attempt", "worker")
    list_filter = ("kind", "status", "channel")
    search_fields = ("label", "actor_label", "key")


# The queue's own table, read-only like every engine-written table (django-tasks-db's admin already forbids edits).
admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(ReadOnlyAdmin, DBTaskResultAdmin):
    pass
