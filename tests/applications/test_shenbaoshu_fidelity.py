"""Issue 10, items 9–12: the 申报书 as 附件2 / 附件4 give it, in the editor and the version diff."""

import html
import json
import re

import pytest

from factorytier.applications.content import DECLARATIONS, layout, sections_for
from factorytier.applications.drafts import DraftInvalid, save_draft
from factorytier.applications.services import set_application_state
from factorytier.applications.submission import submission_problems
from factorytier.core import clock
from factorytier.policy import default_catalogue

from ..factories import enterprise_user, ready_application

pytestmark = pytest.mark.django_db

# The sub-items of 附件2 / 附件4, as the seed names them, that the editor shows as numbered headings.
EXCELLENT_HEADINGS = [
    "1. 申报单位基本信息",
    "2. 智能工厂基本情况", "（一）项目简介", "（二）建设成效", "（三）真实性承诺",
    "3. 智能工厂场景建设情况", "（一）项目总体情况", "（二）重点环节建设情况", "（三）具体场景建设情况", "（四）系统集成情况",
    "4. 智能工厂建设成效", "（一）先进性与特色", "（二）实施成效", "（三）后续实施计划",
]
LEADING_HEADINGS = [
    *EXCELLENT_HEADINGS[:10],
    "4. 领航级智能工厂培育方案", "（一）培育目标", "（二）未来制造模式创新方向", "（三）关键创建举措",
    "5. 智能工厂建设成效", "（一）先进性与特色", "（二）实施成效", "（三）后续实施计划",
]


def headings(page: str) -> list[str]:
    """The editor's section (h2) and sub-item (h3) headings, in page order, without the clause ids."""
    out = []
    for tag, body in re.findall(r"<(h2|h3 class=\"part-heading\")>(.*?)</h[23]>", page, re.S):
        text = html.unescape(re.sub(r"<span class=\"muted small\">.*?</span>|<[^>]+>", "", body)).strip()
        if tag == "h2" and not re.match(r"\d+\. ", text):
            continue  # panels that are not part of the materials list (承诺事项, 附件, 声明与提交, 自查)
        out.append(text)
    return out


def autosave(client, application, changes):
    application.refresh_from_db()
    return client.post(f"/applications/{application.pk}/autosave/",
                       json.dumps({"version": application.version, "changes": changes}), content_type="application/json")


# ---------------------------------------------------------------------------------------- item 9: order


def test_the_catalogue_names_each_sections_sub_items_as_the_annexes_do():
    catalogue = default_catalogue()
    assert [s.items for s in catalogue.materials["excellent"].sections] == [
        ("企业名称", "地址", "性质", "行业", "联系方式"),
        ("建设起止时间", "总投资", "集成商", "项目简介", "建设成效", "真实性承诺"),
        ("项目总体情况", "重点环节建设情况", "具体场景建设情况", "系统集成情况"),
        ("先进性与特色", "实施成效", "后续实施计划"),
    ]
    leading = catalogue.materials["leading"].sections
    assert leading[3].items == ("培育目标", "未来制造模式创新方向", "关键创建举措")
    for tier in ("excellent", "leading"):  # every sub-item is one the materials list's own words name
        for material, section in zip(catalogue.materials[tier].sections, sections_for(tier), strict=True):
            assert [p.title for p in section.parts] == list(material.items)
            for item in material.items:
                assert item in material.content


