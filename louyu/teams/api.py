"""REST API of the operation teams (read-only)."""
from rest_framework import serializers

from louyu.core.api import RestrictedViewSet

from .models import OperationTeam


class OperationTeamSerializer(serializers.ModelSerializer):
    class Meta:
        model = OperationTeam
        exclude = ("source_batch",)


class OperationTeamViewSet(RestrictedViewSet):
    """招商运营团队"""

    queryset = OperationTeam.objects.select_related("district").prefetch_related("buildings").order_by("pk")
    serializer_class = OperationTeamSerializer


def register(router) -> None:
    router.register("operation-teams", OperationTeamViewSet)
