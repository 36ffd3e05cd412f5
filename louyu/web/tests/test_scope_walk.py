"""Every scoped model × every role: list, detail, edit, export and API agree with the role's scope."""
import pytest

from louyu import factories as f
from louyu.core.testing import ROLES, ScopedCase, walk


def _building(district):
    return f.BuildingFactory(district=district)


def _enterprise(district):
    return f.EnterpriseFactory(district=district)


CASES = [
    ScopedCase("楼宇", make=_building, marker=lambda r: r.code, building_of=lambda r: r,
               list_url="web:building_list", detail_url="web:building_detail", edit_url="web:building_edit", add_url="web:building_add",
               api_basename="building"),
    ScopedCase("新建楼宇项目", make=lambda d: f.NewBuildingProjectFactory(district=d), marker=lambda r: r.code,
               list_url="web:new_project_list", detail_url="web:new_project_detail", edit_url="web:new_project_edit", add_url="web:new_project_add",
               api_basename="newbuildingproject"),
    ScopedCase("存量楼宇改造提升", make=lambda d: f.RenovationProjectFactory(building=_building(d)), marker=lambda r: r.code,
               building_of=lambda r: r.building, list_url="web:renovation_list", detail_url="web:renovation_detail",
               edit_url="web:renovation_edit", add_url="web:renovation_add", api_basename="renovationproject"),
    ScopedCase("企业", make=_enterprise, marker=lambda r: r.uscc, list_url="web:enterprise_list",
               detail_url="web:enterprise_detail", edit_url="web:enterprise_edit", add_url="web:enterprise_add", api_basename="enterprise"),
    ScopedCase("入驻", make=lambda d: f.TenancyFactory(building=_building(d), enterprise=_enterprise(d)),
               marker=lambda r: str(r.pk), building_of=lambda r: r.building, api_basename="tenancy", operator_writable=True),
    ScopedCase("税收", make=lambda d: f.TaxRecordFactory(enterprise=_enterprise(d)), marker=lambda r: str(r.pk),
               api_basename="taxrecord"),
    ScopedCase("楼宇运营报告", make=lambda d: f.OperationReportFactory(building=_building(d)), marker=lambda r: str(r.pk),
               building_of=lambda r: r.building, api_basename="operationreport", operator_writable=True),
]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.label)
def test_each_role_sees_and_changes_only_rows_in_its_scope(client, case, role):
    assert walk(client, case, role) == []


def test_every_scoped_register_model_has_a_case():
    from django.apps import apps

    scoped = {
        m._meta.label for m in apps.get_models()
        if getattr(m, "scope_path", None) and m._meta.app_label in {"buildings", "enterprises"}
    } - {"enterprises.DistrictMove"}  # a work record, not a register: test_need_to_know_matrix walks it
    assert scoped == {
        "buildings.Building", "buildings.NewBuildingProject", "buildings.RenovationProject", "buildings.OperationReport",
        "enterprises.Enterprise", "enterprises.Tenancy", "enterprises.TaxRecord",
    }
    assert len(CASES) == len(scoped)
