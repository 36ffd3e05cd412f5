"""Issue 12's findings 1–5 and 12, each as it was reproduced: enterprise tax is a taxpayer secret, read on
a need-to-know basis, and no district changes what belongs to another."""
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from louyu import factories as f
from louyu.core import permissions
from louyu.enterprises.models import TaxRecord
from louyu.intake.services import import_file
from louyu.intake.tests.files import xlsx

from .conftest import compute_facts

pytestmark = pytest.mark.django_db
TENANCY_HEADER = ["统一社会信用代码", "楼宇编码", "楼层", "房号", "面积(㎡)", "入驻日期", "迁出日期", "入驻类型"]


def _taxed_tenant(building, months=(1, 2, 3), year=2024):
    tenancy = f.TenancyFactory(building=building, enterprise=f.EnterpriseFactory(district=building.district))
    for month in months:
        f.TaxRecordFactory(enterprise=tenancy.enterprise, period=dt.date(year, month, 1))
    return tenancy.enterprise


@pytest.fixture
def two_districts(db):
    """A 姑苏区 and a 吴中区 building, each with two taxed tenants, and the facts computed."""
    gusu = f.BuildingFactory(district=f.district("姑苏区"))
    wuzhong = f.BuildingFactory(district=f.district("吴中区"))
    tenants = {"gusu": [_taxed_tenant(gusu) for _ in range(2)], "wuzhong": [_taxed_tenant(wuzhong) for _ in range(2)]}
    compute_facts()
    return {"gusu": gusu, "wuzhong": wuzhong, "tenants": tenants}


# --- finding 1: a cross-district write through a tenancy import ------------------------------------------


def test_a_district_tenancy_import_does_not_move_another_districts_enterprise_or_its_tax_history(tmp_path):
    from louyu.enterprises.models import DistrictMove, MoveStatus
    from louyu.enterprises.services import district_move_decide

    park = f.BuildingFactory(district=f.district("工业园区"), code="YQ001")
    f.BuildingFactory(district=f.district("姑苏区"), code="GS001")
    firm = f.EnterpriseFactory(district=f.district("工业园区"))
    f.TenancyFactory(enterprise=firm, building=park, move_in=dt.date(2020, 1, 1), move_out=dt.date(2024, 1, 1))
    for period in (dt.date(2023, 11, 1), dt.date(2023, 12, 1), dt.date(2024, 1, 1), dt.date(2024, 2, 1)):
        f.TaxRecordFactory(enterprise=firm, period=period)
    editor, admin = f.district_editor("姑苏区"), f.city_admin()

    path = xlsx(tmp_path / "入驻.xlsx", [TENANCY_HEADER, [firm.uscc, "GS001", 3, "301", 100, "2024-01-01", None, "注册且办公"]])
    batch = import_file(kind="tenancies", path_or_file=path, actor=editor)
    assert batch.status == "committed", batch.errors

    firm.refresh_from_db()
    assert firm.district.name == "工业园区"  # not moved by the import
    move = DistrictMove.objects.get(enterprise=firm)
    assert any(f"跨地区迁移申请（#{move.pk}）" in w["reason"] for w in batch.warnings)
    assert (move.status, move.from_district.name, move.to_district.name, move.requested_by) == (
        MoveStatus.PENDING, "工业园区", "姑苏区", editor)
    # Its 工业园区 history is not 姑苏区's: only the months attributed to the 姑苏区 building are.
    seen = set(permissions.restrict(TaxRecord.objects.filter(enterprise=firm), editor, "view").values_list("period", flat=True))
    assert seen == {dt.date(2024, 1, 1), dt.date(2024, 2, 1)}

    district_move_decide(move=move, approve=True, actor=admin, note="核实无误")
    firm.refresh_from_db()
    assert firm.district.name == "姑苏区"
    seen = set(permissions.restrict(TaxRecord.objects.filter(enterprise=firm), editor, "view").values_list("period", flat=True))
    assert seen == {dt.date(2024, 1, 1), dt.date(2024, 2, 1)}  # approval moves the enterprise, not its history
    park_editor = f.district_editor("工业园区")
    seen = set(permissions.restrict(TaxRecord.objects.filter(enterprise=firm), park_editor, "view").values_list("period", flat=True))
    assert seen == {dt.date(2023, 11, 1), dt.date(2023, 12, 1)}
    from louyu.core.models import AuditEntry

    notes = set(AuditEntry.objects.filter(object_id__in=[str(move.pk), str(firm.pk)]).values_list("note", flat=True))
    assert {"注册入驻将使企业迁入其他地区，提交市级审批", "批准跨地区迁移"} <= notes


