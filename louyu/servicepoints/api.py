"""REST API of 政务服务进楼宇 and 楼宇党建 (read-only)."""
from rest_framework import serializers

from louyu.core.api import RestrictedViewSet

from .models import PartyOrganisation, ServicePoint


class ServicePointSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServicePoint
        exclude = ("source_batch",)


class PartyOrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = PartyOrganisation
        exclude = ("source_batch",)


class ServicePointViewSet(RestrictedViewSet):
    """政务服务点"""

    queryset = ServicePoint.objects.select_related("building__district").prefetch_related("services").order_by("pk")
    serializer_class = ServicePointSerializer


class PartyOrganisationViewSet(RestrictedViewSet):
    """楼宇党组织"""

    queryset = PartyOrganisation.objects.select_related("building__district").order_by("pk")
    serializer_class = PartyOrganisationSerializer


def register(router) -> None:
    router.register("service-points", ServicePointViewSet)
    router.register("party-organisations", PartyOrganisationViewSet)
