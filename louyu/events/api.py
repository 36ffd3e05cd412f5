"""REST API of the event register (read-only; writes go through pages and imports → services)."""
from rest_framework import serializers

from louyu.core.api import RestrictedViewSet

from .filters import EventFilterSet
from .models import Event, Resolution


class ResolutionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Resolution
        fields = ("id", "event", "content", "owner", "deadline", "status", "progress", "completed_on")


class EventSerializer(serializers.ModelSerializer):
    region = serializers.CharField(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Event
        exclude = ("source_batch",)


class EventViewSet(RestrictedViewSet):
    """活动登记（推介活动、联席会议、发展大会、行业会议、蓝皮书发布）"""

    queryset = Event.objects.select_related("district").order_by("pk")
    serializer_class = EventSerializer
    filterset_class = EventFilterSet


class ResolutionViewSet(RestrictedViewSet):
    """联席会议议定事项"""

    queryset = Resolution.objects.select_related("event__district").order_by("pk")
    serializer_class = ResolutionSerializer


def register(router) -> None:
    router.register("events", EventViewSet)
    router.register("event-resolutions", ResolutionViewSet)
