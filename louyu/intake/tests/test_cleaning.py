import datetime as dt
from decimal import Decimal

import pytest

from louyu.intake import cleaning
from louyu.intake.cleaning import CellError


@pytest.mark.parametrize("raw", ["2023-1-5", "2023/01/05", "2023年1月5日", "2023.1.5", "20230105", "２０２３－０１－０５",
                                 44931, 44931.0, "44931", dt.datetime(2023, 1, 5, 0, 0), dt.date(2023, 1, 5), " 2023 年 1 月 5 日 "])
def test_dates_written_every_way_people_write_them_read_as_the_same_day(raw):
    assert cleaning.date(raw) == dt.date(2023, 1, 5)


@pytest.mark.parametrize("raw", ["2023-01", "2023/1", "2023年1月", "2023年01月份", "202301", 202301, "2023.01", "2023-01-18",
                                 dt.datetime(2023, 1, 18), 44942, "２０２３年１月"])
def test_tax_months_in_any_format_become_the_first_of_the_month(raw):
    assert cleaning.month(raw) == dt.date(2023, 1, 1)


@pytest.mark.parametrize("raw", ["2023-13", "2023年0月", "一月", "2023-02-30"])
def test_impossible_months_and_dates_are_cell_errors(raw):
    with pytest.raises(CellError):
        cleaning.month(raw)


@pytest.mark.parametrize("raw,expected", [("是", True), ("否", False), ("Y", True), ("n", False), ("√", True), ("×", False),
                                          ("ｙｅｓ", True), (1, True), (0, False), (True, True), ("", None), (None, None)])
def test_yes_no_marks(raw, expected):
    assert cleaning.boolean(raw) is expected


def test_an_unreadable_yes_no_cell_is_an_error_in_chinese():
    with pytest.raises(CellError, match="是"):
        cleaning.boolean("可能")


@pytest.mark.parametrize("raw,expected", [("1,234.56", "1234.56"), ("１，２３４．５６", "1234.56"), (" 1 234.5 ", "1234.50"),
                                          (1234.56, "1234.56"), (12.3456, "12.35"), ("(1,000)", "-1000.00"), ("-7", "-7.00")])
def test_numbers_with_thousands_separators_full_width_and_spaces(raw, expected):
    assert cleaning.decimal(raw) == Decimal(expected)


def test_a_wan_yuan_figure_converts_to_yuan_exactly_not_through_float():
    # 12.3457 万元 as an Excel float is 123457 元 exactly; 0.1 + 0.2 style float noise must not appear.
    assert cleaning.decimal(12.3457, factor=Decimal(10000)) == Decimal("123457.00")
    assert cleaning.decimal("0.0001", factor=Decimal(10000)) == Decimal("1.00")
    assert cleaning.decimal(1234567.8912, factor=Decimal(10000)) == Decimal("12345678912.00")


def test_negative_area_is_refused():
    with pytest.raises(CellError, match="负数"):
        cleaning.decimal("-5", nonneg=True)


def test_free_text_folds_full_width_letters_and_u3000_but_keeps_chinese_punctuation():
    assert cleaning.text("苏州中心（一期）\u3000Ａ座 ") == "苏州中心（一期） A座"


def test_codes_lose_every_space_including_u3000():
    assert cleaning.code(" ＧＳ\u3000００１ ") == "GS001"


def test_lists_split_on_full_and_half_width_semicolons():
    assert cleaning.items("A座；B座;C座 ；") == ["A座", "B座", "C座"]


def test_a_future_day_is_refused():
    tomorrow = cleaning.today() + dt.timedelta(days=1)
    with pytest.raises(CellError, match="晚于今天"):
        cleaning.not_future(tomorrow)
    next_month = (cleaning.today().replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    with pytest.raises(CellError, match="本月"):
        cleaning.not_future(next_month, is_month=True)


@pytest.mark.parametrize("raw", [2024.1, "2024.1", "２０２４．１"])
def test_a_period_that_may_be_january_or_october_is_flagged_not_guessed(raw):
    with pytest.raises(CellError, match="无法确定是 1 月还是 10 月"):
        cleaning.month(raw)


@pytest.mark.parametrize("raw, expected", [("2024.10", dt.date(2024, 10, 1)), (2024.12, dt.date(2024, 12, 1)),
                                           (2024.3, dt.date(2024, 3, 1)), ("2024.01", dt.date(2024, 1, 1))])
def test_dotted_periods_that_can_only_mean_one_month_are_read(raw, expected):
    assert cleaning.month(raw) == expected


@pytest.mark.parametrize("raw, unit", [("500万元", "万元"), ("1.2亿", "亿"), ("３００元", "元")])
def test_an_amount_with_its_unit_in_the_cell_says_to_drop_it_or_name_it_in_the_header(raw, unit):
    with pytest.raises(CellError, match=f"带有单位“{unit}”.*表头末尾写明（{unit}）"):
        cleaning.decimal(raw)


def test_an_area_with_its_unit_in_the_cell_says_areas_are_in_square_metres():
    with pytest.raises(CellError, match="面积一律以㎡计"):
        cleaning.decimal("3000平方米")
