"""A factory for every hand-written model: each builds a valid, saved row.

Reference tables (loaded by `louyu init`) and the indicator fact tables (written only by the engine)
have none on purpose: tests take the former from the loaded reference data and compute the latter."""
import pytest
from django.apps import apps

from louyu import factories as f

pytestmark = pytest.mark.django_db

FACTORIES = {
    "core.AuditEntry": f.AuditEntryFactory,
    "core.UserProfile": f.UserProfileFactory,
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
    "intake.ImportBatch": f.ImportBatchFactory,
    "matching.AddressMatch": f.AddressMatchFactory,
    "indicators.Alert": f.AlertFactory,
    "indicators.FeaturedRecognition": f.FeaturedRecognitionFactory,
    "web.ImportJob": f.ImportJobFactory,
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
