"""统一社会信用代码 (GB 32100-2015): 18 characters, the last a mod-31 check character."""
import unicodedata

from django.core.exceptions import ValidationError

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V, Z
VALUES = {c: i for i, c in enumerate(CHARSET)}
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def clean_uscc(value: str) -> str:
    """Fold full-width characters, stray spaces (incl. U+3000) and case — as people type codes."""
    text = unicodedata.normalize("NFKC", str(value or ""))
    return "".join(text.split()).upper()


def uscc_check_char(first17: str) -> str:
    total = sum(VALUES[c] * w for c, w in zip(first17, WEIGHTS))
    return CHARSET[(31 - total % 31) % 31]


def uscc_error(value: str) -> str | None:
    """The reason (in Chinese) the code is invalid, or None when it is valid. Expects a cleaned code."""
    if len(value) != 18:
        return f"统一社会信用代码应为18位，实际{len(value)}位"
    bad = [c for c in value if c not in VALUES]
    if bad:
        return f"统一社会信用代码含非法字符“{''.join(dict.fromkeys(bad))}”（不使用 I、O、S、V、Z）"
    if not value[2:8].isdigit():
        return "统一社会信用代码第3–8位应为行政区划代码（数字）"
    expected = uscc_check_char(value[:17])
    if value[17] != expected:
        return f"统一社会信用代码校验位错误（应为{expected}，实际{value[17]}）"
    return None


def is_valid_uscc(value: str) -> bool:
    return uscc_error(clean_uscc(value)) is None


def validate_uscc(value: str) -> None:
    error = uscc_error(clean_uscc(value))
    if error:
        raise ValidationError(error, code="invalid_uscc")


ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def org_code_check(first8: str) -> str:
    """GB 11714 organisation-code check character for 8 digits."""
    value = 11 - sum(int(c) * w for c, w in zip(first8, ORG_WEIGHTS)) % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def uscc_make(serial: int, region: str = "320500", kind: str = "91") -> str:
    """A well-formed code for generated data: kind (91 = 企业), region, organisation code, check character."""
    body = f"{serial % 10**8:08d}"
    first17 = f"{kind}{region}{body}{org_code_check(body)}"
    return first17 + uscc_check_char(first17)
