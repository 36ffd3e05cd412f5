"""The REST API's router: each app's viewsets, every one restricted by louyu.core.permissions."""
from rest_framework.routers import DefaultRouter

from louyu.buildings.api import BuildingViewSet, NewBuildingProjectViewSet, OperationReportViewSet, RenovationProjectViewSet
from louyu.enterprises.api import EnterpriseViewSet, IndustryCodeViewSet, TaxRecordViewSet, TenancyViewSet
from louyu.geo.api import DistrictViewSet, StreetViewSet
from louyu.intake.api import ImportBatchViewSet
from louyu.programme.api import (ActionPlanViewSet, AnnualTargetViewSet, KeyTaskViewSet, PlanGoalViewSet, PlanItemViewSet,
                                 ProgressReportViewSet, TargetVersionViewSet, TaskAssignmentViewSet)

router = DefaultRouter()
router.register("districts", DistrictViewSet)
router.register("streets", StreetViewSet)
router.register("buildings", BuildingViewSet)
router.register("new-projects", NewBuildingProjectViewSet)
router.register("renovations", RenovationProjectViewSet)
router.register("operation-reports", OperationReportViewSet)
router.register("enterprises", EnterpriseViewSet)
router.register("tenancies", TenancyViewSet)
router.register("tax-records", TaxRecordViewSet)
router.register("industry-codes", IndustryCodeViewSet)
router.register("annual-targets", AnnualTargetViewSet)
router.register("key-tasks", KeyTaskViewSet)
router.register("imports", ImportBatchViewSet, basename="import")

# 招商 (investment)
from louyu.investment.api import register as _register_investment  # noqa: E402

_register_investment(router)

# 楼长制 (stewardship)
from louyu.stewardship.api import register as _register_stewardship  # noqa: E402

_register_stewardship(router)

app_name = "api"
urlpatterns = router.urls
