"""Issue 10, items 9–13 in the printed 申报书: the PDF (pdftotext) and the DOCX (python-docx) of a real
submitted snapshot follow 附件2 / 附件4 sub-item by sub-item, print the pledge words the applicant ticked,
print change KPIs with one value, and still print snapshots made before any of this."""

import io
import re
import subprocess

import pytest
from docx import Document

from factorytier.applications.content import DECLARATIONS
from factorytier.applications.models import Snapshot, State
from factorytier.applications.services import set_application_state
from factorytier.core import clock
from factorytier.rendering.jobs import render

from ..factories import enterprise_user, ready_application

pytestmark = pytest.mark.django_db

EXCELLENT = ["一、申报单位基本信息", "二、智能工厂基本情况", "（一）项目简介", "（二）建设成效", "（三）真实性承诺",
             "三、智能工厂场景建设情况", "（一）项目总体情况", "（二）重点环节建设情况", "（三）具体场景建设情况",
             "（四）系统集成情况", "四、智能工厂建设成效", "（一）先进性与特色", "（二）实施成效", "（三）后续实施计划"]
LEADING = [*EXCELLENT[:10], "四、领航级智能工厂培育方案", "（一）培育目标", "（二）未来制造模式创新方向", "（三）关键创建举措",
           "五、智能工厂建设成效", "（一）先进性与特色", "（二）实施成效", "（三）后续实施计划"]


def submit(tier: str, **content_changes) -> Snapshot:
    application = ready_application(tier)
    application.content["effects"]["kpis"] = {"1": {"baseline": "45", "current": "78.5"},
                                              "6": {"change": "35", "direction": "缩短"},
                                              "17": {"change": "3.5", "direction": "升高"}}
    for key, value in content_changes.items():
        application.content[key] = value
    application.save()
    with clock.frozen_at(clock.shanghai(2025, 7, 10, 9)):
        set_application_state(application, State.SUBMITTED, enterprise_user(application.enterprise))
    return application.snapshots.get()


def pdf_text(snapshot, raw=False) -> str:
    args = ["pdftotext", *(["-raw"] if raw else []), "-", "-"]
    return subprocess.run(args, input=render(snapshot, "pdf"), capture_output=True, check=True).stdout.decode()


def docx_of(snapshot):
    return Document(io.BytesIO(render(snapshot, "docx")))


def headings_in(text: str, expected: list[str]) -> list[str]:
    """The expected headings in the order they occur in `text` (each heading's first occurrence as a line)."""
    lines = [re.sub(r"\s+", "", line) for line in text.splitlines()]
    found = []
    start = 0
    for heading in expected:
        try:
            start = lines.index(heading, start) + 1
        except ValueError:
            break
        found.append(heading)
    return found


@pytest.mark.parametrize("tier, expected", [("excellent", EXCELLENT), ("leading", LEADING)])
def test_the_pdf_follows_the_annexes_item_by_item(tier, expected):
    assert headings_in(pdf_text(submit(tier)), expected) == expected


@pytest.mark.parametrize("tier, expected", [("excellent", EXCELLENT), ("leading", LEADING)])
def test_the_docx_follows_the_annexes_item_by_item(tier, expected):
    document = docx_of(submit(tier))
    headings = [p.text for p in document.paragraphs if p.style.name in ("Heading 1", "Heading 2")]
    assert [h for h in headings if h in expected] == expected


