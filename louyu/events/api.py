"""REST API of the event register: reads restricted, writes through the event services (the forms' and the
import's rules, audit and the 推介活动 refresh)."""
from rest_framework import serializers

from louyu.core.api import RegisterSerializer, WritableRestrictedViewSet, fixed

from . import services
from .filters import EventFilterSet
from .models import Event, Resolution


class ResolutionSerializer(RegisterSerializer):
    class Meta:
        model = Resolution
        fields = ("id", "event", "content", "owner", "deadline", "status", "progress", "completed_on")
        writable = fields


class EventSerializer(RegisterSerializer):
    region = serializers.CharField(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Event
        exclude = ("source_batch_id",)
        writable = ("name", "kind", "district", "held_on", "organiser", "participants", "signed_projects",
                    "intended_projects", "signed_amount", "topics", "note", "source", "verification")


class EventViewSet(WritableRestrictedViewSet):
    """活动登记（推介活动、联席会议、发展大会、行业会议、蓝皮书发布）"""

    create_service = staticmethod(services.event_create)
    update_service = staticmethod(services.event_update)
    delete_service = staticmethod(services.event_delete)
    update_keyword = "event"
    queryset = Event.objects.select_related("district").order_by("pk")
    serializer_class = EventSerializer
    filterset_class = EventFilterSet


def resolution_add(*, data: dict, actor, note: str = "") -> Resolution:
    return services.resolution_create(event=data.pop("event"), data=data, actor=actor)


def resolution_change(*, resolution: Resolution, data: dict, actor, note: str = "") -> dict:
    fixed(resolution, data, "event")
    return services.resolution_update(resolution=resolution, data=data, actor=actor)


class ResolutionViewSet(WritableRestrictedViewSet):
    """联席会议议定事项"""

    create_service = staticmethod(resolution_add)
    update_service = staticmethod(resolution_change)
    update_keyword = "resolution"
    delete_service = None  # a 议定事项 is tracked to its end, like a key task, not deleted
    queryset = Resolution.objects.select_related("event__district").order_by("pk")
    serializer_class = ResolutionSerializer


def register(router) -> None:
    router.register("events", EventViewSet)
    router.register("event-resolutions", ResolutionViewSet)
