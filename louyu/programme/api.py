"""API of 附件1 targets and 附件2 key tasks (read-only)."""
from rest_framework import serializers

from louyu.core.api import RestrictedViewSet

from .models import AnnualTarget, KeyTask


class AnnualTargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = AnnualTarget
        fields = "__all__"


class KeyTaskSerializer(serializers.ModelSerializer):
    class Meta:
        model = KeyTask
        fields = "__all__"


class AnnualTargetViewSet(RestrictedViewSet):
    """年度目标（附件1）"""

    queryset = AnnualTarget.objects.order_by("-year", "district__order")
    serializer_class = AnnualTargetSerializer
    filterset_fields = ("year", "district")


class KeyTaskViewSet(RestrictedViewSet):
    """重点任务（附件2）"""

    queryset = KeyTask.objects.order_by("order")
    serializer_class = KeyTaskSerializer
