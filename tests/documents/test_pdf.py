import copy
import re

import pytest

from factorytier.documents import FontsMissingError, render_pdf
from factorytier.documents import pdf as pdf_module

from .conftest import pdf_pages, run, squash

LEADING_HEADINGS = ["一、申报单位基本信息", "二、智能工厂基本情况", "三、智能工厂场景建设情况",
                    "四、领航级智能工厂培育方案", "五、智能工厂建设成效", "附件清单"]
EXCELLENT_HEADINGS = ["一、申报单位基本信息", "二、智能工厂基本情况", "三、智能工厂场景建设情况",
                      "四、智能工厂建设成效", "附件清单"]


def in_order(text: str, needles: list[str]) -> bool:
    positions = [text.find(n) for n in needles]
    return -1 not in positions and positions == sorted(positions)


@pytest.mark.parametrize("which", ["excellent_doc", "leading_doc", "big_doc"])
def test_every_page_carries_enterprise_number_and_digest(which, request, pdf_file):
    doc = request.getfixturevalue(which)
    path = pdf_file(doc)
    assert path.read_bytes().startswith(b"%PDF")
    pages = pdf_pages(path)
    assert len(pages) >= 4
    name = doc["content"]["basic"]["enterprise_name"]
    for number, page in enumerate(pages, 1):
        flat = squash(page)
        assert name in flat, f"page {number}"
        assert doc["application"]["number"] in flat, f"page {number}"
        assert doc["digest"] in flat, f"page {number}"
        assert f"第{number}页共{len(pages)}页" in flat


def test_cjk_sc_fonts_embedded_and_no_japanese_shapes(leading_doc, pdf_file):
    fonts = [line.split()[0] for line in run("pdffonts", str(pdf_file(leading_doc))).splitlines()[2:]]
    cjk_sc = [f for f in fonts if "CJK" in f and "SC" in f.upper()]
    assert cjk_sc, fonts
    assert any("Serif" in f for f in cjk_sc) and any("Sans" in f for f in cjk_sc)
    assert not [f for f in fonts if "JP" in f.upper()], fonts


@pytest.mark.parametrize("page", ["first", "last"])
def test_qr_code_decodes_to_verify_url(page, leading_doc, pdf_file, tmp_path):
    path = pdf_file(leading_doc)
    n = 1 if page == "first" else len(pdf_pages(path))
    run("pdftoppm", "-r", "200", "-png", "-f", str(n), "-l", str(n), "-singlefile", str(path), str(tmp_path / "p"))
    decoded = run("zbarimg", "--quiet", "--raw", str(tmp_path / "p.png")).split()
    assert decoded == [leading_doc["verify_url"]]


def test_leading_has_five_sections_in_order(leading_doc, pdf_file):
    text = squash("".join(pdf_pages(pdf_file(leading_doc))))
    assert in_order(text, LEADING_HEADINGS)
    assert "1.研发模式创新-创成式设计" in text
    assert "4.服务模式创新-产品全生命周期增值服务" in text


def test_excellent_has_four_sections_in_order(excellent_doc, pdf_file):
    text = squash("".join(pdf_pages(pdf_file(excellent_doc))))
    assert in_order(text, EXCELLENT_HEADINGS)
    assert "培育方案" not in text


def test_cover_and_subsections(leading_doc, pdf_file):
    pages = [squash(p) for p in pdf_pages(pdf_file(leading_doc))]
    cover = pages[0]
    for value in ("领航级智能工厂项目申报书", "上海智造精密装备股份有限公司", "2025年度上海市卓越级智能工厂、领航级智能工厂申报",
                  "2025-LD-00012", "2025-07-1123:59:59"):
        assert value in cover
    text = "".join(pages)
    assert in_order(text, ["（一）项目总体情况", "（二）重点环节建设情况", "1.工厂建设", "2.研发设计", "3.生产作业",
                           "4.生产管理", "5.运营管理", "（三）具体场景建设情况", "（四）系统集成情况"])
    raw = run("pdftotext", "-raw", str(pdf_file(leading_doc)), "-")
    assert "序号 指标类别 指标名称 单位 基线值 当前值 变化" in raw  # the KPI table header
    assert "12,345.67" in text  # numbers are printed as given
    assert "真实性承诺" in text and "（已承诺）" not in text  # the pledge prints the applicant's words only


def test_markup_characters_come_out_literally(leading_doc, markup, pdf_file):
    text = squash("".join(pdf_pages(pdf_file(leading_doc))))
    assert text.count(squash(markup)) == 2  # project summary and first scenario description


