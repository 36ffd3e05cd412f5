"""REST API of the operation teams: written through their services (the form's rules and audit); the city's
recognition of a team (优秀楼宇招商运营团队) is a POST action."""
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action

from louyu.core.api import RegisterSerializer, WritableRestrictedViewSet

from . import services
from .models import OperationTeam, TeamRecognition


class OperationTeamSerializer(RegisterSerializer):
    class Meta:
        model = OperationTeam
        exclude = ("source_batch_id",)
        writable = ("name", "company", "district", "contacts", "buildings", "source", "verification")


class TeamRecognitionSerializer(serializers.ModelSerializer):
    class Meta:
        model = TeamRecognition
        fields = ("id", "team", "year", "recognised_on", "note")
        read_only_fields = ("team",)
        validators = []  # once a year: the service says so in Chinese


class OperationTeamViewSet(WritableRestrictedViewSet):
    """招商运营团队"""

    create_service = staticmethod(services.operation_team_create)
    update_service = staticmethod(services.operation_team_update)
    update_keyword = "operation_team"
    queryset = OperationTeam.objects.select_related("district").prefetch_related("buildings").order_by("pk")
    serializer_class = OperationTeamSerializer

    @extend_schema(request=TeamRecognitionSerializer, responses={201: TeamRecognitionSerializer}, summary="认定优秀招商运营团队（市级）")
    @action(detail=True, methods=["post"])
    def recognise(self, request, pk=None):
        return self.service_action(
            request, lambda row, data, actor: services.team_recognise(team=row, actor=actor, **data),
            input_serializer=TeamRecognitionSerializer, output_serializer=TeamRecognitionSerializer, permission=None,
            output_status=201)


def register(router) -> None:
    router.register("operation-teams", OperationTeamViewSet)