@pytest.mark.parametrize("tier, expected", [("excellent", EXCELLENT_HEADINGS), ("leading", LEADING_HEADINGS)])
def test_the_editor_shows_the_sections_and_sub_items_in_the_annexes_order(client, login, tier, expected):
    application = ready_application(tier)
    login(enterprise_user(application.enterprise))
    with clock.frozen_at(clock.shanghai(2025, 7, 1, 10)):
        page = client.get(f"/applications/{application.pk}/edit/").content.decode()
    assert headings(page) == expected
    # the pledges the applicant ticks sit in 智能工厂基本情况, under 真实性承诺, before section 3
    assert page.index("（三）真实性承诺") < page.index('id="decl-truthful"') < page.index("3. 智能工厂场景建设情况")
    # the scenario table between 重点环节建设情况 and 系统集成情况; the 附表 inside 实施成效
    assert page.index("（二）重点环节建设情况") < page.index('id="scenario-table"') < page.index("（四）系统集成情况")
    assert page.index("（二）实施成效") < page.index('id="kpi-table"') < page.index("（三）后续实施计划")


def test_a_catalogue_naming_a_sub_item_the_application_has_no_place_for_is_refused():
    import dataclasses

    catalogue = default_catalogue()
    bad_section = dataclasses.replace(catalogue.materials["excellent"].sections[2], items=("项目总体情况", "不存在的小项"))
    bad = dataclasses.replace(
        catalogue, _cache={},
        materials={**catalogue.materials, "excellent": dataclasses.replace(catalogue.materials["excellent"], sections=(bad_section,))})
    with pytest.raises(ValueError, match="不存在的小项"):
        layout(bad, "excellent")


def test_the_version_diff_follows_the_annexes_order_and_labels_kpis_by_name_and_column(client, login):
    application = ready_application("leading")
    editor = login(enterprise_user(application.enterprise))
    assert autosave(editor, application, {"factory.summary": "第一稿"}).status_code == 200
    application.refresh_from_db()
    before = application.version
    rows = application.content["scenes"]["scenarios"]
    response = autosave(editor, application, {
        "effects.plan": "新的后续实施计划", "effects.kpis.6.change": "35", "effects.kpis.1.baseline": "45.5",
        "effects.results": "新的实施成效", "cultivation.measures": "新的关键创建举措",
        "cultivation.future_modes": [{"category": "生产方式创新", "mode": "可重构柔性制造"}],
        "scenes.integration": "新的系统集成情况", "scenes.scenarios": [*rows, {**rows[0], "instance": "新增实例"}],
        "declarations.truthful": False,
    })
    assert response.status_code == 200, response.content
    page = editor.get(f"/applications/{application.pk}/versions/compare/",
                      {"a": before, "b": before + 1}).content.decode()
    labels = [html.unescape(x) for x in re.findall(r"<h2>(.*?)</h2>", page)]
    assert labels == [
        "智能工厂基本情况·真实性承诺·真实性",
        "智能工厂场景建设情况·具体场景建设情况",
        "智能工厂场景建设情况·系统集成情况",
        "领航级智能工厂培育方案·未来制造模式创新方向",
        "领航级智能工厂培育方案·关键创建举措",
        "智能工厂建设成效·实施成效",
        "智能工厂建设成效·实施成效·附表·关键设备数控化率·基线值",
        "智能工厂建设成效·实施成效·附表·研制周期缩短·变化值",
        "智能工厂建设成效·后续实施计划",
    ]


# ------------------------------------------------------------------------------ item 10: 实施成效 text


def test_the_implementation_results_narrative_is_required_for_submission():
    application = ready_application()
    application.content["effects"]["results"] = "  "
    application.save()
    problems = dict(submission_problems(application))
    assert problems["effects.results"] == "智能工厂建设成效：请填写“实施成效”"
    application.content["effects"]["results"] = "关键工序一次交检合格率由 96.2% 提升至 99.3%。"
    application.save()
    assert "effects.results" not in dict(submission_problems(application))


# ------------------------------------------------------------------------------------ item 11: KPIs


def test_twelve_kpis_are_changes_and_take_one_value_with_its_direction():
    kpis = default_catalogue().kpis
    change = [k for k in kpis if k.kind == "change"]
    assert len(kpis) == 21 and len(change) == 12
    assert all(k.name.endswith(("缩短", "提升", "下降", "降低")) for k in change)
    assert all(k.directions[0] == k.name[-2:] and len(k.directions) == 2 for k in change)
    assert {k.no for k in kpis if k.kind == "level"} == {1, 2, 3, 4, 5, 7, 19, 20, 21}


