from decimal import Decimal

from louyu.intake import headers, kinds


def detect(rows, kind="tax", merged=()):
    return headers.detect("Sheet1", list(enumerate(rows, 1)), list(merged), kinds.get(kind))


def test_the_header_is_found_under_title_rows():
    header = detect([["2023年1-6月税收明细表"], ["填报单位：市税务局"], ["序号", "统一社会信用代码", "所属期", "全口径税收(元)"]])
    assert header.rows == (3,)
    assert header.index == {"uscc": 1, "period": 2, "total_tax": 3}


def test_spaces_full_width_brackets_and_required_marks_in_header_names():
    header = detect([["*统一社会 信用代码", "所属期（YYYY-MM）", "全口径税收（元） "]])
    assert set(header.index) == {"uscc", "period", "total_tax"}


def test_a_different_unit_in_brackets_gives_an_exact_factor():
    header = detect([["统一社会信用代码", "所属期", "税收（万元）"]])
    assert header.factors["total_tax"] == Decimal(10000)
    header = detect([["楼宇编码", "楼宇名称", "所属地区", "地址", "建筑面积(万平方米)"]], kind="buildings")
    assert header.factors["gross_area"] == Decimal(10000)
    header = detect([["统一社会信用代码", "企业名称", "注册资本(元)"]], kind="enterprises")
    assert header.factors["registered_capital"] == Decimal("0.0001")


def test_an_unknown_unit_is_a_file_level_problem():
    header = detect([["统一社会信用代码", "所属期", "全口径税收(美元)"]])
    assert any("美元" in reason for _, reason in header.problems)


def test_a_two_row_header_with_a_merged_group_cell_maps_sub_columns_and_inherits_the_unit():
    rows = [
        ["统一社会信用代码", "所属期", "全口径税收(万元)", "分税种明细(万元)", None],
        [None, None, None, "增值税", "企业所得税"],
        ["913205005000000078", "2023-01", 1, 0.6, 0.4],
    ]
    merged = [(1, 1, 2, 1), (1, 2, 2, 2), (1, 3, 2, 3), (1, 4, 1, 5)]
    header = detect(rows, merged=merged)
    assert header.rows == (1, 2)
    assert header.index["tax:增值税"] == 3 and header.index["tax:企业所得税"] == 4
    assert header.factors["tax:增值税"] == Decimal(10000)
    assert header.index["uscc"] == 0


def test_a_column_named_twice_is_a_problem():
    header = detect([["统一社会信用代码", "所属期", "全口径税收(元)", "税收"]])
    assert any("两次" in reason for _, reason in header.problems)


def test_unknown_columns_are_listed_as_ignored():
    header = detect([["序号", "统一社会信用代码", "所属期", "全口径税收(元)", "经办人"]])
    assert header.ignored == ["序号", "经办人"]