def test_only_a_city_administrator_decides_a_district_move(tmp_path):
    from louyu.enterprises.models import DistrictMove
    from louyu.enterprises.services import district_move_decide

    firm = f.EnterpriseFactory(district=f.district("工业园区"))
    move = DistrictMove.objects.create(enterprise=firm, from_district=firm.district, to_district=f.district("姑苏区"))
    with pytest.raises(PermissionDenied):
        district_move_decide(move=move, approve=True, actor=f.district_editor("姑苏区"))
    district_move_decide(move=move, approve=False, actor=f.city_admin(), note="地址不符")
    firm.refresh_from_db()
    assert firm.district.name == "工业园区"


def test_the_city_approves_a_move_on_its_page(client):
    from louyu.enterprises.models import DistrictMove

    firm = f.EnterpriseFactory(district=f.district("工业园区"))
    move = DistrictMove.objects.create(enterprise=firm, from_district=firm.district, to_district=f.district("姑苏区"))
    client.force_login(f.district_editor("姑苏区"))
    assert client.post(reverse("web:district_move_decide", args=[move.pk]), {"decision": "approve"}).status_code == 403
    client.force_login(f.city_admin())
    page = client.get(reverse("web:district_moves"))
    assert page.status_code == 200 and firm.name in page.content.decode()
    response = client.post(reverse("web:district_move_decide", args=[move.pk]), {"decision": "approve", "note": "同意"})
    assert response.status_code == 302
    firm.refresh_from_db()
    assert firm.district.name == "姑苏区"


# --- finding 2: operators read tenants' monthly tax --------------------------------------------------------


def test_an_operator_cannot_read_tenants_tax_rows_nor_see_them_ranked_by_tax(client, two_districts):
    building = two_districts["gusu"]
    client.force_login(f.user_with_role("operator", buildings=[building]))
    assert client.get(reverse("web:building_tax_rows", args=[building.pk]), {"year": 2024}).status_code == 403
    page = client.get(reverse("web:building_detail", args=[building.pk]), {"year": 2024})
    assert page.status_code == 200
    body = page.content.decode()
    assert "税收排名" not in body
    assert "tax-rows" not in body  # no link from the building's chart to the tax records behind it
    assert client.get(reverse("web:building_why", args=[building.pk]), {"year": 2024}).context["why"]["top_enterprises"] == []


# --- finding 3: every department user reads all tax records ------------------------------------------------


def test_a_department_other_than_the_tax_bureau_reads_no_tax_records(client, two_districts):
    client.force_login(f.user_with_role("department", department="市资源规划局"))
    assert client.get(reverse("api:taxrecord-list")).json()["count"] == 0
    client.force_login(f.user_with_role("department", department="市税务局"))
    assert client.get(reverse("api:taxrecord-list")).json()["count"] == TaxRecord.objects.count() > 0


# --- finding 4: other districts' per-building tax; building facts readable by every role ----------------


def test_another_districts_page_shows_its_buildings_without_their_tax(client, two_districts):
    client.force_login(f.district_editor("姑苏区"))
    other = client.get(reverse("web:district_detail", args=[f.district("吴中区").pk]), {"year": 2024})
    assert other.status_code == 200
    assert all(row["fact_cells"] == [] for row in other.context["key_buildings"])
    own = client.get(reverse("web:district_detail", args=[f.district("姑苏区").pk]), {"year": 2024})
    assert any(row["fact_cells"] for row in own.context["key_buildings"])


@pytest.mark.parametrize("model_name", ["BuildingYear", "BuildingMonth", "BuildingIndustryYear", "TaxpayerYear"])
def test_building_level_facts_are_read_only_in_scope(two_districts, model_name):
    from louyu.indicators import models

    model = getattr(models, model_name)
    rows = model.objects.all()
    gusu, wuzhong = two_districts["gusu"], two_districts["wuzhong"]
    assert rows.filter(building=wuzhong).exists()
    assert {r.building_id for r in permissions.restrict(rows, f.district_editor("姑苏区"), "view")} == {gusu.pk}
    assert not permissions.restrict(rows, f.user_with_role("department", department="市资源规划局"), "view").exists()
    operator = f.user_with_role("operator", buildings=[gusu])
    expected = set() if model_name == "TaxpayerYear" else {gusu.pk}  # an operator never reads a tenant's tax
    assert {r.building_id for r in permissions.restrict(rows, operator, "view")} == expected


# --- finding 5: enterprise names by id; imports the page hides -------------------------------------------


