import pytest

from louyu import factories
from louyu.intake import selectors
from louyu.intake.services import import_file

from .files import xlsx

pytestmark = pytest.mark.django_db
HEADER = ["楼宇编码", "楼宇名称", "所属地区", "地址"]


def test_district_users_see_their_districts_imports_and_city_admins_see_all(tmp_path):
    gusu, wuzhong = factories.district_editor("姑苏区"), factories.district_editor("吴中区")
    mine = import_file(kind="buildings", path_or_file=xlsx(tmp_path / "a.xlsx", [HEADER, ["GS1", "甲", "姑苏区", "路1号"]]), actor=gusu)
    theirs = import_file(kind="buildings", path_or_file=xlsx(tmp_path / "b.xlsx", [HEADER, ["WZ1", "乙", "吴中区", "路2号"]]), actor=wuzhong)
    assert list(selectors.imports_for(gusu)) == [mine]
    assert set(selectors.imports_for(factories.city_admin())) == {mine, theirs}
    summary = selectors.import_summary(mine)
    assert (summary["actor"], summary["rows_inserted"], summary["file_name"], len(summary["file_sha256"])) == (gusu.username, 1, "a.xlsx", 64)


def test_the_error_report_downloads_as_csv_with_row_column_value_reason(tmp_path):
    batch = import_file(kind="buildings", path_or_file=xlsx(tmp_path / "a.xlsx", [HEADER, ["GS1", "甲", "火星区", "路1号"]]), actor=None)
    text = selectors.errors_csv(batch).decode("utf-8-sig").splitlines()
    assert text[0] == "行号,列,值,原因"
    assert text[1].startswith("2,所属地区,火星区,未知地区")
