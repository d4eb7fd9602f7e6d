import copy
import io

import pytest
from docx import Document
from docx.oxml.ns import qn

from factorytier.documents import render_docx

from .conftest import squash

SCENARIO_COLUMNS = ["序号", "环节", "场景名", "实例名", "是否应用AI", "AI模型"]
KPI_COLUMNS = ["序号", "指标类别", "指标名称", "单位", "基线值", "当前值", "变化"]


def open_docx(data: bytes):
    return Document(io.BytesIO(data))


def cell_text(tc) -> str:
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p")))


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for tr in table._tbl.tr_lst:
            parts.extend(cell_text(tc) for tc in tr.tc_lst)
    return "\n".join(parts)


def headings(document, level: int) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def find_table(document, columns):
    for table in document.tables:
        first = table._tbl.tr_lst[0]
        if [cell_text(tc) for tc in first.tc_lst] == columns:
            return table
    raise AssertionError(f"no table with columns {columns}")


def test_sections_in_order_as_word_headings(leading_doc, docx_bytes):
    document = open_docx(docx_bytes(leading_doc))
    assert headings(document, 1) == ["一、申报单位基本信息", "二、智能工厂基本情况", "三、智能工厂场景建设情况",
                                     "四、领航级智能工厂培育方案", "五、智能工厂建设成效", "附件清单"]
    level2 = headings(document, 2)
    assert level2[:3] == ["（一）项目简介", "（二）建设成效", "（三）真实性承诺"]
    assert headings(document, 3) == ["1. 工厂建设", "2. 研发设计", "3. 生产作业", "4. 生产管理", "5. 运营管理",
                                     "附表：智能工厂建设关键绩效指标"]
    text = all_text(document)
    assert "1.研发模式创新-创成式设计" in text
    assert "领航级智能工厂项目申报书" in text and "2025-LD-00012" in text


def test_excellent_has_four_sections(excellent_doc, docx_bytes):
    document = open_docx(docx_bytes(excellent_doc))
    assert headings(document, 1) == ["一、申报单位基本信息", "二、智能工厂基本情况", "三、智能工厂场景建设情况",
                                     "四、智能工厂建设成效", "附件清单"]


def test_markup_comes_out_literally(leading_doc, markup, docx_bytes):
    text = all_text(open_docx(docx_bytes(leading_doc)))
    assert text.count(markup) == 2


@pytest.mark.parametrize("which, n", [("leading_doc", 5), ("big_doc", 60)])
def test_scenario_table_rows_and_repeated_header(which, n, request, docx_bytes):
    doc = request.getfixturevalue(which)
    table = find_table(open_docx(docx_bytes(doc)), SCENARIO_COLUMNS)
    rows = table._tbl.tr_lst
    scenario_rows = [tr for tr in rows if len(tr.tc_lst) == len(SCENARIO_COLUMNS)]
    description_rows = [tr for tr in rows if len(tr.tc_lst) == 1]
    assert len(scenario_rows) == n + 1  # header + one row per scenario
    assert len(description_rows) == n  # each followed by its full-width description
    assert description_rows[0].tc_lst[0].grid_span == len(SCENARIO_COLUMNS)
    assert cell_text(description_rows[0].tc_lst[0]).startswith("场景描述：")
    header_flag = rows[0].trPr.find(qn("w:tblHeader"))
    assert header_flag is not None and header_flag.get(qn("w:val")) in ("true", "1", None)
    assert all(tr.trPr is None or tr.trPr.find(qn("w:tblHeader")) is None for tr in rows[1:])


def test_kpi_table(leading_doc, docx_bytes):
    table = find_table(open_docx(docx_bytes(leading_doc)), KPI_COLUMNS)
    rows = table._tbl.tr_lst
    assert len(rows) == 22
    assert [cell_text(tc) for tc in rows[1].tc_lst] == ["1", "能力提升类指标", "关键设备数控化率", "%", "62.0",
                                                                 "91.5", "+29.5"]
    # 研制周期缩短 is itself a change: one value and its direction, no baseline or current
    assert [cell_text(tc) for tc in rows[6].tc_lst] == ["6", "价值效益类指标", "研制周期缩短", "%", "—", "—", "缩短 35.0"]
    assert rows[0].trPr.find(qn("w:tblHeader")) is not None


def test_east_asian_fonts_are_set(leading_doc, docx_bytes):
    document = open_docx(docx_bytes(leading_doc))
    rfonts = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert rfonts.get(qn("w:eastAsia")) == "宋体"
    heading = document.styles["Heading 1"].element.rPr.find(qn("w:rFonts"))
    assert heading.get(qn("w:eastAsia")) == "黑体"
    assert heading.get(qn("w:eastAsiaTheme")) is None and heading.get(qn("w:asciiTheme")) is None


def test_header_and_footer_carry_number_and_digest(leading_doc, docx_bytes):
    section = open_docx(docx_bytes(leading_doc)).sections[0]
    header = "\n".join(p.text for p in section.header.paragraphs)
    footer = cell_text(section.footer._element)
    assert leading_doc["application"]["number"] in header
    assert leading_doc["content"]["basic"]["enterprise_name"] in header
    assert leading_doc["digest"] in footer
    assert leading_doc["verify_url"] in footer
    assert section.footer.part.related_parts, "the QR code image"
    assert " PAGE " in section.footer._element.xml and " NUMPAGES " in section.footer._element.xml
    assert section.page_width.mm == pytest.approx(210, abs=0.5)


def test_missing_fields_render_placeholder(leading_doc):
    doc = copy.deepcopy(leading_doc)
    del doc["content"]["basic"]["contact_mobile"]
    doc["content"]["effects"] = None
    text = all_text(open_docx(render_docx(doc)))
    assert "联系方式（手机号）\n（未填写）" in text
    assert text.count("（未填写）") >= 3


@pytest.mark.parametrize("doc", [{}, {"content": {}}, {"application": {"tier": "leading"}}])
def test_empty_documents_render(doc):
    document = open_docx(render_docx(doc))
    assert "（未填写）" in squash(all_text(document))
    assert headings(document, 1)[0] == "一、申报单位基本信息"
    if doc.get("application", {}).get("tier") == "leading":
        assert len(headings(document, 1)) == 6


def test_sixty_scenarios_all_render(big_doc):
    # How fast is bench/documents_bench.py's business (timed assertions do not belong in the suite).
    document = Document(io.BytesIO(render_docx(big_doc)))
    rows = sum(len(t.rows) for t in document.tables)
    assert rows > 60


def test_control_characters_do_not_break_the_xml(leading_doc):
    doc = copy.deepcopy(leading_doc)
    doc["content"]["scenes"]["scenarios"][0]["description"] = "前\x00\x07\x1b后 & <b> \"引号\""
    doc["content"]["basic"]["address"] = "地址\x0c"
    text = all_text(open_docx(render_docx(doc)))
    assert "前后 & <b> \"引号\"" in text
