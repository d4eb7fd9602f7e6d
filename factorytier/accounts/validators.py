"""Field validators with Chinese messages that name what is wrong."""

import re

from django.core.exceptions import ValidationError

from factorytier.policy.uscc import uscc_problem

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


def validate_uscc(value: str) -> None:
    problem = uscc_problem(value)
    if problem:
        raise ValidationError(problem, code="uscc")


def validate_mobile(value: str) -> None:
    if not MOBILE_RE.fullmatch(value or ""):
        raise ValidationError("手机号码应为 11 位数字，以 1 开头（如 13812345678）", code="mobile")
