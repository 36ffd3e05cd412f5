"""An exported file re-imports to the identical state, for every kind and both formats."""
import datetime as dt
from decimal import Decimal

import pytest

from louyu import factories
from louyu.buildings.models import Building, NewBuildingProject, OperationReport, RenovationProject
from louyu.core import audit
from louyu.core.models import Verification
from louyu.enterprises.models import Enterprise, TaxRecord, Tenancy, TenancyKind
from louyu.intake.export import export_file
from louyu.intake.kinds import KINDS
from louyu.intake.models import ImportStatus
from louyu.intake.services import import_file
from louyu.investment.models import VacantUnit

pytestmark = pytest.mark.django_db

MODELS = {"buildings": Building, "enterprises": Enterprise, "tenancies": Tenancy, "tax": TaxRecord,
          "operations": OperationReport, "new_projects": NewBuildingProject, "renovations": RenovationProject,
          "vacant_units": VacantUnit}
# kind → (field, a different value) used to disturb the stored state before re-importing the export
DISTURB = {"buildings": ("name", "被改动的名称"), "enterprises": ("employees", 9999), "tenancies": ("room", "9999"),
           "tax": ("total_tax", Decimal("1.00")), "operations": ("present_count", 1), "new_projects": ("parcel", "改动"),
           "renovations": ("content", "改动"), "vacant_units": ("note", "改动")}
# The event register (louyu.events)
from louyu.events.models import Event  # noqa: E402

MODELS["events"] = Event
DISTURB["events"] = ("organiser", "改动")
from louyu.evaluation.models import Inspection  # noqa: E402

MODELS["inspections"] = Inspection
DISTURB["inspections"] = ("findings", "改动")
# 招商需求 and 楼长 (louyu.investment, louyu.stewardship)
from louyu.investment.models import Demand  # noqa: E402
from louyu.stewardship.models import BuildingSteward  # noqa: E402

MODELS["demands"], MODELS["stewards"] = Demand, BuildingSteward
DISTURB["demands"], DISTURB["stewards"] = ("contact_phone", "改动"), ("steward_title", "改动")


@pytest.fixture
def register(db):
    park = factories.district("工业园区")
    a = factories.BuildingFactory(code="GS-001", name="苏州中心（一期）", aliases=["苏州中心", "SZ Center"], towers=["A座", "B座"],
                                  longitude=Decimal("120.622512"), latitude=Decimal("31.298601"), is_key=True,
                                  ownership_type="state", holding="strata", owner="甲置业", verification=Verification.VERIFIED)
    b = factories.BuildingFactory(code="YQ-002", district=park, gross_area=None, office_area=Decimal("0.50"), floors_above=None,
                                  completion_year=None, status="planned")
    firm = factories.EnterpriseFactory(registered_capital=Decimal("1234.5678"), employees=12, is_listed=True)
    other = factories.EnterpriseFactory(industry=None, district=park, established_on=None, registered_address="")
    factories.TenancyFactory(enterprise=firm, building=a, move_in=dt.date(2020, 1, 1), move_out=dt.date(2022, 6, 30))
    factories.TenancyFactory(enterprise=firm, building=b, move_in=dt.date(2022, 6, 30), area=None, kind=TenancyKind.REGISTERED_ONLY)
    factories.TenancyFactory(enterprise=other, building=b, move_in=dt.date(2021, 3, 1), kind=TenancyKind.PRESENT_ONLY)
    factories.TaxRecordFactory(enterprise=firm, period=dt.date(2023, 1, 1), total_tax=Decimal("12345678.91"),
                               breakdown={"增值税": "10000000.00", "企业所得税": "2345678.91"})
    factories.TaxRecordFactory(enterprise=other, period=dt.date(2023, 2, 1), total_tax=Decimal("-12.30"))
    factories.OperationReportFactory(building=a, period=dt.date(2023, 11, 1))
    factories.OperationReportFactory(building=b, period=dt.date(2023, 12, 1), average_rent=None, present_count=None)
    factories.NewBuildingProjectFactory(code="XJ-1", district=park, building=b, progress_percent=30)
    factories.NewBuildingProjectFactory(code="XJ-2", start_date=None, expected_completion=None, total_investment=None)
    factories.RenovationProjectFactory(code="GZ-1", building=a, status="completed", completion_date=dt.date(2023, 9, 30), is_demonstration=True)
    factories.RenovationProjectFactory(code="GZ-2", building=b, investment=None)
    factories.VacantUnitFactory(building=a, floor="B1", unit="", asking_rent=None, divisible=True, fit_out="full")
    factories.VacantUnitFactory(building=b, floor="12", unit="1201", status="stale", confirmed_on=dt.date(2023, 10, 1))
    factories.EventFactory(name="全市楼宇经济联席会议", kind="joint_meeting", district=None, held_on=dt.date(2023, 6, 20),
                           topics="楼宇招商；产权分割", signed_projects=None, participants=None)
    factories.EventFactory(name="园区推介会", district=park, held_on=dt.date(2023, 5, 6), signed_amount=Decimal("12000.50"),
                           intended_projects=4, note="含线上")
    factories.InspectionFactory(district=park)
    factories.InspectionFactory(district=None, department="市住建局", policy_item="三(三) 推动存量提升", deadline=None, requirement="")
    factories.DemandFactory(enterprise_name="苏州新来律师事务所", district=park, industry=factories.industry("7231"),
                            budget_rent=None, move_in_by=dt.date(2024, 9, 1), origin="referral", note="靠近地铁")
    factories.DemandFactory(enterprise_name="不限地区科技有限公司", district=None, uscc=firm.uscc, enterprise=firm)
    factories.BuildingStewardFactory(building=a, steward_title="街道副主任")
    factories.BuildingStewardFactory(building=b, operator_contact="", operator_phone="")
    for model in MODELS.values():  # every official record says where it came from
        if any(f.name == "source" for f in model._meta.fields):
            model.objects.update(source="区商务局2023年调查")
    Building.objects.filter(code="YQ-002").update(verification=Verification.DOUBTFUL)


