"""REST API of 评价督查: inspections written through their services (the form's rules and audit); the subject
reports its rectification as a POST action; published evaluations are read-only."""
from rest_framework import serializers
from rest_framework.decorators import action
from drf_spectacular.utils import extend_schema

from louyu.core.api import RegisterSerializer, RestrictedViewSet, WritableRestrictedViewSet

from . import services
from .filters import InspectionFilterSet
from .models import Evaluation, Inspection, InspectionFollowUp


class InspectionSerializer(RegisterSerializer):
    subject = serializers.CharField(read_only=True)

    class Meta:
        model = Inspection
        exclude = ("source_batch_id",)
        writable = ("inspected_on", "district", "department", "policy_item", "findings", "requirement", "deadline", "status",
                    "source", "verification")


class FollowUpSerializer(serializers.ModelSerializer):
    class Meta:
        model = InspectionFollowUp
        fields = ("id", "inspection", "reported_on", "content")
        read_only_fields = ("inspection",)


class EvaluationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evaluation
        fields = ("id", "year", "version", "months", "weights", "results", "published_at", "note")


class InspectionViewSet(WritableRestrictedViewSet):
    """督查记录"""

    create_service = staticmethod(services.inspection_create)
    update_service = staticmethod(services.inspection_update)
    update_keyword = "inspection"
    queryset = Inspection.objects.select_related("district").order_by("pk")
    serializer_class = InspectionSerializer
    filterset_class = InspectionFilterSet

    @extend_schema(request=FollowUpSerializer, responses={201: FollowUpSerializer}, summary="报告整改情况")
    @action(detail=True, methods=["post"], url_path="follow-ups")
    def follow_ups(self, request, pk=None):
        return self.service_action(
            request, lambda row, data, actor: services.follow_up_add(inspection=row, actor=actor, **data),
            input_serializer=FollowUpSerializer, output_serializer=FollowUpSerializer, output_status=201)


class EvaluationViewSet(RestrictedViewSet):
    """已发布的地区评价（冻结版本）"""

    queryset = Evaluation.objects.order_by("pk")
    serializer_class = EvaluationSerializer


def register(router) -> None:
    router.register("inspections", InspectionViewSet)
    router.register("evaluations", EvaluationViewSet)