def test_the_tax_rows_page_does_not_name_an_enterprise_of_another_district(client, two_districts):
    stranger = two_districts["tenants"]["wuzhong"][0]
    client.force_login(f.district_editor("姑苏区"))
    response = client.get(reverse("web:building_tax_rows", args=[two_districts["gusu"].pk]), {"year": 2024, "enterprise": stranger.pk})
    assert response.status_code == 404
    assert stranger.name not in response.content.decode()


def test_the_import_page_its_error_report_and_the_api_agree_on_an_operators_import(client):
    building = f.BuildingFactory()
    operator, other = (f.user_with_role("operator", buildings=[building]) for _ in range(2))
    batch = f.ImportBatchFactory(kind="operations", actor=operator, actor_label=operator.username,
                                 errors=[{"row": 3, "column": "period", "value": "x", "reason": "所属期格式不对"}])
    client.force_login(operator)
    assert batch.file_name in client.get(reverse("web:import_history")).content.decode()
    assert client.get(reverse("web:import_errors", args=[batch.pk])).status_code == 200
    assert batch.pk in [b["id"] for b in client.get(reverse("api:import-list")).json()["results"]]
    assert client.get(reverse("api:import-errors", args=[batch.pk])).status_code == 200
    client.force_login(other)
    assert batch.file_name not in client.get(reverse("web:import_history")).content.decode()
    assert client.get(reverse("web:import_errors", args=[batch.pk])).status_code == 404
    assert batch.pk not in [b["id"] for b in client.get(reverse("api:import-list")).json()["results"]]
    assert client.get(reverse("api:import-errors", args=[batch.pk])).status_code == 404


# --- finding 12: what the fuzzer found --------------------------------------------------------------------


@pytest.mark.parametrize("query", [{"completed_year": "0.0"}, {"completed_year": "0"}, {"building": "1e30"}])
def test_a_malformed_number_in_an_api_filter_is_a_400_not_a_500(admin_client, query):
    api = "api:renovationproject-list" if "completed_year" in query else "api:tenancy-list"
    response = admin_client.get(reverse(api), query)
    assert response.status_code == 400, response.content


def test_the_import_history_api_schema_names_every_kind_a_batch_may_have(admin_client):
    from louyu.demo.loader import BATCH_KIND

    f.ImportBatchFactory(kind=BATCH_KIND)
    schema = admin_client.get(reverse("api-schema"), {"format": "json"}).json()
    enums = [s.get("enum", []) for s in schema["components"]["schemas"].values()]
    kinds = {b["kind"] for b in admin_client.get(reverse("api:import-list")).json()["results"]}
    assert any(kinds <= set(e) and "tax" in e for e in enums), kinds


def test_the_city_decides_a_move_from_the_command_line():
    from django.core.management import CommandError, call_command

    from louyu.enterprises.models import DistrictMove

    move = f.DistrictMoveFactory()
    editor, admin = f.district_editor("姑苏区"), f.city_admin()
    with pytest.raises(CommandError, match="市级管理员"):
        call_command("district_moves", "--approve", str(move.pk), "--user", editor.username)
    call_command("district_moves", "--reject", str(move.pk), "--user", admin.username, "--note", "地址不符")
    move.refresh_from_db()
    assert move.status == "rejected" and move.note == "地址不符" and move.decided_by == admin
    assert DistrictMove.objects.get(pk=move.pk).enterprise.district.name == "工业园区"


def test_a_district_imports_no_tax_of_months_attributed_to_another_district(tmp_path):
    park = f.BuildingFactory(district=f.district("工业园区"))
    gusu = f.BuildingFactory(district=f.district("姑苏区"))
    firm = f.EnterpriseFactory(district=f.district("姑苏区"))  # moved in from 工业园区 (approved)
    f.TenancyFactory(enterprise=firm, building=park, move_in=dt.date(2020, 1, 1), move_out=dt.date(2024, 1, 1))
    f.TenancyFactory(enterprise=firm, building=gusu, move_in=dt.date(2024, 1, 1))
    rows = [["统一社会信用代码", "所属期", "全口径税收(元)"], [firm.uscc, "2023-12", 1], [firm.uscc, "2024-01", 2]]
    batch = import_file(kind="tax", path_or_file=xlsx(tmp_path / "税收.xlsx", rows), actor=f.district_editor("姑苏区"))
    assert batch.status == "rejected" and not TaxRecord.objects.exists()
    assert [(e["row"], e["reason"]) for e in batch.errors] == [
        (2, "该月税收归属工业园区（企业当时在该地区注册入驻），超出本人负责的地区（姑苏区）")]
    batch = import_file(kind="tax", path_or_file=xlsx(tmp_path / "税收2.xlsx", [rows[0], rows[2]]), actor=f.district_editor("姑苏区"))
    assert batch.status == "committed", batch.errors
