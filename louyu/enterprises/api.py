"""API of enterprises, tenancies and tax records (read-only)."""
from rest_framework import serializers

from louyu.core.api import RestrictedViewSet

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


class EnterpriseViewSet(RestrictedViewSet):
    """企业"""

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
