"""The REST API's router: each app's viewsets, every one restricted by louyu.core.permissions."""
import importlib
import importlib.util

from rest_framework.routers import DefaultRouter

from louyu.buildings.api import BuildingViewSet, NewBuildingProjectViewSet, OperationReportViewSet, RenovationProjectViewSet
from louyu.enterprises.api import EnterpriseViewSet, IndustryCodeViewSet, TaxRecordViewSet, TenancyViewSet
from louyu.geo.api import DistrictViewSet, StreetViewSet
from louyu.programme.api import AnnualTargetViewSet, KeyTaskViewSet

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

# Apps built in parallel (indicators, matching, intake …) register their own viewsets with `register(router)`
# in their api.py; an app without one is simply not in the API yet.
for _module in ("louyu.indicators.api", "louyu.matching.api", "louyu.intake.api"):
    if importlib.util.find_spec(_module) is None:
        continue
    _app_api = importlib.import_module(_module)
    if hasattr(_app_api, "register"):
        _app_api.register(router)

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
