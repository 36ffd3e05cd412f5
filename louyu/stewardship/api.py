"""REST API of 楼长制 (read-only), every queryset restricted."""
from rest_framework import serializers

from louyu.core.api import RestrictedViewSet

from .models import BuildingSteward, EnterpriseRequest


class BuildingStewardSerializer(serializers.ModelSerializer):
    steward_username = serializers.CharField(source="steward.username", read_only=True)

    class Meta:
        model = BuildingSteward
        exclude = ("source_batch",)


class EnterpriseRequestSerializer(serializers.ModelSerializer):
    class Meta:
        model = EnterpriseRequest
        exclude = ("source_batch",)


class BuildingStewardViewSet(RestrictedViewSet):
    """楼长"""

    queryset = BuildingSteward.objects.select_related("steward").order_by("pk")
    serializer_class = BuildingStewardSerializer
    filterset_fields = ["building"]


class EnterpriseRequestViewSet(RestrictedViewSet):
    """企业诉求"""

    queryset = EnterpriseRequest.objects.order_by("pk")
    serializer_class = EnterpriseRequestSerializer
    filterset_fields = ["building", "status", "category"]


def register(router) -> None:
    router.register("building-stewards", BuildingStewardViewSet)
    router.register("enterprise-requests", EnterpriseRequestViewSet)
