"""API of the work programme. Writes go through the programme's services, as the pages and imports do: a
district submits its 附件1 row (a target version), the city returns it with a reason, approves it or adjusts a
year (POST actions); a responsible unit reports progress on its own assignments; a district keeps its three-year
plan's yearly goals and responsibilities. Approved versions and filed reports are never edited or deleted."""
from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from louyu.core import permissions
from louyu.core.api import RegisterSerializer, RestrictedViewSet, WritableRestrictedViewSet, fixed, through_service

from . import services

from .models import ActionPlan, AnnualTarget, KeyTask, PlanGoal, PlanItem, ProgressReport, TargetVersion, TaskAssignment


class AnnualTargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = AnnualTarget
        fields = "__all__"


class KeyTaskSerializer(serializers.ModelSerializer):
    class Meta:
        model = KeyTask
        fields = "__all__"


class TargetVersionSerializer(RegisterSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = TargetVersion
        exclude = ("author", "source_batch_id")
        writable = ("year", "district", *services.TARGET_FIELDS, "reason")
        validators = []  # the version numbers are the services'


class ReturnSerializer(serializers.Serializer):
    return_reason = serializers.CharField(label="退回原因", max_length=300)


class TaskAssignmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = TaskAssignment
        fields = "__all__"


class ProgressReportSerializer(RegisterSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = ProgressReport
        exclude = ("attachment", "source_batch_id")  # attachments: through the page (checked uploads)
        writable = ("assignment", "reported_on", "text", "status", "obstacle")


class AnnualTargetViewSet(RestrictedViewSet):
    """年度目标（附件1，现行批准版本）"""

    queryset = AnnualTarget.objects.order_by("-year", "district__order")
    serializer_class = AnnualTargetSerializer
    filterset_fields = ("year", "district")


class KeyTaskViewSet(RestrictedViewSet):
    """重点任务（附件2）"""

    queryset = KeyTask.objects.order_by("order")
    serializer_class = KeyTaskSerializer


def target_version_submit(*, data: dict, actor, note: str = "") -> TargetVersion:
    """A district's row for a year (待审核): its own district's editor, or the city on its behalf (the page's rule)."""
    district = data.pop("district", None)
    if actor is not None and not permissions.can_create_in(actor, TargetVersion, district):
        raise PermissionDenied("只有本地区填报员（或市级管理员）提交该地区的年度目标")
    return services.target_submit(year=data.pop("year"), district=district, reason=data.pop("reason", ""), data=data,
                                  actor=actor)


class TargetAdjustSerializer(serializers.ModelSerializer):
    class Meta:
        model = TargetVersion
        fields = ("year", "district", *services.TARGET_FIELDS, "reason")
        validators = []


class TargetVersionViewSet(WritableRestrictedViewSet):
    """年度目标版本：提交、退回、批准的全部记录（地区提交，市级退回、批准或直接调整）"""

    create_service = staticmethod(target_version_submit)
    delete_service = None
    queryset = TargetVersion.objects.order_by("-year", "district__order", "created_at", "id")
    serializer_class = TargetVersionSerializer
    filterset_fields = ("year", "district", "status")

    @extend_schema(request=ReturnSerializer, summary="退回（须填写原因，市级）")
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        return self.service_action(
            request, lambda row, data, actor: services.target_return(version=row, reason=data["return_reason"], actor=actor),
            input_serializer=ReturnSerializer, permission=None)

    @extend_schema(request=None, summary="批准（成为现行版本，市级）")
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self.service_action(request, lambda row, data, actor: services.target_approve(version=row, actor=actor),
                                   permission=None)

    @extend_schema(request=TargetAdjustSerializer, responses={201: TargetVersionSerializer, 200: TargetVersionSerializer},
                   summary="直接调整年度目标（市级，立即生效为新版本）")
    @action(detail=False, methods=["post"])
    def adjust(self, request):
        data = self.validated(request, TargetAdjustSerializer)
        version = through_service(services.target_adjust, year=data.pop("year"), district=data.pop("district", None),
                                  reason=data.pop("reason", ""), data=data, actor=request.user)
        if version is None:  # equal to the version in force: nothing written
            return Response({"detail": "与现行版本相同，未生成新版本"}, status=200)
        return Response(self.get_serializer(version).data, status=201)


class TaskAssignmentViewSet(RestrictedViewSet):
    """任务分工：每项重点任务的每个责任单位一条"""

    queryset = TaskAssignment.objects.order_by("-id")  # newest first; filter by task, district or department
    serializer_class = TaskAssignmentSerializer
    filterset_fields = ("task", "district", "department")


def progress_report_file(*, data: dict, actor, note: str = "") -> ProgressReport:
    return services.progress_report_create(actor=actor, **data)


def reports_on_any_assignment(user) -> bool:
    """Who files progress at all: a unit with an assignment of its own (the service checks the one reported on)."""
    return permissions.restrict(TaskAssignment.objects.all(), user, permissions.CHANGE).exists()


class ProgressReportViewSet(WritableRestrictedViewSet):
    """进展报告（责任单位报告本单位的任务分工）"""

    create_service = staticmethod(progress_report_file)
    create_allowed = staticmethod(reports_on_any_assignment)
    delete_service = None

    queryset = ProgressReport.objects.order_by("-reported_on", "-id")
    serializer_class = ProgressReportSerializer
    filterset_fields = ("assignment", "status")


class ActionPlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActionPlan
        exclude = ("document", "source_batch_id")


class PlanGoalSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanGoal
        fields = "__all__"
        validators = []  # one goal per plan and year: setting it again replaces the text (the service)


class PlanItemSerializer(RegisterSerializer):
    class Meta:
        model = PlanItem
        fields = "__all__"
        writable = ("plan", "focus", "unit", "deadline")


class ActionPlanViewSet(RestrictedViewSet):
    """三年行动计划（文件经页面下载）"""

    queryset = ActionPlan.objects.order_by("district__order")
    serializer_class = ActionPlanSerializer


def plan_goal_put(*, data: dict, actor, note: str = "") -> PlanGoal:
    return services.plan_goal_set(plan=data["plan"], year=data["year"], text=data["text"], actor=actor)


def plan_goal_change(*, goal: PlanGoal, data: dict, actor, note: str = "") -> PlanGoal:
    fixed(goal, data, "plan", "year")
    return services.plan_goal_set(plan=goal.plan, year=goal.year, text=data.get("text", goal.text), actor=actor)


def plan_item_add(*, data: dict, actor, note: str = "") -> PlanItem:
    return services.plan_item_create(plan=data["plan"], focus=data["focus"], unit=data["unit"],
                                     deadline=data.get("deadline"), actor=actor)


class PlanGoalViewSet(WritableRestrictedViewSet):
    """行动计划年度目标"""

    create_service = staticmethod(plan_goal_put)
    update_service = staticmethod(plan_goal_change)
    update_keyword = "goal"
    delete_service = None

    queryset = PlanGoal.objects.order_by("-id")
    serializer_class = PlanGoalSerializer
    filterset_fields = ("plan", "year")


class PlanItemViewSet(WritableRestrictedViewSet):
    """行动计划责任分工（新增后按重点任务报告进展）"""

    create_service = staticmethod(plan_item_add)
    delete_service = None

    queryset = PlanItem.objects.order_by("-id")
    serializer_class = PlanItemSerializer
    filterset_fields = ("plan",)
