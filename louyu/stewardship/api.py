"""REST API of 楼长制: stewards and enterprise requests written through their services (the forms' rules and
audit); resolving a request and the enterprise's confirmation are POST actions."""
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action

from louyu.core.api import RegisterSerializer, WritableRestrictedViewSet

from . import services
from .models import BuildingSteward, EnterpriseRequest


class BuildingStewardSerializer(RegisterSerializer):
    steward_username = serializers.CharField(source="steward.username", read_only=True)

    class Meta:
        model = BuildingSteward
        exclude = ("source_batch_id",)
        writable = ("building", "steward", "steward_title", "operator_contact", "operator_phone", "since")


class EnterpriseRequestSerializer(RegisterSerializer):
    class Meta:
        model = EnterpriseRequest
        exclude = ("source_batch_id",)
        writable = ("building", "enterprise_name", "category", "summary", "received_on", "department", "assignee", "due_on",
                    "status", "resolution", "resolved_on")


class ResolveSerializer(serializers.Serializer):
    resolution = serializers.CharField(label="办理结果", max_length=300)


class BuildingStewardViewSet(WritableRestrictedViewSet):
    """楼长"""

    create_service = staticmethod(services.steward_create)
    update_service = staticmethod(services.steward_update)
    update_keyword = "steward"
    queryset = BuildingSteward.objects.select_related("steward").order_by("pk")
    serializer_class = BuildingStewardSerializer
    filterset_fields = ["building"]


class EnterpriseRequestViewSet(WritableRestrictedViewSet):
    """企业诉求"""

    create_service = staticmethod(services.enterprise_request_create)
    update_service = staticmethod(services.enterprise_request_update)
    update_keyword = "request"
    queryset = EnterpriseRequest.objects.order_by("pk")
    serializer_class = EnterpriseRequestSerializer
    filterset_fields = ["building", "status", "category"]

    @extend_schema(request=ResolveSerializer, summary="办结")
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        return self.service_action(
            request, lambda row, data, actor: services.enterprise_request_resolve(request=row, actor=actor, **data),
            input_serializer=ResolveSerializer)

    @extend_schema(request=None, summary="企业确认办结")
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        return self.service_action(
            request, lambda row, data, actor: services.enterprise_request_confirm(request=row, actor=actor))


def register(router) -> None:
    router.register("building-stewards", BuildingStewardViewSet)
    router.register("enterprise-requests", EnterpriseRequestViewSet)
