"""API of districts and streets (read-only reference data)."""
from rest_framework import serializers

from louyu.core.api import RestrictedViewSet

from .models import District, Street


class DistrictSerializer(serializers.ModelSerializer):
    class Meta:
        model = District
        fields = "__all__"


class StreetSerializer(serializers.ModelSerializer):
    class Meta:
        model = Street
        fields = "__all__"


class DistrictViewSet(RestrictedViewSet):
    """地区"""

    queryset = District.objects.order_by("order")
    serializer_class = DistrictSerializer


class StreetViewSet(RestrictedViewSet):
    """街道/镇"""

    queryset = Street.objects.order_by("district__order", "name")
    serializer_class = StreetSerializer
    filterset_fields = ("district",)
