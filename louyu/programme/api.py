"""API of the work programme (read-only; writes go through the pages and imports, which call the services)."""
from rest_framework import serializers

from louyu.core.api import RestrictedViewSet

from .models import ActionPlan, AnnualTarget, KeyTask, PlanGoal, PlanItem, ProgressReport, TargetVersion, TaskAssignment


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


class ActionPlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActionPlan
        exclude = ("document", "source_batch")


class PlanGoalSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanGoal
        fields = "__all__"


class PlanItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanItem
        fields = "__all__"


class ActionPlanViewSet(RestrictedViewSet):
    """三年行动计划（文件经页面下载）"""

    queryset = ActionPlan.objects.order_by("district__order")
    serializer_class = ActionPlanSerializer


class PlanGoalViewSet(RestrictedViewSet):
    """行动计划年度目标"""

    queryset = PlanGoal.objects.order_by("-id")
    serializer_class = PlanGoalSerializer
    filterset_fields = ("plan", "year")


class PlanItemViewSet(RestrictedViewSet):
    """行动计划责任分工"""

    queryset = PlanItem.objects.order_by("-id")
    serializer_class = PlanItemSerializer
    filterset_fields = ("plan",)
