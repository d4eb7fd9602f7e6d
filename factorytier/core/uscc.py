"""统一社会信用代码 (GB 32100-2015) checks with a Chinese reason for each kind of mistake."""

from stdnum.cn import uscc as stdnum_uscc
from stdnum.exceptions import InvalidChecksum

# GB 32100-2015 alphabet: digits and capital letters without I, O, Z, S, V.
ALPHABET = set("0123456789ABCDEFGHJKLMNPQRTUWXY")


def uscc_problem(value: object) -> str | None:
    """None when `value` is a valid code, else a Chinese sentence saying what is wrong."""
    if not isinstance(value, str) or not value.strip():
        return "请填写统一社会信用代码"
    if len(value) != 18:
        return f"统一社会信用代码应为 18 位，当前为 {len(value)} 位"
    if value != value.upper() and set(value.upper()) <= ALPHABET:
        return "统一社会信用代码中的字母应为大写"
    bad = sorted({c for c in value if c not in ALPHABET})
    if bad:
        return "统一社会信用代码含有不允许的字符：" + "、".join(bad) + "（不使用 I、O、Z、S、V）"
    try:
        stdnum_uscc.validate(value)
    except InvalidChecksum:
        return "统一社会信用代码校验位错误"
    except Exception:  # stdnum's other reasons (format of the registration-authority part, …)
        return "统一社会信用代码格式不正确"
    return None
