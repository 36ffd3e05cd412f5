"""A factory for every hand-written model: each builds a valid, saved row.

Reference tables (loaded by `louyu init`) and the indicator fact tables (written only by the engine)
have none on purpose: tests take the former from the loaded reference data and compute the latter."""
import pytest
from django.apps import apps

from louyu import factories as f

pytestmark = pytest.mark.django_db

FACTORIES = {
    "core.AuditEntry": f.AuditEntryFactory,
    "accounts.UserProfile": f.UserProfileFactory,
    "geo.Street": f.StreetFactory,
    "buildings.Building": f.BuildingFactory,
    "buildings.NewBuildingProject": f.NewBuildingProjectFactory,
    "buildings.RenovationProject": f.RenovationProjectFactory,
    "buildings.OperationReport": f.OperationReportFactory,
    "enterprises.Enterprise": f.EnterpriseFactory,
    "enterprises.Tenancy": f.TenancyFactory,
    "enterprises.TaxRecord": f.TaxRecordFactory,
    "programme.AnnualTarget": f.AnnualTargetFactory,
    "programme.KeyTask": f.KeyTaskFactory,
    "programme.TargetVersion": f.TargetVersionFactory,
    "programme.TaskAssignment": f.TaskAssignmentFactory,
    "programme.ProgressReport": f.ProgressReportFactory,
    "programme.ActionPlan": f.ActionPlanFactory,
    "programme.PlanGoal": f.PlanGoalFactory,
    "programme.PlanItem": f.PlanItemFactory,
    "intake.ImportBatch": f.ImportBatchFactory,
    "matching.AddressMatch": f.AddressMatchFactory,
    "indicators.Alert": f.AlertFactory,
    "indicators.FeaturedRecognition": f.FeaturedRecognitionFactory,
    "investment.VacantUnit": f.VacantUnitFactory,
    "investment.Demand": f.DemandFactory,
    "investment.Lead": f.LeadFactory,
    "stewardship.BuildingSteward": f.BuildingStewardFactory,
    "stewardship.EnterpriseRequest": f.EnterpriseRequestFactory,
    "jobs.Job": f.JobFactory,
    # the event register (louyu.events)
    "events.Event": f.EventFactory,
    "events.EventAttachment": f.EventAttachmentFactory,
    "events.Resolution": f.ResolutionFactory,
    # 评价督查 (louyu.evaluation)
    "evaluation.Evaluation": f.EvaluationFactory,
    "evaluation.Inspection": f.InspectionFactory,
    "evaluation.InspectionFollowUp": f.InspectionFollowUpFactory,
    # 政务服务进楼宇、楼宇党建 (louyu.servicepoints)
    "servicepoints.GovernmentService": f.GovernmentServiceFactory,
    "servicepoints.ServicePoint": f.ServicePointFactory,
    "servicepoints.ServiceVolume": f.ServiceVolumeFactory,
    "servicepoints.PartyOrganisation": f.PartyOrganisationFactory,
    # 招商运营团队 (louyu.teams)
    "teams.OperationTeam": f.OperationTeamFactory,
    "teams.TeamRecognition": f.TeamRecognitionFactory,
    "core.LoginThrottle": f.LoginThrottleFactory,
    "core.PasswordChange": f.PasswordChangeFactory,
    "core.ApiToken": f.ApiTokenFactory,
    "enterprises.DistrictMove": f.DistrictMoveFactory,
}
REFERENCE = {"geo.District", "enterprises.IndustryCode", "enterprises.FeaturedCategory"}


def engine_tables() -> set[str]:
    written_by_people = {"indicators.Alert", "indicators.FeaturedRecognition"}
    return {m._meta.label for m in apps.get_app_config("indicators").get_models()} - written_by_people


@pytest.mark.parametrize("label", sorted(FACTORIES))
def test_factory_builds_a_valid_saved_row(label):
    obj = FACTORIES[label].create()
    obj.full_clean()
    assert apps.get_model(label).objects.filter(pk=obj.pk).exists()


def test_every_hand_written_model_has_a_factory():
    models = {m._meta.label for m in apps.get_models() if m.__module__.startswith("louyu.")}
    missing = models - set(FACTORIES) - REFERENCE - engine_tables()
    assert not missing, f"models without a factory: {missing}"
