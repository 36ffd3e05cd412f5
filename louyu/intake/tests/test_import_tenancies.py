import datetime as dt

import pytest

from louyu import factories
from louyu.enterprises.models import Tenancy, TenancyKind
from louyu.intake.models import ImportStatus
from louyu.intake.services import import_file

from .files import xlsx

pytestmark = pytest.mark.django_db
HEADER = ["统一社会信用代码", "楼宇编码", "楼层", "房号", "面积(㎡)", "入驻日期", "迁出日期", "入驻类型"]


@pytest.fixture
def place(db):
    return factories.EnterpriseFactory(), factories.BuildingFactory(code="GS001"), factories.BuildingFactory(code="GS002")


def run(tmp_path, rows, actor=None, **kw):
    return import_file(kind="tenancies", path_or_file=xlsx(tmp_path / "t.xlsx", [HEADER, *rows]), actor=actor, **kw)


def test_moving_out_on_the_30th_and_in_elsewhere_on_the_30th_is_not_an_overlap(tmp_path, place):
    firm, a, b = place
    batch = run(tmp_path, [[firm.uscc, "GS001", 3, "301", 100, "2020-01-01", "2023-06-30", "注册且办公"],
                           [firm.uscc, "GS002", 5, "501", 100, "2023-06-30", None, "注册且办公"]])
    assert batch.status == ImportStatus.COMMITTED, batch.errors
    assert Tenancy.objects.count() == 2


def test_registered_stays_of_one_enterprise_overlapping_in_the_file_are_errors_on_both_rows(tmp_path, place):
    firm, a, b = place
    batch = run(tmp_path, [[firm.uscc, "GS001", 3, "301", 100, "2020-01-01", "2023-07-01", "注册且办公"],
                           [firm.uscc, "GS002", 5, "501", 100, "2023-06-30", None, "仅注册"]])
    assert batch.status == ImportStatus.REJECTED and not Tenancy.objects.exists()
    assert [e["row"] for e in batch.errors] == [2, 3]
    assert "与第3行" in batch.errors[0]["reason"] and "重叠" in batch.errors[0]["reason"]


def test_an_overlap_with_a_registered_stay_in_another_building_in_the_register_is_an_error(tmp_path, place):
    firm, a, b = place
    factories.TenancyFactory(enterprise=firm, building=a, move_in=dt.date(2019, 1, 1), kind=TenancyKind.REGISTERED_ONLY)
    batch = run(tmp_path, [[firm.uscc, "GS002", 5, "501", 100, "2023-06-30", None, "注册且办公"]])
    assert batch.status == ImportStatus.REJECTED
    assert batch.errors[0]["reason"] == f"与该企业已登记的注册入驻时间重叠：{a.name}（GS001）2019-01-01 至 至今"


def test_being_present_without_registration_never_counts_as_an_overlap(tmp_path, place):
    firm, a, b = place
    factories.TenancyFactory(enterprise=firm, building=a, move_in=dt.date(2019, 1, 1), kind=TenancyKind.REGISTERED_PRESENT)
    batch = run(tmp_path, [[firm.uscc, "GS002", 5, "501", 100, "2021-01-01", None, "仅办公"]])
    assert batch.status == ImportStatus.COMMITTED, batch.errors


def test_a_file_that_closes_the_stored_stay_and_opens_the_next_one_is_accepted(tmp_path, place):
    firm, a, b = place
    factories.TenancyFactory(enterprise=firm, building=a, floor="3", room="301", area=100, move_in=dt.date(2020, 1, 1))
    batch = run(tmp_path, [[firm.uscc, "GS001", 3, "301", 100, "2020-01-01", "2023-06-30", "注册且办公"],
                           [firm.uscc, "GS002", 5, "501", 100, "2023-06-30", None, "注册且办公"]])
    assert (batch.status, batch.rows_updated, batch.rows_inserted) == (ImportStatus.COMMITTED, 1, 1), batch.errors
    assert Tenancy.objects.get(building=a).move_out == dt.date(2023, 6, 30)


def test_move_out_not_after_move_in_unknown_building_and_unknown_kind(tmp_path, place):
    firm, a, b = place
    batch = run(tmp_path, [[firm.uscc, "GS001", 3, "301", 100, "2020-01-01", "2020-01-01", "注册且办公"],
                           [firm.uscc, "XX999", 3, "301", 100, "2020-01-01", None, "注册且办公"],
                           [firm.uscc, "GS002", 3, "301", 100, "2020-01-01", None, "挂靠"]])
    reasons = {e["row"]: e["reason"] for e in batch.errors}
    assert reasons[2] == "迁出日期应晚于入驻日期"
    assert reasons[3] == "楼宇编码“XX999”不在楼宇名录中"
    assert reasons[4].startswith("取值无效，可选：注册且办公、仅注册、仅办公")


def test_a_registered_tenancy_moves_the_enterprise_to_the_buildings_district(tmp_path, place):
    firm, a, b = place
    park_building = factories.BuildingFactory(code="YQ001", district=factories.district("工业园区"))
    batch = run(tmp_path, [[firm.uscc, park_building.code, 3, "301", 100, "2020-01-01", None, "注册且办公"]])
    assert batch.status == ImportStatus.COMMITTED
    firm.refresh_from_db()
    assert firm.district.name == "工业园区"


def test_an_operator_imports_tenancies_of_their_own_buildings_only(tmp_path, place):
    firm, a, b = place
    operator = factories.user_with_role("operator", buildings=[a])
    batch = run(tmp_path, [[firm.uscc, "GS001", 3, "301", 100, "2020-01-01", None, "仅办公"],
                           [firm.uscc, "GS002", 3, "301", 100, "2020-01-01", None, "仅办公"]], actor=operator)
    assert batch.status == ImportStatus.REJECTED
    assert batch.errors == [{"row": 3, "column": "楼宇编码", "value": "GS002", "reason": "无权导入该楼宇的数据（不在本人负责的楼宇范围内）"}]
