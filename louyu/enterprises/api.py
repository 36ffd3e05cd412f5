"""API of enterprises, tenancies and tax records: reads restricted; enterprises written through their services."""
from rest_framework import serializers

from louyu.core.api import RestrictedViewSet, WritableRestrictedViewSet

from . import services
from .filters import EnterpriseFilterSet, TaxRecordFilterSet, TenancyFilterSet
from .models import Enterprise, IndustryCode, TaxRecord, Tenancy


class EnterpriseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Enterprise
        exclude = ("source_batch",)


class TenancySerializer(serializers.ModelSerializer):
    class Meta:
        model = Tenancy
        exclude = ("source_batch",)


class TaxRecordSerializer(serializers.ModelSerializer):
    class Meta:
        model = TaxRecord
        exclude = ("source_batch",)


class IndustryCodeSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndustryCode
        fields = "__all__"


class EnterpriseViewSet(WritableRestrictedViewSet):
    """企业"""

    create_service = staticmethod(services.enterprise_create)
    update_service = staticmethod(lambda obj, **kw: services.enterprise_update(enterprise=obj, **kw))
    queryset = Enterprise.objects.order_by("pk")
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilterSet


class TenancyViewSet(RestrictedViewSet):
    """入驻"""

    queryset = Tenancy.objects.order_by("pk")
    serializer_class = TenancySerializer
    filterset_class = TenancyFilterSet


class TaxRecordViewSet(RestrictedViewSet):
    """税收记录（全口径，元）"""

    queryset = TaxRecord.objects.order_by("pk")
    serializer_class = TaxRecordSerializer
    filterset_class = TaxRecordFilterSet


class IndustryCodeViewSet(RestrictedViewSet):
    """国民经济行业分类（GB/T 4754-2017）"""

    queryset = IndustryCode.objects.order_by("code")
    serializer_class = IndustryCodeSerializer
    filterset_fields = ("level", "section")
