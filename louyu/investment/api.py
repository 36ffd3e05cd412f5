"""REST API of 招商 (read-only; writes go through the pages → services), each queryset restricted."""
from rest_framework import serializers

from louyu.core.api import RestrictedViewSet

from .filters import DemandFilterSet, LeadFilterSet, VacantUnitFilterSet
from .models import Demand, Lead, VacantUnit


class VacantUnitSerializer(serializers.ModelSerializer):
    building_name = serializers.CharField(source="building.name", read_only=True)

    class Meta:
        model = VacantUnit
        exclude = ("source_batch", "photo", "floor_plan")


class DemandSerializer(serializers.ModelSerializer):
    class Meta:
        model = Demand
        exclude = ("source_batch",)


class LeadSerializer(serializers.ModelSerializer):
    class Meta:
        model = Lead
        exclude = ("source_batch",)


class VacantUnitViewSet(RestrictedViewSet):
    """可招商空间"""

    queryset = VacantUnit.objects.select_related("building").order_by("pk")
    serializer_class = VacantUnitSerializer
    filterset_class = VacantUnitFilterSet


class DemandViewSet(RestrictedViewSet):
    """招商需求"""

    queryset = Demand.objects.order_by("pk")
    serializer_class = DemandSerializer
    filterset_class = DemandFilterSet


class LeadViewSet(RestrictedViewSet):
    """招商线索"""

    queryset = Lead.objects.order_by("pk")
    serializer_class = LeadSerializer
    filterset_class = LeadFilterSet


def register(router) -> None:
    router.register("vacant-units", VacantUnitViewSet)
    router.register("demands", DemandViewSet)
    router.register("leads", LeadViewSet)
