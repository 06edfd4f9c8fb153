"""Unified social credit code (统一社会信用代码), GB 32100-2015."""

from django.core.exceptions import ValidationError

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUES = {char: index for index, char in enumerate(CHARSET)}
WEIGHTS = [pow(3, i, 31) for i in range(17)]

# Second character for a social organization registered by civil affairs (first character 5).
TYPE_DIGITS = {"1": "社会团体", "2": "民办非企业单位", "3": "基金会", "9": "其他"}


def check_character(first17):
    """The 18th character for the first 17 (all already in CHARSET)."""
    total = sum(VALUES[char] * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def credit_code_format_errors(code):
    """Length and character errors: what no code, however old, may have."""
    code = (code or "").strip().upper()
    if len(code) != 18:
        return [f"统一社会信用代码应为18位，当前为{len(code)}位。"]
    errors = []
    for position, char in enumerate(code, start=1):
        if char not in VALUES:
            errors.append(f"第{position}位字符“{char}”不合法：只能使用数字和除 I、O、S、V、Z 以外的大写字母。")
    return errors


def credit_code_errors(code):
    """Chinese messages saying exactly what is wrong with a credit code; empty if valid."""
    code = (code or "").strip().upper()
    errors = credit_code_format_errors(code)
    if errors:
        return errors
    expected = check_character(code[:17])
    if code[17] != expected:
        errors.append(f"校验码错误：第18位应为“{expected}”，实际为“{code[17]}”。")
    return errors


def validate_credit_code(code):
    errors = credit_code_errors(code)
    if errors:
        raise ValidationError(errors, code="invalid_credit_code")


def social_organization_code_errors(code, type_digit=None):
    """Errors for a social organization's code: valid, issued by civil affairs, type agreeing."""
    code = (code or "").strip().upper()
    errors = credit_code_errors(code)
    if errors:
        return errors
    if code[0] != "5":
        return [f"社会组织的统一社会信用代码第1位应为“5”（民政部门登记），实际为“{code[0]}”。"]
    if type_digit is not None and code[1] != type_digit:
        return [
            f"统一社会信用代码第2位为“{code[1]}”（{TYPE_DIGITS.get(code[1], '未知类别')}），"
            f"与组织类型不符，应为“{type_digit}”（{TYPE_DIGITS[type_digit]}）。"
        ]
    return []


def make_credit_code(type_digit, division, serial):
    """Build a valid code: 5, type digit, 6-digit division, 9-character body, check character."""
    body = f"5{type_digit}{division}{serial}"
    if len(body) != 17 or any(char not in VALUES for char in body):
        raise ValueError(f"cannot build a credit code from {body!r}")
    return body + check_character(body)
