import datetime as dt
from decimal import Decimal

import pytest

from louyu import factories
from louyu.buildings.models import NewBuildingProject, OperationReport, RenovationProject
from louyu.enterprises.models import Enterprise
from louyu.intake.models import ImportStatus
from louyu.intake.services import import_file

from .files import xlsx

pytestmark = pytest.mark.django_db


def test_enterprises_with_yes_no_marks_industry_codes_and_capital_in_yuan(tmp_path):
    uscc = factories.next_uscc()
    path = xlsx(tmp_path / "e.xlsx", [
        ["统一社会信用代码", "企业名称", "行业代码", "成立日期", "注册资本(元)", "从业人数", "是否总部", "是否上市", "是否高新技术企业"],
        [uscc, "苏州甲律师事务所", "L 7231 律师及相关法律服务", 43101, "1,000,000", 25, "Y", "N", "√"],
        [factories.next_uscc(), "乙公司", "9999", "2018年1月1日", 10, 1, "否", "否", "否"],
    ])
    batch = import_file(kind="enterprises", path_or_file=path, actor=None, valid_rows_only=True)
    assert batch.errors == [{"row": 3, "column": "行业代码", "value": "9999", "reason": "行业代码“9999”不在国民经济行业分类（GB/T 4754-2017）中"}]
    firm = Enterprise.objects.get(uscc=uscc)
    assert firm.industry_id == "7231" and firm.established_on == dt.date(2018, 1, 1)
    assert firm.registered_capital == Decimal("100.0000") and firm.is_headquarters and not firm.is_listed and firm.is_high_tech


def test_a_district_editors_new_enterprise_belongs_to_their_district(tmp_path):
    uscc = factories.next_uscc()
    path = xlsx(tmp_path / "e.xlsx", [["统一社会信用代码", "企业名称"], [uscc, "苏州丙有限公司"]])
    batch = import_file(kind="enterprises", path_or_file=path, actor=factories.district_editor("吴中区"))
    assert batch.status == ImportStatus.COMMITTED, batch.errors
    assert Enterprise.objects.get(uscc=uscc).district.name == "吴中区"


def test_operation_reports_leased_area_may_not_exceed_leasable(tmp_path):
    building = factories.BuildingFactory(code="GS001")
    path = xlsx(tmp_path / "o.xlsx", [
        ["楼宇编码", "所属期", "可租面积(㎡)", "已租面积(㎡)", "平均租金(元/㎡·天)", "入驻企业数"],
        ["GS001", "2023年12月", 1000, 800, 3.2, 40],
        ["GS001", "2023-11", 1000, 1200, 3.2, 40],
    ])
    batch = import_file(kind="operations", path_or_file=path, actor=None, valid_rows_only=True)
    assert batch.errors == [{"row": 3, "column": "已租面积(㎡)", "value": "1200.00", "reason": "已租面积（1200.00）不能大于可租面积（1000.00）"}]
    report = OperationReport.objects.get()
    assert (report.building, report.period, report.average_rent) == (building, dt.date(2023, 12, 1), Decimal("3.20"))


def test_new_building_projects_with_investment_in_yi_yuan(tmp_path):
    path = xlsx(tmp_path / "p.xlsx", [
        ["项目编码", "项目名称", "所属地区", "总投资（亿元）", "开工日期", "预计竣工日期", "进度", "形象进度(%)"],
        ["XJ001", "丁中心", "高新区", 12.5, "2023-03-01", "2025-12-31", "在建", 45],
        ["XJ002", "戊中心", "高新区", 1, "2023-03-01", "2022-12-31", "在建", 145],
    ])
    batch = import_file(kind="new_projects", path_or_file=path, actor=None, valid_rows_only=True)
    assert {(e["row"], e["reason"]) for e in batch.errors} == {(3, "数值过大（最大100）")}
    project = NewBuildingProject.objects.get()
    assert project.total_investment == Decimal("1250000000.00") and project.district.name == "虎丘区"


def test_renovations_completed_need_a_completion_date(tmp_path):
    factories.BuildingFactory(code="GS001")
    path = xlsx(tmp_path / "r.xlsx", [
        ["项目编码", "楼宇编码", "改造内容", "投资(万元)", "开工日期", "完工日期", "状态", "是否示范项目"],
        ["GZ001", "GS001", "外立面改造", 1200, "2023-02-01", "2023-10-31", "已完工", "是"],
        ["GZ002", "GS001", "电梯更新", 300, "2023-02-01", None, "已完工", "否"],
    ])
    batch = import_file(kind="renovations", path_or_file=path, actor=None, valid_rows_only=True)
    assert [(e["row"], e["reason"]) for e in batch.errors] == [(3, "状态为“已完工”时必须填写完工日期")]
    project = RenovationProject.objects.get()
    assert project.investment == Decimal("12000000.00") and project.is_demonstration