def test_change_kpis_print_one_value_with_its_direction():
    snapshot = submit("excellent")
    raw = pdf_text(snapshot, raw=True)
    assert "1 能力提升类指标 关键设备数控化率 % 45 78.5 +33.5" in raw
    assert "6 价值效益类指标 研制周期缩短 % — — 缩短 35" in raw
    assert "单位产值综合能耗降低 % — — 升高 3.5" in raw
    # KPI 4 left empty prints the ratio of the frozen scenario table, as the editor showed it prefilled
    scenarios = snapshot.data["content"]["scenes"]["scenarios"]
    ratio = sum(1 for s in scenarios if s["uses_ai"]) / len(scenarios) * 100
    assert f"4 能力提升类指标 应用人工智能技术场景比例 % （未填写） {ratio:g} —" in raw
    table = next(t for t in docx_of(snapshot).tables if t.rows[0].cells[0].text == "序号" and t.rows[0].cells[4].text == "基线值")
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert ["6", "价值效益类指标", "研制周期缩短", "%", "—", "—", "缩短 35"] in rows


def test_the_print_carries_the_implementation_results_narrative():
    snapshot = submit("excellent")
    assert "实施成效。" in pdf_text(snapshot)
    assert "实施成效。" in [p.text for p in docx_of(snapshot).paragraphs]


def test_the_pledges_print_word_for_word_what_the_applicant_ticked():
    snapshot = submit("excellent")
    pdf = re.sub(r"\s+", "", pdf_text(snapshot))
    docx_lines = [p.text for p in docx_of(snapshot).paragraphs]
    for _, words in DECLARATIONS:
        assert words in pdf
        assert f"☑ {words}" in docx_lines  # the tick and the words, nothing added
    for invented in ("如有虚假", "个人隐私", "已承诺"):
        assert invented not in pdf and not any(invented in line for line in docx_lines)


def test_a_snapshot_keeps_the_pledge_words_it_was_submitted_with(monkeypatch):
    snapshot = submit("excellent")
    monkeypatch.setattr("factorytier.applications.content.DECLARATIONS", (("truthful", "以后改过的文字"),))
    monkeypatch.setattr("factorytier.rendering.builder.DECLARATIONS", (("truthful", "以后改过的文字"),))
    assert DECLARATIONS[0][1] in re.sub(r"\s+", "", pdf_text(snapshot))


def test_a_snapshot_from_before_kpi_kinds_and_pledges_still_prints():
    """A snapshot is immutable: one frozen with KPIs as 基线值/当前值 for a change KPI, no 实施成效 text and no
    pledge words prints as it was submitted."""
    snapshot = submit("excellent")
    data = snapshot.data
    data["content"]["effects"]["kpis"] = {"6": {"baseline": "40", "current": "30"}, "1": {"baseline": "45", "current": "78.5"},
                                          "99": {"baseline": "1"}, "8": "乱"}
    data["content"]["effects"].pop("results")
    data.pop("pledges")
    Snapshot.objects.filter(pk=snapshot.pk).update(data=data)
    snapshot.refresh_from_db()
    raw = pdf_text(snapshot, raw=True)
    assert "6 价值效益类指标 研制周期缩短 % 40 30 -10" in raw  # as saved, the change computed as then
    assert re.sub(r"\s+", "", DECLARATIONS[0][1]) in re.sub(r"\s+", "", raw)
    rows = [[c.text for c in r.cells] for t in docx_of(snapshot).tables for r in t.rows]
    assert ["6", "价值效益类指标", "研制周期缩短", "%", "40", "30", "-10"] in rows


def test_the_officer_sees_the_kpi_flags_of_the_submission_and_the_print_does_not_carry_them(client, login):
    from ..factories import recommender

    snapshot = submit("excellent", effects={"advancement": "先进性。", "results": "实施成效。", "plan": "后续计划。",
                                            "kpis": {"4": {"baseline": "10", "current": "95"}, "5": {"current": "1"}}})
    application = snapshot.application
    login(recommender(application.enterprise.recommending_unit))
    with clock.frozen_at(clock.shanghai(2025, 7, 11, 9)):
        body = client.get(f"/applications/{application.pk}/").content.decode()
    assert "应用人工智能技术场景比例：填写的当前值 95% 与具体场景表计算的" in body
    assert "工厂应用人工智能模型数量：填写的当前值 1 个少于具体场景表列出的" in body
    assert "请核对" not in pdf_text(snapshot)
