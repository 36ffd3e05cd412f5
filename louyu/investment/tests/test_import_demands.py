"""招商需求 by file (`louyu import demands`): a good file is imported and linked to the registered enterprise;
a bad one is rejected whole, every bad row, column and reason in Chinese; a district imports only its own."""
import csv
import io

import pytest
from django.core.management import call_command

from louyu import factories as f
from louyu.intake.services import import_file
from louyu.investment.models import Demand

pytestmark = pytest.mark.django_db
HEADER = ["企业名称", "统一社会信用代码", "行业代码", "最小面积(㎡)", "最大面积(㎡)", "租金预算(元/㎡·天)", "意向地区", "需求来源"]


def _csv(path, rows):
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([HEADER, *rows])
    return str(path)


def test_a_demands_file_is_imported_linked_to_the_registered_enterprise_and_again_changes_nothing(tmp_path):
    firm = f.EnterpriseFactory(name="苏州已登记科技有限公司")
    path = _csv(tmp_path / "d.csv", [["苏州新来律师事务所", "", "L7231", "300", "600", "4.5", "姑苏区", "推荐"],
                                     [firm.name, firm.uscc, "", "1000", "1500", "", "", "商务局"]])
    call_command("import", "demands", path, stdout=(out := io.StringIO()))
    assert "新增 2" in out.getvalue()
    law = Demand.objects.get(enterprise_name="苏州新来律师事务所")
    assert (law.industry_id, law.district.name, law.origin) == ("7231", "姑苏区", "referral")
    assert Demand.objects.get(uscc=firm.uscc).enterprise == firm
    call_command("import", "demands", path, stdout=(again := io.StringIO()))
    assert "未变化 2" in again.getvalue()


def test_a_bad_demands_file_is_rejected_whole_with_every_reason_in_chinese(tmp_path):
    path = _csv(tmp_path / "bad.csv", [["好的需求公司", "", "", "300", "600", "", "姑苏区", ""],
                                       ["倒挂公司", "", "", "800", "500", "", "姑苏区", ""],
                                       ["火星公司", "91320500MA1234567X", "Z9999", "300", "600", "-1", "火星区", "路演"]])
    batch = import_file(kind="demands", path_or_file=path, actor=None)
    assert batch.status == "rejected" and not Demand.objects.exists()
    reasons = {(e["row"], e["column"]): e["reason"] for e in batch.errors}
    assert reasons[(3, "最大面积(㎡)")] == "最大面积不能小于最小面积"
    assert "未知地区" in reasons[(4, "意向地区")] and (4, "需求来源") in reasons and (4, "租金预算(元/㎡·天)") in reasons
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in reason) for reason in reasons.values())


def test_a_district_editor_imports_demands_for_its_own_district_only(tmp_path):
    path = _csv(tmp_path / "d.csv", [["吴中意向公司", "", "", "300", "600", "", "吴中区", ""], ["不限公司", "", "", "300", "600", "", "", ""]])
    batch = import_file(kind="demands", path_or_file=path, actor=f.district_editor("姑苏区"))
    assert batch.status == "rejected" and not Demand.objects.exists()
    assert [(e["row"], e["reason"]) for e in batch.errors] == [(2, "意向地区超出本人负责的地区（姑苏区）"),
                                                                (3, "意向地区超出本人负责的地区（姑苏区）")]
