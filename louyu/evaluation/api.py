"""REST API of 评价督查 (read-only)."""
from rest_framework import serializers

from louyu.core.api import RestrictedViewSet

from .filters import InspectionFilterSet
from .models import Evaluation, Inspection


class InspectionSerializer(serializers.ModelSerializer):
    subject = serializers.CharField(read_only=True)

    class Meta:
        model = Inspection
        exclude = ("source_batch",)


class EvaluationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evaluation
        fields = ("id", "year", "version", "months", "weights", "results", "published_at", "note")


class InspectionViewSet(RestrictedViewSet):
    """督查记录"""

    queryset = Inspection.objects.select_related("district").order_by("pk")
    serializer_class = InspectionSerializer
    filterset_class = InspectionFilterSet


class EvaluationViewSet(RestrictedViewSet):
    """已发布的地区评价（冻结版本）"""

    queryset = Evaluation.objects.order_by("pk")
    serializer_class = EvaluationSerializer


def register(router) -> None:
    router.register("inspections", InspectionViewSet)
    router.register("evaluations", EvaluationViewSet)
