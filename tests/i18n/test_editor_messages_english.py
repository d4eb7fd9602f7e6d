"""What the 申报书 editor says while the applicant edits (issue 12 item 5), which the page walk cannot see:
the script's statuses come from the page in the interface language, and the autosave's and the API's
refusals are worded in the request's language, naming the field as the English editor names it. Chinese
stays exactly as it was."""

import json
import re

import pytest

from factorytier.core.language import HAN

from .english import chinese_interface_text

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def autosave(client, application, changes, version=None, **headers):
    body = {"version": application.version if version is None else version, "changes": changes}
    return client.post(f"/applications/{application.pk}/autosave/", json.dumps(body, ensure_ascii=False),
                       content_type="application/json", **headers)


def editor_words(body: str) -> dict:
    m = re.search(r'<script id="editor-text" type="application/json">(.*?)</script>', body, re.S)
    assert m, "the editor page carries its script's words"
    return json.loads(m.group(1))


REFUSALS = [
    ({"factory.total_investment": "一百万"}, "factory.total_investment",
     "总投资（万元）：请填写数字（单位：万元），如 12345.67",
     "Total investment (10,000 yuan): enter a number (unit: 10,000 yuan), such as 12345.67"),
    ({"title": "长" * 300}, "title", "项目名称：不能超过 200 字，当前 300 字",
     "Project name: must not exceed 200 characters (now 300)"),
    ({"factory.start": "2024-13"}, "factory.start", "建设开始时间：请填写有效的年月，如 2024-06",
     "Construction started: enter a valid year and month, such as 2024-06"),
    ({"scenes.scenarios": [{"guide_link": "生产作业", "scenario": "人机协同作业", "instance": "", "uses_ai": True}]},
     "scenes.scenarios[0].instance", "第 1 个场景的实例名：不能为空", "Scenario 1, instance name: must not be empty"),
    ({"cultivation.future_modes": [{"category": "其他", "mode": "x"}]}, "cultivation.future_modes[0].category",
     "第 1 个未来制造模式的类别：请从研发模式创新、生产方式创新、管理模式创新、服务模式创新、商业模式创新、组织形态创新中选择",
     "Future manufacturing mode 1, category: choose one of R&D mode innovation, Production mode innovation, "
     "Management mode innovation, Service mode innovation, Business model innovation, Organisational form innovation"),
    ({"factory.start": "2024-06", "factory.end": "2023-01"}, "factory.end", "建设结束时间不能早于建设开始时间",
     "Construction finished: cannot be earlier than construction started"),
    ({"no.such.field": "x"}, "no.such.field", "未知的填写项", "Unknown field"),
    ({"attestations.R.X.9": True}, "attestations.R.X.9", "承诺事项：未知的条款编号 R.X.9",
     "Attestations: unknown clause number R.X.9"),
    ({"scenes.overall": "a\x00b"}, "scenes.overall", "含有不可见的控制字符（U+0000），请删除后重试",
     "contains an invisible control character (U+0000); delete it and try again"),
]


@pytest.mark.parametrize(("changes", "path", "chinese", "english"), REFUSALS)
def test_a_refused_autosave_answers_in_the_language_of_the_request(editor, draft, changes, path, chinese, english):
    zh = autosave(editor, draft, changes)
    en = autosave(editor, draft, changes, **EN)
    assert zh.status_code == en.status_code == 422
    zh_messages = [e["message"] for e in zh.json()["errors"] if e["path"] == path]
    en_messages = [e["message"] for e in en.json()["errors"] if e["path"] == path]
    assert any(m.endswith(chinese) for m in zh_messages), zh_messages  # byte for byte as before
    assert any(m.endswith(english) for m in en_messages), en_messages
    assert not any(HAN.search(m) for m in en_messages), en_messages


