"""API of the building registers: reads restricted, writes through the same services as the forms."""
from rest_framework import serializers

from louyu.core.api import WritableRestrictedViewSet

from . import services
from .filters import BuildingFilterSet, NewBuildingProjectFilterSet, OperationReportFilterSet, RenovationProjectFilterSet
from .models import Building, NewBuildingProject, OperationReport, RenovationProject


class BuildingSerializer(serializers.ModelSerializer):
    district_name = serializers.CharField(source="district.name", read_only=True)

    class Meta:
        model = Building
        exclude = ("source_batch_id",)


class NewBuildingProjectSerializer(serializers.ModelSerializer):
    class Meta:
        model = NewBuildingProject
        exclude = ("source_batch_id",)


class RenovationProjectSerializer(serializers.ModelSerializer):
    class Meta:
        model = RenovationProject
        exclude = ("source_batch_id",)


class OperationReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = OperationReport
        exclude = ("source_batch_id",)


class BuildingViewSet(WritableRestrictedViewSet):
    """楼宇（重点楼宇名录）"""

    create_service = staticmethod(services.building_create)
    update_service = staticmethod(services.building_update)
    update_keyword = "building"
    queryset = Building.objects.select_related("district").order_by("pk")
    serializer_class = BuildingSerializer
    filterset_class = BuildingFilterSet


class NewBuildingProjectViewSet(WritableRestrictedViewSet):
    """新建楼宇项目"""

    create_service = staticmethod(services.new_building_project_create)
    update_service = staticmethod(services.new_building_project_update)
    update_keyword = "new_building_project"
    queryset = NewBuildingProject.objects.order_by("pk")
    serializer_class = NewBuildingProjectSerializer
    filterset_class = NewBuildingProjectFilterSet


class RenovationProjectViewSet(WritableRestrictedViewSet):
    """存量楼宇改造提升项目"""

    create_service = staticmethod(services.renovation_project_create)
    update_service = staticmethod(services.renovation_project_update)
    update_keyword = "renovation_project"

    queryset = RenovationProject.objects.order_by("pk")
    serializer_class = RenovationProjectSerializer
    filterset_class = RenovationProjectFilterSet


class OperationReportViewSet(WritableRestrictedViewSet):
    """楼宇运营报告（运营方报送本楼宇的，区报送本区的）"""

    create_service = staticmethod(services.operation_report_create)
    update_service = staticmethod(services.operation_report_update)
    update_keyword = "operation_report"

    queryset = OperationReport.objects.order_by("pk")
    serializer_class = OperationReportSerializer
    filterset_class = OperationReportFilterSet
