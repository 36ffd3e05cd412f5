"""统一社会信用代码 (GB 32100-2015) check character."""
import pytest
from django.core.exceptions import ValidationError

from louyu.enterprises.uscc import CHARSET, clean_uscc, is_valid_uscc, uscc_error, uscc_make, validate_uscc

# Published codes of real organisations (from their public registrations).
REAL_CODES = [
    "91440300708461136T",  # 华为技术有限公司
    "91330100716105852F",  # 阿里巴巴（中国）有限公司
]


def valid_codes():
    generated = [uscc_make(n, region) for n, region in [(1, "320505"), (12345678, "320571"), (99999999, "320582")]]
    return REAL_CODES + generated


def test_known_valid_codes_pass():
    codes = valid_codes()
    assert len(codes) == 5
    for code in codes:
        assert uscc_error(code) is None, code


@pytest.mark.parametrize("code", valid_codes())
def test_every_single_character_mutation_is_rejected(code):
    for position in range(18):
        for replacement in CHARSET:
            if replacement == code[position]:
                continue
            mutated = code[:position] + replacement + code[position + 1 :]
            assert not is_valid_uscc(mutated), (code, position, replacement)


def test_full_width_spaces_and_case_are_folded_before_checking():
    code = uscc_make(4242, "320508")
    messy = "　" + code[:9].lower() + " " + "".join(chr(ord(c) + 0xFEE0) for c in code[9:]) + " "
    assert clean_uscc(messy) == code
    assert is_valid_uscc(messy)


@pytest.mark.parametrize(
    "value, reason",
    [
        ("9132050", "18位"),
        ("91320505MA1MEUWE4I", "非法字符"),
        ("91ABCDEF12345678X0", "行政区划"),
    ],
)
def test_invalid_codes_explain_why_in_chinese(value, reason):
    assert reason in uscc_error(clean_uscc(value))
    with pytest.raises(ValidationError):
        validate_uscc(value)


def test_wrong_check_character_names_the_expected_one():
    code = uscc_make(777, "320571")
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    assert f"应为{code[17]}" in uscc_error(wrong)