def test_a_kpi_value_is_refused_naming_the_indicator_in_english(editor, draft):
    from factorytier.policy import default_catalogue

    kpi = next(k for k in default_catalogue().kpis if k.no == 3)
    zh = autosave(editor, draft, {"effects.kpis.3.current": "很高"}).json()["errors"][0]["message"]
    en = autosave(editor, draft, {"effects.kpis.3.current": "很高"}, **EN).json()["errors"][0]["message"]
    assert zh.startswith(f"{kpi.name}的当前值：请填写数字")
    assert en.startswith(f"{kpi.name_en}, current value: enter a number") and not HAN.search(en)


def test_a_conflict_says_who_changed_what_in_english(editor, draft):
    assert autosave(editor, draft, {"factory.summary": "甲的修改"}).status_code == 200
    zh = autosave(editor, draft, {"factory.summary": "乙的修改"}, version=draft.version)
    en = autosave(editor, draft, {"factory.summary": "乙的修改"}, version=draft.version, **EN)
    assert zh.status_code == en.status_code == 409
    assert zh.json()["message"].startswith(f"申报书已被他人修改（当前版本 {draft.version + 1}）：")
    assert "修改了 智能工厂基本情况·项目简介" in zh.json()["their_changes"][0]
    message, changes = en.json()["message"], en.json()["their_changes"]
    assert message.startswith(f"Someone else has changed the application (current version {draft.version + 1}): ")
    assert "Reload the page before editing" in message
    assert " changed " in changes[0] and "Project summary" in changes[0]


def test_a_malformed_save_and_a_closed_application_answer_in_english(editor, draft):
    bad = editor.post(f"/applications/{draft.pk}/autosave/", "{", content_type="application/json", **EN)
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["message"] == "The save request was not in the right format; reload the page and try again"
    empty = autosave(editor, draft, {}, **EN)
    assert empty.json()["errors"][0]["message"] == "Nothing to save"


def test_the_api_answers_chinese_by_default_and_english_when_asked(editor, draft):
    def patch(**headers):
        return editor.patch(f"/api/v1/applications/{draft.pk}", json.dumps({"changes": {"factory.start": "2024-13"}}),
                            content_type="application/json", HTTP_IF_MATCH=f'"{draft.version}"', **headers)

    zh, en = patch(), patch(**EN)
    assert zh.status_code == en.status_code == 422
    assert zh.json()["detail"] == "输入无效，未保存"
    assert zh.json()["errors"][0]["message"] == "建设开始时间：请填写有效的年月，如 2024-06"
    assert en.json()["detail"] == "Invalid input; nothing was saved"
    assert en.json()["errors"][0]["message"] == "Construction started: enter a valid year and month, such as 2024-06"
    missing = editor.patch(f"/api/v1/applications/{draft.pk}", json.dumps({"changes": {"factory.summary": "x"}}),
                           content_type="application/json", **EN)
    assert missing.status_code == 428 and not HAN.search(missing.json()["detail"])


def test_the_editor_page_hands_its_script_the_words_of_the_interface_language(editor, draft):
    english = editor.get(f"/applications/{draft.pk}/edit/", **EN).content.decode()
    chinese = editor.get(f"/applications/{draft.pk}/edit/").content.decode()
    en, zh = editor_words(english), editor_words(chinese)
    assert en.keys() == zh.keys()
    assert en["saved"] == "Saved automatically at {time}" and zh["saved"] == "已自动保存 {time}"
    assert en["counter"] == "{n} / {limit} characters" and zh["counter"] == "{n} / {limit} 字"
    assert "{version}" in en["newerOnServer"] and "{version}" in zh["newerOnServer"]
    assert not [v for v in en.values() if HAN.search(v)]
    assert chinese_interface_text(english) == []


def test_the_editor_scripts_carry_no_chinese_words_of_their_own():
    from pathlib import Path

    import factorytier

    scripts = sorted((Path(factorytier.__file__).parent / "static" / "factorytier").glob("*.js"))
    assert {"editor.js", "ranking.js"} <= {s.name for s in scripts}
    for script in scripts:
        code = "\n".join(line for line in script.read_text(encoding="utf-8").splitlines()
                         if not line.lstrip().startswith("//"))
        assert not HAN.search(code), f"{script.name} words something in Chinese: give it its words from the page"
