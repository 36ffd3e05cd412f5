"""API of the work programme (read-only; writes go through the pages and imports, which call the services)."""
from rest_framework import serializers

from louyu.core.api import RestrictedViewSet

from .models import AnnualTarget, KeyTask, ProgressReport, TargetVersion, TaskAssignment


class AnnualTargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = AnnualTarget
        fields = "__all__"


class KeyTaskSerializer(serializers.ModelSerializer):
    class Meta:
        model = KeyTask
        fields = "__all__"


class TargetVersionSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = TargetVersion
        exclude = ("author", "source_batch")


class TaskAssignmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = TaskAssignment
        fields = "__all__"


class ProgressReportSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = ProgressReport
        exclude = ("attachment", "source_batch")


class AnnualTargetViewSet(RestrictedViewSet):
    """年度目标（附件1，现行批准版本）"""

    queryset = AnnualTarget.objects.order_by("-year", "district__order")
    serializer_class = AnnualTargetSerializer
    filterset_fields = ("year", "district")


class KeyTaskViewSet(RestrictedViewSet):
    """重点任务（附件2）"""

    queryset = KeyTask.objects.order_by("order")
    serializer_class = KeyTaskSerializer


class TargetVersionViewSet(RestrictedViewSet):
    """年度目标版本：提交、退回、批准的全部记录"""

    queryset = TargetVersion.objects.order_by("-year", "district__order", "created_at", "id")
    serializer_class = TargetVersionSerializer
    filterset_fields = ("year", "district", "status")


class TaskAssignmentViewSet(RestrictedViewSet):
    """任务分工：每项重点任务的每个责任单位一条"""

    queryset = TaskAssignment.objects.order_by("-id")  # newest first; filter by task, district or department
    serializer_class = TaskAssignmentSerializer
    filterset_fields = ("task", "district", "department")


class ProgressReportViewSet(RestrictedViewSet):
    """进展报告"""

    queryset = ProgressReport.objects.order_by("-reported_on", "-id")
    serializer_class = ProgressReportSerializer
    filterset_fields = ("assignment", "status")
