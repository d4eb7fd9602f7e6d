"""统一社会信用代码 (GB 32100-2015): one Chinese reason per kind of mistake."""

from __future__ import annotations

from stdnum.cn import uscc as _stdnum

# Digits and capital letters without I, O, Z, S, V.
ALPHABET = frozenset("0123456789ABCDEFGHJKLMNPQRTUWXY")
_DIGITS = frozenset("0123456789")


def uscc_problem(value: object) -> str | None:
    """None for a valid code, else why it is not one."""
    if not isinstance(value, str):
        return "统一社会信用代码应为字符串"
    if not value:
        return "统一社会信用代码不能为空"
    if value != value.strip():
        return "统一社会信用代码首尾不应有空格"
    if len(value) != 18:
        return f"统一社会信用代码应为 18 位，当前为 {len(value)} 位"
    if not ALPHABET.issuperset(value):
        # The code is defined in capitals; a lowercase copy is a typing slip, not another code.
        if ALPHABET.issuperset(value.upper()):
            return "统一社会信用代码中的字母应为大写：" + value.upper()
        bad = "、".join(sorted({c for c in value if c not in ALPHABET}))
        return f"统一社会信用代码含有不允许的字符：{bad}（只能是数字和除 I、O、Z、S、V 以外的大写字母）"
    if not _DIGITS.issuperset(value[2:8]):
        return "统一社会信用代码第 3–8 位（登记管理机关行政区划码）应为数字"
    if _stdnum.calc_check_digit(value[:17]) != value[17]:
        return "统一社会信用代码校验位错误"
    return None
