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

# The event register (活动登记、议定事项)
from louyu.events.api import register as _register_events  # noqa: E402

_register_events(router)
# 评价督查 (published evaluations, inspections)
from louyu.evaluation.api import register as _register_evaluation  # noqa: E402

_register_evaluation(router)
# 政务服务进楼宇、楼宇党建
from louyu.servicepoints.api import register as _register_servicepoints  # noqa: E402

_register_servicepoints(router)
# 招商运营团队
from louyu.teams.api import register as _register_teams  # noqa: E402

_register_teams(router)

app_name = "api"
urlpatterns = router.urls
