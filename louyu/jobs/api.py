"""Jobs through the API: GET /api/jobs/{id}/ is what the job's page shows — status, progress and, once it
succeeded, its summary and outcome (an import: the batch with its errors and warnings row by row). A job is
its starter's; city administrators may follow every job (louyu.jobs.selectors)."""
from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from . import kinds, selectors
from .models import Job, JobStatus
from .services import job_follow


class JobSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    percent = serializers.IntegerField(read_only=True)
    summary = serializers.SerializerMethodField()
    outcome = serializers.SerializerMethodField()

    class Meta:
        model = Job
        fields = ("id", "kind", "label", "status", "status_label", "done", "total", "percent", "phase", "message",
                  "result", "summary", "outcome", "created_at", "started_at", "finished_at")
        read_only_fields = fields

    def _kind(self, job):
        return kinds.KINDS.get(job.kind) if job.status == JobStatus.SUCCEEDED else None

    def get_summary(self, job) -> str:
        kind = self._kind(job)
        return kind.summary(job.result or {}) if kind is not None else ""

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_outcome(self, job):
        kind = self._kind(job)
        return kind.detail(job, self.context["request"].user) if kind is not None else None


class JobViewSet(viewsets.ReadOnlyModelViewSet):
    """后台任务（导入等）：状态、进度与结果"""

    serializer_class = JobSerializer
    queryset = Job.objects.all()
    ordering_fields = ("created_at", "id")

    def get_queryset(self):
        return selectors.jobs_for(self.request.user)

    def get_object(self):
        return job_follow(super().get_object())  # a job whose worker died is recovered first, as on its page