def test_a_change_kpi_saves_its_value_and_direction_and_refuses_baseline_and_current(draft, editor):
    owner = enterprise_user(draft.enterprise)
    draft = save_draft(draft, {"effects.kpis.6.change": "35", "effects.kpis.6.direction": "缩短"}, draft.version, owner)
    assert draft.content["effects"]["kpis"]["6"] == {"change": "35", "direction": "缩短"}
    for changes, message in [
        ({"effects.kpis.6.baseline": "40"}, "研制周期缩短：没有“基线值”一栏"),
        ({"effects.kpis.1.change": "12"}, "关键设备数控化率：没有“变化值”一栏"),
        ({"effects.kpis.6.direction": "变长"}, "研制周期缩短的变化方向：请选择缩短或延长"),
        ({"effects.kpis.6.change": "-5"}, "研制周期缩短的变化值：请填写变化的幅度（不带负号）"),
    ]:
        with pytest.raises(DraftInvalid) as refused:
            save_draft(draft, changes, draft.version, owner)
        assert message in str(refused.value)
    draft.refresh_from_db()
    assert draft.content["effects"]["kpis"]["6"] == {"change": "35", "direction": "缩短"}


@pytest.mark.parametrize("value, message", [
    ("1" * 13, "关键设备数控化率的基线值：数字过大，整数部分最多 12 位"),
    ("1.23456", "关键设备数控化率的基线值：小数最多 4 位"),
    ("1" * 1_000_000, "关键设备数控化率的基线值：数字过长"),
    ("12..5", "关键设备数控化率的基线值：请填写数字（单位：%）"),
    ("1e5", "关键设备数控化率的基线值：请填写数字（单位：%）"),
])
def test_kpi_numbers_are_bounded_with_a_message_naming_the_field(draft, editor, value, message):
    response = autosave(editor, draft, {"effects.kpis.1.baseline": value})
    assert response.status_code == 422
    assert message in response.json()["errors"][0]["message"]
    draft.refresh_from_db()
    assert draft.content["effects"]["kpis"]["1"]["baseline"] == "45"  # nothing changed


def test_full_width_digits_are_stored_as_ascii(draft, editor):
    assert autosave(editor, draft, {"effects.kpis.1.current": "１２３４．５", "effects.kpis.8.change": "２８"}).status_code == 200
    draft.refresh_from_db()
    assert draft.content["effects"]["kpis"]["1"]["current"] == "1234.5"
    assert draft.content["effects"]["kpis"]["8"]["change"] == "28"


def kpi_row(page: str, no: int) -> str:
    return re.search(rf'<tr id="kpi-{no}".*?</tr>(?:<tr class="kpi-flag">.*?</tr>)?', page, re.S).group(0)


def test_the_editor_shows_a_change_kpi_with_one_value_and_a_level_kpi_with_two(draft, editor):
    with clock.frozen_at(clock.shanghai(2025, 7, 1, 10)):
        page = editor.get(f"/applications/{draft.pk}/edit/").content.decode()
    change = kpi_row(page, 6)
    assert change.count("<input") == 1 and 'data-path="effects.kpis.6.change"' in change
    assert '<option value="缩短" selected>' in change and '<option value="延长">' in change
    level = kpi_row(page, 1)
    assert 'data-path="effects.kpis.1.baseline"' in level and 'data-path="effects.kpis.1.current"' in level