def test_markup_in_header_fields_is_literal(leading_doc, tmp_path):
    doc = copy.deepcopy(leading_doc)
    evil = "#pagebreak() [公司] $x$ *粗* <b> @x \\ `c` // /* 有限公司"
    doc["content"]["basic"]["enterprise_name"] = evil
    doc["application"]["number"] = "#set-page"
    path = tmp_path / "evil.pdf"
    path.write_bytes(render_pdf(doc))
    pages = pdf_pages(path)
    assert len(pages) == len(pdf_pages(_render_to(tmp_path / "ok.pdf", leading_doc)))
    for page in pages:
        assert squash(evil) in squash(page)
        assert "#set-page" in page


def _render_to(path, doc):
    path.write_bytes(render_pdf(doc))
    return path


def test_sixty_scenarios_break_across_pages_with_repeated_header(big_doc, pdf_file):
    pages = [squash(p) for p in pdf_pages(pdf_file(big_doc))]
    text = "".join(pages)
    for i in range(1, 61):
        assert f"（{i}号线）" in text
    header_pages = [p for p in pages if all(c in p for c in ("序号", "环节", "场景名", "实例名", "是否应用AI", "AI模型"))]
    assert len(header_pages) >= 3, "the scenario table header repeats on each page"
    assert "（四）系统集成情况" in text


def test_missing_fields_render_placeholder(leading_doc, tmp_path):
    doc = copy.deepcopy(leading_doc)
    del doc["content"]["basic"]["contact_mobile"]
    doc["content"]["factory"]["summary"] = ""
    doc["content"]["scenes"]["scenarios"][0] = {"guide_link": None, "uses_ai": None}
    doc["content"]["cultivation"] = {"future_modes": [{}]}
    doc["kpis"] = [{"name": "关键设备数控化率", "baseline": 45}]
    text = squash("".join(pdf_pages(_render_to(tmp_path / "m.pdf", doc))))
    assert "联系方式（手机号）（未填写）" in text
    assert "（一）项目简介（未填写）" in text
    assert "1.（未填写）-（未填写）" in text
    assert "关键设备数控化率" in text and "45" in text


@pytest.mark.parametrize("doc", [{}, {"content": {}}, {"application": {"tier": "leading"}, "content": None},
                                 {"application": {"tier": "excellent"}, "materials": {"sections": []}, "kpis": None}])
def test_empty_documents_render(doc, tmp_path):
    pages = pdf_pages(_render_to(tmp_path / "e.pdf", doc))
    text = squash("".join(pages))
    assert "（未填写）" in text
    assert "一、申报单位基本信息" in text
    if doc.get("application", {}).get("tier") == "leading":
        assert "五、智能工厂建设成效" in text


def test_sections_follow_materials_titles_not_only_positions(leading_doc, tmp_path):
    doc = copy.deepcopy(leading_doc)
    doc["materials"]["sections"] = [s for s in doc["materials"]["sections"] if s["clause"] != "M.LD.3"]
    text = squash("".join(pdf_pages(_render_to(tmp_path / "s.pdf", doc))))
    assert in_order(text, ["一、申报单位基本信息", "二、智能工厂基本情况", "三、领航级智能工厂培育方案", "四、智能工厂建设成效"])
    assert "具体场景建设情况" not in text


def test_missing_fonts_raise_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setattr(pdf_module, "FONT_DIRS", (str(tmp_path),))
    monkeypatch.delenv(pdf_module.FONT_DIR_ENV, raising=False)
    with pytest.raises(FontsMissingError, match="fonts-noto-cjk"):
        pdf_module.find_font_files()


def test_same_snapshot_same_bytes(excellent_doc):
    assert render_pdf(excellent_doc) == render_pdf(excellent_doc)


def test_sixty_scenarios_all_render(big_doc):
    # How fast is bench/documents_bench.py's business (timed assertions do not belong in the suite).
    data = render_pdf(big_doc)
    assert len(re.findall(rb"/Type\s*/Page\b", data)) >= 3


def test_control_characters_and_quotes_in_pdf(leading_doc, tmp_path):
    doc = copy.deepcopy(leading_doc)
    doc["content"]["scenes"]["overall"] = "前\x00\x07后 \"引号\" '单' } ) ]"
    text = "".join(pdf_pages(_render_to(tmp_path / "c.pdf", doc)))
    assert "前后 \"引号\" '单' } ) ]" in text
