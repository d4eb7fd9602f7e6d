"""附件3 / 附件5 read back cell by cell (openpyxl, python-docx), from the page, the command and the layout."""

import io

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from openpyxl import load_workbook

from factorytier.recommendations import services
from factorytier.recommendations.summary import SummaryUnavailable, build

from ..factories import EnterpriseFactory, ready_application
from .conftest import submit

pytestmark = pytest.mark.django_db

NOTE3 = "注：1.推荐的卓越级智能工厂项目按优先次序排名；2.推荐数量不超过通知中规定的上限。"
NOTE5 = "注：1.推荐的领航级智能工厂项目按优先次序排名；2.推荐数量不超过通知中规定的上限。"


@pytest.fixture
def submitted_list(before_deadline, unit, campaign, officer):
    apps = []
    for n in range(3):
        a = ready_application(campaign=campaign, enterprise=EnterpriseFactory(recommending_unit=unit))
        if n == 1:
            a.content["scenes"]["scenarios"][2]["instance"] = "多机协同的发动机壳体柔性加工与检测"
            a.save()
        apps.append(submit(a))
    rl = services.list_for(unit, campaign, "excellent")
    for a in (apps[1], apps[0]):
        rl = services.add_application(rl, a, officer, rl.version)
    return services.submit_list(rl, officer, rl.version), [apps[1], apps[0]]


def test_annex3_xlsx_cell_by_cell(submitted_list, unit):
    rl, ranked = submitted_list
    name, data = build(rl, "xlsx")
    assert name.startswith("附件3-2025-")
    ws = load_workbook(io.BytesIO(data)).active
    assert ws["A1"].value == "附件3"
    assert ws["A2"].value == "卓越级智能工厂项目推荐汇总表"
    assert ws["A3"].value == f"推荐单位（盖章）：{unit.name}"
    assert [c.value for c in ws[4]] == ["序号", "申报单位名称", "卓越级智能工厂项目名称", "涉及典型场景实例（罗列）", "联系人", "联系方式（手机号）"]
    assert [ws.cell(r, 1).value for r in (5, 6)] == [1, 2]
    assert [ws.cell(r, 2).value for r in (5, 6)] == [a.enterprise.name for a in ranked]
    lines = ws["D5"].value.split("\n")
    assert lines[0] == "1.工厂建设—数字孪生工厂构建—总装车间数字孪生与实时数据交互"
    assert lines[2] == "3.生产作业—人机协同作业—多机协同的发动机壳体柔性加工与检测"
    assert ws["E5"].value == ranked[0].content["basic"]["contact_name"]
    assert ws["F5"].value == ranked[0].content["basic"]["contact_mobile"] and ws["F5"].data_type == "s"
    assert ws["A7"].value == NOTE3
    assert ws.print_title_rows == "$4:$4"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9


def test_formula_like_text_is_stored_as_text(before_deadline, unit, campaign, officer, make_submitted):
    a = make_submitted()
    from factorytier.applications.models import Snapshot

    # the title is frozen at submission: make the frozen title formula-like
    snap = a.snapshots.first()
    data = dict(snap.data)
    data["application"] = {**data["application"], "title": "=1+2"}
    Snapshot.objects.filter(pk=snap.pk).update(data=data)
    rl = services.list_for(unit, campaign, "excellent")
    rl = services.submit_list(services.add_application(rl, a, officer, None), officer, None)
    ws = load_workbook(io.BytesIO(build(rl, "xlsx")[1])).active
    assert ws["C5"].value == "=1+2" and ws["C5"].data_type == "s"


