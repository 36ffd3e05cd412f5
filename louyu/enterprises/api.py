"""API of enterprises, tenancies and tax records: reads restricted, writes through the same services as the forms
and imports (a tenancy moves its enterprise's district only as those services allow)."""
from rest_framework import serializers

from louyu.core.api import RestrictedViewSet, WritableRestrictedViewSet, fixed

from . import services
from .filters import EnterpriseFilterSet, TaxRecordFilterSet, TenancyFilterSet
from .models import Enterprise, IndustryCode, TaxRecord, Tenancy


class EnterpriseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Enterprise
        exclude = ("source_batch_id",)


class TenancySerializer(serializers.ModelSerializer):
    class Meta:
        model = Tenancy
        exclude = ("source_batch_id",)


class TaxRecordSerializer(serializers.ModelSerializer):
    class Meta:
        model = TaxRecord
        exclude = ("source_batch_id",)
        validators = []  # one row per enterprise and month: a POST of an existing month corrects it (the upsert)


class IndustryCodeSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndustryCode
        fields = "__all__"


class EnterpriseViewSet(WritableRestrictedViewSet):
    """企业"""

    create_service = staticmethod(services.enterprise_create)
    update_service = staticmethod(services.enterprise_update)
    update_keyword = "enterprise"
    queryset = Enterprise.objects.order_by("pk")
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilterSet


class TenancyViewSet(WritableRestrictedViewSet):
    """入驻"""

    create_service = staticmethod(services.tenancy_create)
    update_service = staticmethod(services.tenancy_update)
    update_keyword = "tenancy"
    delete_service = None  # a tenancy ends with its move-out date (the district and attribution follow from it)

    queryset = Tenancy.objects.order_by("pk")
    serializer_class = TenancySerializer
    filterset_class = TenancyFilterSet


def tax_record_put(*, data: dict, actor, note: str = "") -> TaxRecord:
    """POST: the enterprise-month's tax, created or corrected (the correction service, `tax_record_upsert`)."""
    enterprise, period = data.pop("enterprise"), data.pop("period")
    return services.tax_record_upsert(enterprise=enterprise, period=period, actor=actor, note=note, **data)[0]


def tax_record_correct(*, record: TaxRecord, data: dict, actor, note: str = "") -> TaxRecord:
    """PUT/PATCH: the month's figures; which enterprise and month a record is cannot change."""
    fixed(record, data, "enterprise", "period")
    data.setdefault("total_tax", record.total_tax)
    return services.tax_record_upsert(enterprise=record.enterprise, period=record.period, actor=actor, note=note, **data)[0]


class TaxRecordViewSet(WritableRestrictedViewSet):
    """税收记录（全口径，元）"""

    create_service = staticmethod(tax_record_put)
    update_service = staticmethod(tax_record_correct)
    update_keyword = "record"

    queryset = TaxRecord.objects.order_by("pk")
    serializer_class = TaxRecordSerializer
    filterset_class = TaxRecordFilterSet


class IndustryCodeViewSet(RestrictedViewSet):
    """国民经济行业分类（GB/T 4754-2017）"""

    queryset = IndustryCode.objects.order_by("code")
    serializer_class = IndustryCodeSerializer
    filterset_fields = ("level", "section")