def test_kpi_4_is_prefilled_from_the_engines_ratio_and_flagged_when_it_differs(draft, editor):
    ai = sum(1 for s in draft.content["scenes"]["scenarios"] if s["uses_ai"])
    n = len(draft.content["scenes"]["scenarios"])
    expected = f"{round(ai / n * 100, 1):g}"
    with clock.frozen_at(clock.shanghai(2025, 7, 1, 10)):
        row = kpi_row(editor.get(f"/applications/{draft.pk}/edit/").content.decode(), 4)
    assert f'value="{expected}"' in row and "已按具体场景表自动填入" in row
    draft.refresh_from_db()
    assert "4" not in draft.content["effects"]["kpis"]  # opening the editor writes nothing
    autosave(editor, draft, {"effects.kpis.4.current": "95"})
    with clock.frozen_at(clock.shanghai(2025, 7, 1, 10)):
        page = editor.get(f"/applications/{draft.pk}/edit/").content.decode()
        panel = editor.get(f"/applications/{draft.pk}/findings/").content.decode()
    flag = f"应用人工智能技术场景比例：填写的当前值 95% 与具体场景表计算的 {expected}% 不一致"
    assert flag in kpi_row(page, 4) and "已按具体场景表自动填入" not in kpi_row(page, 4)
    assert flag in panel
    autosave(editor, draft, {"effects.kpis.4.current": expected})
    with clock.frozen_at(clock.shanghai(2025, 7, 1, 10)):
        panel = editor.get(f"/applications/{draft.pk}/findings/").content.decode()
    assert "应用人工智能技术场景比例：填写的当前值" not in panel


def test_kpi_5_is_flagged_below_the_distinct_ai_models_of_the_scenarios(draft, editor):
    rows = [dict(s, ai_models="") for s in draft.content["scenes"]["scenarios"]]
    rows[0]["ai_models"] = "视觉检测模型；工艺知识大模型"
    rows[1]["ai_models"] = "视觉检测模型、排产优化模型"  # 视觉检测模型 again: counted once
    autosave(editor, draft, {"scenes.scenarios": rows, "effects.kpis.5.current": "2"})
    with clock.frozen_at(clock.shanghai(2025, 7, 1, 10)):
        panel = editor.get(f"/applications/{draft.pk}/findings/").content.decode()
    assert "工厂应用人工智能模型数量：填写的当前值 2 个少于具体场景表列出的 3 个不同的人工智能模型" in panel
    autosave(editor, draft, {"effects.kpis.5.current": "3"})
    with clock.frozen_at(clock.shanghai(2025, 7, 1, 10)):
        panel = editor.get(f"/applications/{draft.pk}/findings/").content.decode()
    assert "工厂应用人工智能模型数量：填写的当前值" not in panel


def test_a_draft_with_kpis_saved_in_the_old_shape_still_opens_and_shows_them(draft, editor):
    draft.content["effects"]["kpis"] = {"6": {"baseline": "40", "current": "30"}, "1": {"baseline": "45", "current": "78.5"}}
    draft.content["effects"].pop("results", None)
    draft.save()
    with clock.frozen_at(clock.shanghai(2025, 7, 1, 10)):
        response = editor.get(f"/applications/{draft.pk}/edit/")
    assert response.status_code == 200
    assert "此前按基线值 40、当前值 30 填写" in kpi_row(response.content.decode(), 6)


# --------------------------------------------------------------------------------- item 12: pledges


def test_the_editor_asks_for_exactly_the_pledge_words_the_snapshot_keeps(client, login):
    application = ready_application()
    owner = enterprise_user(application.enterprise)
    login(owner)
    with clock.frozen_at(clock.shanghai(2025, 7, 1, 10)):
        page = client.get(f"/applications/{application.pk}/edit/").content.decode()
    labels = [html.unescape(x) for x in re.findall(r'<label for="decl-(?:truthful|no-secrets)" class="pledge-text">(.*?)</label>', page)]
    assert labels == [text for _, text in DECLARATIONS]
    with clock.frozen_at(clock.shanghai(2025, 7, 10, 9)):
        set_application_state(application, "submitted", owner)
    assert application.snapshots.get().data["pledges"] == [{"key": k, "text": t} for k, t in DECLARATIONS]