def test_annex3_docx_cell_by_cell(submitted_list, unit):
    rl, ranked = submitted_list
    doc = Document(io.BytesIO(build(rl, "docx")[1]))
    texts = [p.text for p in doc.paragraphs]
    assert texts[:3] == ["附件3", "卓越级智能工厂项目推荐汇总表", f"推荐单位（盖章）：{unit.name}"]
    assert texts[-1] == NOTE3
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["序号", "申报单位名称", "卓越级智能工厂项目名称", "涉及典型场景实例（罗列）", "联系人", "联系方式（手机号）"]
    assert [table.rows[r].cells[0].text for r in (1, 2)] == ["1", "2"]
    assert [table.rows[r].cells[1].text for r in (1, 2)] == [a.enterprise.name for a in ranked]
    scenario_paragraphs = [p.text for p in table.rows[1].cells[3].paragraphs]
    assert scenario_paragraphs[2] == "3.生产作业—人机协同作业—多机协同的发动机壳体柔性加工与检测"
    assert table.rows[1].cells[5].text == ranked[0].content["basic"]["contact_mobile"]
    assert table.rows[0]._tr.trPr.xml.count("tblHeader") == 1
    section = doc.sections[0]
    assert section.page_width > section.page_height and abs(section.page_width.mm - 297) < 1


def test_annex5_future_modes(before_deadline, unit, campaign, officer, make_submitted):
    a = make_submitted("leading")
    rl = services.list_for(unit, campaign, "leading")
    rl = services.submit_list(services.add_application(rl, a, officer, None), officer, None)
    ws = load_workbook(io.BytesIO(build(rl, "xlsx")[1])).active
    assert ws["A1"].value == "附件5" and ws["A2"].value == "领航级智能工厂项目推荐汇总表"
    assert [c.value for c in ws[4]] == ["序号", "申报单位名称", "领航级智能工厂项目名称", "涉及典型场景实例（罗列）",
                                        "重点探索的未来制造模式清单", "联系人", "联系方式（手机号）"]
    assert ws["E5"].value == "1.研发模式创新-创成式设计；"
    assert ws["A6"].value == NOTE5
    doc = Document(io.BytesIO(build(rl, "docx")[1]))
    assert doc.tables[0].rows[1].cells[4].text == "1.研发模式创新-创成式设计；"
    assert doc.paragraphs[-1].text == NOTE5


def test_not_before_the_list_is_submitted(before_deadline, unit, campaign):
    with pytest.raises(SummaryUnavailable):
        build(services.list_for(unit, campaign, "excellent"), "xlsx")


def test_command_line(submitted_list, unit, campaign, tmp_path):
    out = tmp_path / "a3.xlsx"
    call_command("summary_table", "--campaign", str(campaign.pk), "--unit", unit.district, "--tier", "excellent",
                 "--format", "xlsx", "--output", str(out))
    assert load_workbook(out).active["A1"].value == "附件3"
    call_command("summary_table", "--campaign", "2025", "--unit", unit.name, "--tier", "excellent",
                 "--format", "docx", "--output", str(tmp_path / "a3.docx"))
    assert Document(str(tmp_path / "a3.docx")).paragraphs[0].text == "附件3"
    with pytest.raises(CommandError, match="未找到"):
        call_command("summary_table", "--campaign", "2025", "--unit", "不存在区", "--tier", "excellent",
                     "--format", "xlsx", "--output", str(out))


def test_summary_table_queries_do_not_grow_with_rows(before_deadline, campaign, officer, make_submitted):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from factorytier.accounts.choices import UnitKind

    from ..factories import UnitFactory

    group = UnitFactory(kind=UnitKind.CENTRAL_SOE)  # no quota binds a group HQ: room for many rows
    counts = []
    for n in (3, 12):
        rl = services.list_for(group, campaign, "excellent") if n == 3 else services.list_for(UnitFactory(kind=UnitKind.CENTRAL_SOE), campaign, "excellent")
        from factorytier.recommendations.models import ListEntry

        for i in range(n):
            ListEntry.objects.create(ranked_list=rl, application=make_submitted(), rank=i + 1)
        rl.submitted_at = rl.campaign.recommendation_deadline
        with CaptureQueriesContext(connection) as q:
            build(rl, "xlsx")
        counts.append(len(q))
    assert counts[0] == counts[1], counts
