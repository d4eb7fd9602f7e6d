import pytest

from factorytier.policy.uscc import uscc_problem


@pytest.mark.parametrize("code", ["91310115MA1K3YJ12G", "91310112MA1GBY2K7J", "91310116MA1JBR7A6D"])
def test_valid_codes_pass(code):
    assert uscc_problem(code) is None


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("91310112MA1GBY2K70", "校验位错误"),
        ("91310115MA1K3YJ12", "应为 18 位，当前为 17 位"),
        ("91310115MA1K3YJ12GG", "应为 18 位，当前为 19 位"),
        ("91310115ma1k3yj12g", "字母应为大写"),
        ("91310115MA1K3YJ1IG", "不允许的字符：I"),
        ("91310115MA1K3YJ1-G", "不允许的字符：-"),
        ("", "不能为空"),
    ],
)
def test_invalid_codes_say_why_in_chinese(code, expected):
    assert expected in uscc_problem(code)
