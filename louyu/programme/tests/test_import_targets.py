"""`louyu import targets PATH`: the intake machinery, with versions — a district's file is a submission, the
city's (or a system import's) is approved at once as the next version; bad rows reject the whole file."""
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from louyu import factories as f
from louyu.intake.services import import_file
from louyu.intake.templates import template_workbook
from louyu.intake.tests.files import xlsx
from louyu.programme.models import AnnualTarget, TargetStatus, TargetVersion

pytestmark = pytest.mark.django_db

HEADER = ["年度", "地区", "商务办公1万㎡以上楼宇数量", "新增亿元楼宇", "累计亿元楼宇", "新增特色产业楼宇", "改造存量楼宇",
          "举办楼宇推介活动", "调整说明"]


def test_the_template_has_year_district_the_six_annex1_columns_and_the_reason():
    sheet = template_workbook("targets").worksheets[0]
    assert [c.value for c in sheet[1]] == HEADER


def test_a_system_import_is_approved_at_once_and_a_year_with_versions_gets_the_next(tmp_path):
    path = xlsx(tmp_path / "2024目标.xlsx", [HEADER, [2024, "姑苏区", 21, 1, 4, 1, 1, 6, ""], [2023, "姑苏区", 20, 2, 4, 1, 1, 6, "年中调整"]])
    out = StringIO()
    call_command("import", "targets", str(path), stdout=out)
    assert AnnualTarget.objects.get(year=2024, district__name="姑苏区").version == 1
    adjusted = AnnualTarget.objects.get(year=2023, district__name="姑苏区")
    assert (adjusted.version, adjusted.new_100m) == (2, 2)
    assert TargetVersion.objects.get(year=2023, district__name="姑苏区", number=2).reason == "年中调整"
    again = import_file(kind="targets", path_or_file=path, actor=None)  # the same file again: nothing new
    assert again.rows_inserted == 0 and len(again.skipped) == 2
    assert TargetVersion.objects.filter(district__name="姑苏区").count() == 3


def test_a_district_users_file_is_a_submission_for_the_city_to_approve(tmp_path):
    editor = f.district_editor("姑苏区")
    path = xlsx(tmp_path / "t.xlsx", [HEADER, [2025, "姑苏区", 22, 1, 5, 1, 1, 6, ""]])
    batch = import_file(kind="targets", path_or_file=path, actor=editor)
    assert batch.status == "committed"
    version = TargetVersion.objects.get(year=2025, district__name="姑苏区")
    assert version.status == TargetStatus.SUBMITTED and version.author == editor
    assert not AnnualTarget.objects.filter(year=2025).exists()


def test_bad_rows_reject_the_whole_file_with_every_reason_in_chinese(tmp_path):
    editor = f.district_editor("姑苏区")
    path = xlsx(tmp_path / "t.xlsx", [HEADER,
                                      [2025, "姑苏区", 22, 6, 5, 1, 1, 6, ""],
                                      [2025, "吴中区", 50, 1, 5, 1, 1, 6, ""],
                                      [2025, "全市", 300, 1, 5, 1, 1, 6, ""],
                                      [2023, "姑苏区", 21, 1, 3, 1, 1, 6, ""]])
    batch = import_file(kind="targets", path_or_file=path, actor=editor)
    reasons = {(e["row"], e["reason"]) for e in batch.errors}
    assert batch.status == "rejected" and not TargetVersion.objects.filter(year=2025).exists()
    assert (2, "累计亿元楼宇不能少于新增亿元楼宇") in reasons
    assert any(row == 3 and "超出本人负责的地区" in r for row, r in reasons)
    assert (4, "只有市级管理员可以导入全市目标") in reasons
    assert any(row == 5 and "调整须填写调整说明" in r for row, r in reasons)


def test_a_department_may_not_import_targets(tmp_path):
    path = xlsx(tmp_path / "t.xlsx", [HEADER, [2025, "姑苏区", 22, 1, 5, 1, 1, 6, ""]])
    user = f.user_with_role("department", department="市税务局")
    with pytest.raises(CommandError):
        call_command("import", "targets", str(path), "--user", user.username, stdout=StringIO())


def test_the_export_is_the_list_in_force_and_reimports_to_the_same_state(tmp_path):
    from louyu.intake.export import export_file

    path = tmp_path / "targets.xlsx"
    assert export_file(kind="targets", user=None, output=path) == 10
    count = TargetVersion.objects.count()
    again = import_file(kind="targets", path_or_file=path, actor=None)
    assert again.status == "committed" and again.rows_inserted == 0 and len(again.skipped) == 10
    assert TargetVersion.objects.count() == count
