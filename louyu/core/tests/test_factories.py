"""A factory for every model: each builds a valid, saved row."""
import pytest
from django.apps import apps

from louyu import factories as f

pytestmark = pytest.mark.django_db

FACTORIES = {
    "buildings.Building": f.BuildingFactory,
    "buildings.NewBuildingProject": f.NewBuildingProjectFactory,
    "buildings.RenovationProject": f.RenovationProjectFactory,
    "buildings.OperationReport": f.OperationReportFactory,
    "enterprises.Enterprise": f.EnterpriseFactory,
    "enterprises.Tenancy": f.TenancyFactory,
    "enterprises.TaxRecord": f.TaxRecordFactory,
    "programme.AnnualTarget": f.AnnualTargetFactory,
    "programme.KeyTask": f.KeyTaskFactory,
}


@pytest.mark.parametrize("label", sorted(FACTORIES))
def test_factory_builds_a_valid_saved_row(label):
    obj = FACTORIES[label]()
    obj.full_clean()
    assert apps.get_model(label).objects.filter(pk=obj.pk).exists()


def test_every_register_model_has_a_factory():
    registers = {"buildings", "enterprises", "programme"}
    models = {m._meta.label for m in apps.get_models() if m._meta.app_label in registers}
    missing = models - set(FACTORIES) - {"enterprises.IndustryCode", "enterprises.FeaturedCategory"}
    assert not missing, f"models without a factory: {missing}"
