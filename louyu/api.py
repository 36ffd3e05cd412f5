"""The REST API's router: each app's viewsets, every one restricted by louyu.core.permissions."""
from rest_framework.routers import DefaultRouter

from louyu.buildings.api import BuildingViewSet, NewBuildingProjectViewSet, OperationReportViewSet, RenovationProjectViewSet
from louyu.enterprises.api import EnterpriseViewSet, IndustryCodeViewSet, TaxRecordViewSet, TenancyViewSet
from louyu.evaluation.api import register as evaluation_register
from louyu.events.api import register as events_register
from louyu.geo.api import DistrictViewSet, StreetViewSet
from louyu.intake.api import ImportBatchViewSet
from louyu.investment.api import register as investment_register
from louyu.jobs.api import JobViewSet
from louyu.programme.api import (ActionPlanViewSet, AnnualTargetViewSet, KeyTaskViewSet, PlanGoalViewSet, PlanItemViewSet,
                                 ProgressReportViewSet, TargetVersionViewSet, TaskAssignmentViewSet)
from louyu.servicepoints.api import register as servicepoints_register
from louyu.stewardship.api import register as stewardship_register
from louyu.teams.api import register as teams_register

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
router.register("target-versions", TargetVersionViewSet)
router.register("task-assignments", TaskAssignmentViewSet)
router.register("progress-reports", ProgressReportViewSet)
router.register("action-plans", ActionPlanViewSet)
router.register("plan-goals", PlanGoalViewSet)
router.register("plan-items", PlanItemViewSet)
for app_register in (investment_register, stewardship_register, events_register, evaluation_register,
                     servicepoints_register, teams_register):
    app_register(router)  # 招商, 楼长制, 活动登记, 评价督查, 政务服务与党建, 招商运营团队
router.register("jobs", JobViewSet)  # an import submitted through /api/imports/ is followed here

app_name = "api"
urlpatterns = router.urls