def state(model):
    return {obj.pk: audit.field_values(obj) for obj in model.objects.all()}


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
# targets are versioned (a re-import changes nothing and is skipped): louyu/programme/tests/test_import_targets.py;
# accounts are only created by a file, never updated
@pytest.mark.parametrize("kind", [k for k in KINDS if k not in ("targets", "users")])
def test_an_exported_file_reimports_to_the_identical_state(tmp_path, register, kind, fmt):
    model = MODELS[kind]
    before = state(model)
    path = tmp_path / f"{kind}.{fmt}"
    assert export_file(kind=kind, user=None, output=path) == len(before) > 0
    again = import_file(kind=kind, path_or_file=path, actor=None)
    assert again.status == ImportStatus.COMMITTED, again.errors
    assert (again.rows_inserted, again.rows_updated, again.rows_unchanged) == (0, 0, len(before))
    field, value = DISTURB[kind]
    model.objects.update(**{field: value})
    restored = import_file(kind=kind, path_or_file=path, actor=None)
    assert restored.rows_updated == len(before), restored.errors
    after = state(model)
    for values in after.values():
        values.pop("source_batch_id", None)
    assert after == before


def test_export_honours_what_the_user_may_see(tmp_path, register):
    path = tmp_path / "b.csv"
    assert export_file(kind="buildings", user=factories.district_editor("工业园区"), output=path) == 1
    assert "YQ-002" in path.read_text(encoding="utf-8-sig") and "GS-001" not in path.read_text(encoding="utf-8-sig")


# The registers of 三(四)/三(五) that higher apps register as kinds: service points (with their services),
# monthly counts, party organisations, operation teams (with their buildings) and 议定事项.
from louyu.events.models import Resolution  # noqa: E402
from louyu.servicepoints.models import PartyOrganisation, ServicePoint, ServiceVolume  # noqa: E402
from louyu.teams.models import OperationTeam  # noqa: E402

MODELS.update(service_points=ServicePoint, service_volumes=ServiceVolume, party_organisations=PartyOrganisation,
              operation_teams=OperationTeam, resolutions=Resolution)
DISTURB.update(service_points=("has_self_service_terminal", True), service_volumes=("transactions", 999),
               party_organisations=("lead_unit", "改动"), operation_teams=("contacts", "改动"), resolutions=("owner", "改动"))


@pytest.fixture(autouse=True)
def mechanism_registers(register):
    a, b = Building.objects.get(code="GS-001"), Building.objects.get(code="YQ-002")
    point = factories.ServicePointFactory(name="中心政务服务站", building=a, opened_on=None)
    point.services.set([factories.GovernmentServiceFactory(code="S1", name="企业开办"),
                        factories.GovernmentServiceFactory(code="S2", name="社保登记", self_service=False)])
    factories.ServicePointFactory(name="园区服务点", building=b, has_self_service_terminal=False)
    factories.ServiceVolumeFactory(point=point, period=dt.date(2023, 5, 1), transactions=300, self_service=0)
    factories.ServiceVolumeFactory(point=point, period=dt.date(2023, 6, 1))
    factories.PartyOrganisationFactory(name="中心联合党支部", building=a, community="姑苏楼宇党建共同体", founded_on=dt.date(2022, 7, 1))
    factories.PartyOrganisationFactory(name="园区功能型党支部", building=b, kind="functional", members=3)
    team = factories.OperationTeamFactory(name="中心运营团队")
    team.buildings.set([a, b])
    factories.OperationTeamFactory(name="园区运营团队", district=b.district, contacts="")
    meeting = Event.objects.get(name="全市楼宇经济联席会议")
    factories.ResolutionFactory(event=meeting, content="产权分割试点", deadline=None)
    factories.ResolutionFactory(event=meeting, status="done", completed_on=dt.date(2023, 6, 28), progress="已印发办法")
    for model in (ServicePoint, PartyOrganisation, OperationTeam):
        model.objects.update(source="区商务局2023年调查")


def test_a_team_file_sets_the_buildings_it_runs(tmp_path):
    """运营楼宇 is a list of codes: a re-import with a changed list changes the team's buildings (audited)."""
    team = OperationTeam.objects.get(name="中心运营团队")
    path = tmp_path / "teams.csv"
    path.write_text("团队名称,所属公司,所在地区,运营楼宇\n中心运营团队,苏州楼宇运营管理有限公司,姑苏区,GS-001\n", encoding="utf-8")
    batch = import_file(kind="operation_teams", path_or_file=path, actor=None)
    assert batch.status == ImportStatus.COMMITTED, batch.errors
    assert batch.rows_updated == 1
    assert sorted(team.buildings.values_list("code", flat=True)) == ["GS-001"]
