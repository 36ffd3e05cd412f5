"""REST API of 招商: vacant units, demands and leads written through their services (the forms' rules, audit and
refresh), each queryset restricted. Confirming a listing and moving a lead on (签约 creates the tenancy through
the enterprise services) are POST actions."""
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action

from louyu.core import services as core_services
from louyu.core.api import RegisterSerializer, WritableRestrictedViewSet, fixed
from louyu.enterprises.models import TenancyKind

from . import services
from .filters import DemandFilterSet, LeadFilterSet, VacantUnitFilterSet
from .models import Demand, Lead, LeadStage, VacantUnit


class VacantUnitSerializer(RegisterSerializer):
    building_name = serializers.CharField(source="building.name", read_only=True)

    class Meta:
        model = VacantUnit
        exclude = ("source_batch_id", "photo", "floor_plan")  # attachments: through the page (checked uploads)
        writable = ("building", "floor", "unit", "area", "asking_rent", "fit_out", "available_from", "divisible", "note")


class DemandSerializer(RegisterSerializer):
    class Meta:
        model = Demand
        exclude = ("source_batch_id",)
        writable = ("enterprise_name", "uscc", "industry", "area_min", "area_max", "budget_rent", "district", "move_in_by",
                    "contact_name", "contact_phone", "origin", "note")


class LeadSerializer(RegisterSerializer):
    class Meta:
        model = Lead
        exclude = ("source_batch_id",)
        writable = ("demand", "unit", "notes")  # stages, dates and the tenancy are the `advance` step's


class LeadAdvanceSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(label="推进到", choices=[c for c in LeadStage.choices if c[0] != LeadStage.CLUE])
    on = serializers.DateField(label="日期", required=False)
    note = serializers.CharField(label="跟进记录", required=False, default="", allow_blank=True)
    reason = serializers.CharField(label="流失原因", required=False, default="", allow_blank=True, max_length=200)
    uscc = serializers.CharField(label="统一社会信用代码（签约时，新企业必填）", required=False, default="", allow_blank=True,
                                 max_length=18)
    kind = serializers.ChoiceField(label="入驻类型（签约时）", choices=TenancyKind.choices, required=False,
                                   default=TenancyKind.REGISTERED_PRESENT)


class VacantUnitViewSet(WritableRestrictedViewSet):
    """可招商空间"""

    create_service = staticmethod(services.vacant_unit_create)
    update_service = staticmethod(services.vacant_unit_update)
    update_keyword = "vacant_unit"
    queryset = VacantUnit.objects.select_related("building").order_by("pk")
    serializer_class = VacantUnitSerializer
    filterset_class = VacantUnitFilterSet

    @extend_schema(request=None, summary="确认仍可招商")
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        return self.service_action(request, lambda row, data, actor: services.vacant_unit_confirm(vacant_unit=row, actor=actor))


class DemandViewSet(WritableRestrictedViewSet):
    """招商需求"""

    create_service = staticmethod(services.demand_create)
    update_service = staticmethod(services.demand_update)
    update_keyword = "demand"
    queryset = Demand.objects.order_by("pk")
    serializer_class = DemandSerializer
    filterset_class = DemandFilterSet


def lead_start(*, data: dict, actor, note: str = "") -> Lead:
    return services.lead_create(demand=data["demand"], unit=data["unit"], notes=data.get("notes", ""), actor=actor)


def lead_notes(*, lead: Lead, data: dict, actor, note: str = "") -> dict:
    fixed(lead, data, "demand", "unit")
    return core_services.object_update(obj=lead, data=data, actor=actor, note=note)


class LeadViewSet(WritableRestrictedViewSet):
    """招商线索（阶段经 advance 推进：线索 → 对接 → 看房 → 意向 → 签约 / 流失）"""

    create_service = staticmethod(lead_start)
    update_service = staticmethod(lead_notes)
    update_keyword = "lead"
    delete_service = None  # the pipeline's history: a lead ends as 签约 or 流失, it is not deleted
    queryset = Lead.objects.order_by("pk")
    serializer_class = LeadSerializer
    filterset_class = LeadFilterSet

    @extend_schema(request=LeadAdvanceSerializer, summary="推进线索阶段（签约时建立入驻）")
    @action(detail=True, methods=["post"])
    def advance(self, request, pk=None):
        return self.service_action(
            request, lambda row, data, actor: services.lead_advance(lead=row, actor=actor, **data),
            input_serializer=LeadAdvanceSerializer)


def register(router) -> None:
    router.register("vacant-units", VacantUnitViewSet)
    router.register("demands", DemandViewSet)
    router.register("leads", LeadViewSet)
