"""Issue 11 items 3 and 5: every value bounded; lone surrogates and non-characters refused at the field
on every input path (autosave, API); full-width digits in amounts stored normalised, never as typed."""

import json
from decimal import Decimal

import pytest

from factorytier.applications.validation import (
    bad_character,
    first_bad_value,
    normalise_number_text,
    parse_number,
    text_problem,
)

pytestmark = pytest.mark.django_db


def autosave(client, application, changes):
    body = json.dumps({"version": application.version, "changes": changes})  # ASCII escapes: "\ud800" as sent
    return client.post(f"/applications/{application.pk}/autosave/", body, content_type="application/json")


def patch(client, application, changes):
    return client.patch(f"/api/v1/applications/{application.pk}", json.dumps({"changes": changes}),
                        content_type="application/json", HTTP_IF_MATCH=f'"{application.version}"')


def messages(response) -> str:
    return " ".join(e["message"] for e in response.json()["errors"])


def test_a_kpi_value_of_a_million_digits_is_refused_and_the_page_still_answers(editor, draft):
    for send in (autosave, patch):
        response = send(editor, draft, {"effects.kpis.1.current": "1" * 1_000_000})
        assert response.status_code == 422, send
        assert "整数部分最多 12 位" in messages(response)
    draft.refresh_from_db()
    assert draft.content["effects"]["kpis"]["1"]["current"] == "78.5"
    assert editor.get(f"/applications/{draft.pk}/").status_code == 200


@pytest.mark.parametrize(("value", "fragment"), [
    ("0" * 5000 + "1", "数字过长"), ("12345678901", "整数部分最多 10 位"), ("1.123456", "小数最多 4 位"),
    (10**40, "数字过大"), (1e300, "请填写数字"), ("1e5", "请填写数字"), ("NaN", "请填写数字"), (True, "请填写数字"),
])
def test_an_amount_has_bounded_digits(editor, draft, value, fragment):
    response = autosave(editor, draft, {"factory.total_investment": value})
    assert response.status_code == 422 and fragment in messages(response) and "总投资" in messages(response)


@pytest.mark.parametrize(("path", "value", "label"), [
    ("factory.summary", "正文\ud800", "项目简介"),
    ("title", "\udfff项目", "项目名称"),
    ("factory.integrators", ["集成商\ud83d"], "集成商"),
    ("scenes.scenarios", [{"guide_link": "生产作业", "scenario": "质检", "instance": "视觉\udc00检测"}], "具体场景建设情况"),
    ("scenes.scenarios", [{"guide_link": "生产作业", "scenario": "质检", "instance": "x", "\ud800": 1}], "具体场景建设情况"),
    ("effects.kpis.1.current", "12\ud800", "实施成效指标"),
    ("factory.summary", "非字符\ufffe", "项目简介"),
    ("factory.summary", "非字符\U0010ffff", "项目简介"),
    ("factory.summary", "响铃\x07", "项目简介"),
])
def test_lone_surrogates_and_non_characters_are_refused_at_the_field_on_every_path(editor, draft, path, value, label):
    for send in (autosave, patch):
        response = send(editor, draft, {path: value})
        assert response.status_code == 422, (send, path)
        text = messages(response)
        assert label in text and ("无法保存的字符" in text or "控制字符" in text), text
    draft.refresh_from_db()
    assert draft.version == 1
    # the editor and the submission still work
    assert editor.get(f"/applications/{draft.pk}/edit/").status_code == 200


def test_a_surrogate_in_a_field_name_is_refused_and_the_answer_is_valid_json(editor, draft):
    response = autosave(editor, draft, {"factory.\ud800": "x"})
    assert response.status_code == 422
    body = response.content.decode("utf-8")  # encodable: the surrogate is not echoed back
    assert "\ud800" not in json.loads(body)["errors"][0]["path"]


@pytest.mark.parametrize(("typed", "stored"), [("１２３４５", "12345"), ("１２，３４５．６７", "12345.67"), (" 1,234.5 ", "1234.5")])
def test_full_width_digits_in_an_amount_are_stored_normalised(editor, draft, typed, stored):
    response = autosave(editor, draft, {"factory.total_investment": typed})
    assert response.status_code == 200, response.content
    draft.refresh_from_db()
    assert draft.content["factory"]["total_investment"] == stored


def test_full_width_digits_in_a_kpi_are_stored_normalised(editor, draft):
    assert patch(editor, draft, {"effects.kpis.1.current": "８０．５"}).status_code == 200
    draft.refresh_from_db()
    assert draft.content["effects"]["kpis"]["1"]["current"] == "80.5"


# The generic checks other modules call (KPI shapes, forms).

def test_parse_number_bounds():
    assert parse_number("12.5", "x") == (Decimal("12.5"), None)
    assert parse_number(7, "x") == (Decimal(7), None)
    assert parse_number("－３", "增长率", minimum=0)[1] == "增长率：不能小于 0"
    assert parse_number("9" * 13, "x")[1] == "x：数字过大，整数部分最多 12 位"
    assert parse_number("1" * 3, "x", integer_digits=2)[1] == "x：数字过大，整数部分最多 2 位"
    assert parse_number(float("inf"), "x")[0] is None
    assert parse_number("٣", "x")[0] is None  # other scripts' digits are refused, not guessed


def test_text_and_character_checks():
    assert bad_character("正常文字\t\n") is None
    assert bad_character("a\x00") == "U+0000"
    assert first_bad_value({"k": [1, {"\ud800": 2}]}) == "U+D800"
    assert first_bad_value([float("nan")]).startswith("无效的数字")
    assert text_problem("x" * 11, "名称", 10) == "名称：不能超过 10 字，当前 11 字"
    assert text_problem(" ", "名称", 10, required=True) == "名称：不能为空"
    assert normalise_number_text("１，０００．５") == "1000.5"


def test_one_number_parser_serves_the_checks_and_the_documents():
    from factorytier.applications import content, numbers, validation

    assert content.parse_decimal is numbers.parse_decimal and validation.parse_number is numbers.parse_number
    assert numbers.parse_decimal("１８，６５０．５") == Decimal("18650.5")
    assert numbers.parse_decimal("\u22123.5") == Decimal("-3.5")  # the minus sign typed by some input methods
    assert numbers.parse_decimal("") is None and numbers.parse_decimal("1e5") is None
    assert numbers.parse_decimal("9" * 13) is None
