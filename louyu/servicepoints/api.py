"""REST API of 政务服务进楼宇 and 楼宇党建: written through their services (the forms' rules and audit); a
service point's monthly 办件量 is a POST action."""
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action

from louyu.core.api import RegisterSerializer, WritableRestrictedViewSet

from . import services
from .models import PartyOrganisation, ServicePoint, ServiceVolume


class ServicePointSerializer(RegisterSerializer):
    class Meta:
        model = ServicePoint
        exclude = ("source_batch_id",)
        writable = ("name", "building", "opened_on", "services", "has_self_service_terminal", "source", "verification")


class PartyOrganisationSerializer(RegisterSerializer):
    class Meta:
        model = PartyOrganisation
        exclude = ("source_batch_id",)
        writable = ("name", "kind", "building", "lead_unit", "members", "community", "founded_on", "source", "verification")


class ServiceVolumeSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceVolume
        fields = ("id", "point", "period", "transactions", "self_service")
        read_only_fields = ("point",)
        validators = []  # one row per point and month: a later report of the month replaces it (the service)


class ServicePointViewSet(WritableRestrictedViewSet):
    """政务服务点"""

    create_service = staticmethod(services.service_point_create)
    update_service = staticmethod(services.service_point_update)
    update_keyword = "service_point"
    queryset = ServicePoint.objects.select_related("building__district").prefetch_related("services").order_by("pk")
    serializer_class = ServicePointSerializer

    @extend_schema(request=ServiceVolumeSerializer, responses={200: ServiceVolumeSerializer}, summary="报送月度办件量")
    @action(detail=True, methods=["post"])
    def volumes(self, request, pk=None):
        return self.service_action(
            request, lambda row, data, actor: services.service_volume_record(point=row, actor=actor, **data),
            input_serializer=ServiceVolumeSerializer, output_serializer=ServiceVolumeSerializer)


class PartyOrganisationViewSet(WritableRestrictedViewSet):
    """楼宇党组织"""

    create_service = staticmethod(services.party_organisation_create)
    update_service = staticmethod(services.party_organisation_update)
    update_keyword = "party_organisation"
    queryset = PartyOrganisation.objects.select_related("building__district").order_by("pk")
    serializer_class = PartyOrganisationSerializer


def register(router) -> None:
    router.register("service-points", ServicePointViewSet)
    router.register("party-organisations", PartyOrganisationViewSet)
