"""DOCX rendering with python-docx, from the same view as the PDF (see :mod:`factorytier.documents.model`).

Word specifics handled here:

* East Asian text needs ``w:eastAsia`` on ``w:rFonts`` (``font.name`` only sets ascii/hAnsi), and the
  theme-font attributes of the built-in heading styles must go, or they win over the explicit fonts;
* a table's header row repeats on each page only with ``w:tblHeader`` on its ``w:trPr``;
* tables are built on the XML level (``tr.tc_lst``) — python-docx's ``row.cells`` walks the whole table
  each time, which makes 120-row tables quadratic.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

import segno
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table, _Cell

from .model import build_view
from .pdf import submission_time

SERIF_EA = "宋体"
SANS_EA = "黑体"
LATIN = "Times New Roman"
GREY = RGBColor(0x5C, 0x5C, 0x5C)
SHADE = "EEF1F5"
BODY_PT = 10.5
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}


def set_fonts(rpr_owner, east_asia: str, latin: str = LATIN) -> None:
    """Set ascii/hAnsi/eastAsia fonts on a style's or run's rPr and drop theme-font overrides."""
    rpr = rpr_owner.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:eastAsia"), east_asia)
    rfonts.set(qn("w:cs"), latin)


def _styles(document) -> None:
    styles = document.styles
    normal = styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    set_fonts(normal.element, SERIF_EA)
    pf = normal.paragraph_format
    pf.space_before, pf.space_after, pf.line_spacing = Pt(0), Pt(4), 1.25
    # East Asian language for proofing/line breaking.
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    normal.element.get_or_add_rPr().append(lang)
    for level, size in ((1, 14), (2, 12), (3, 11)):
        style = styles[f"Heading {level}"]
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = RGBColor(0x1A, 0x1A, 0x1A)
        set_fonts(style.element, SANS_EA)
        style.paragraph_format.space_before = Pt(14 if level == 1 else 10)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
    title = styles["Title"]
    set_fonts(title.element, SANS_EA)
    title.font.size = Pt(24)
    title.font.bold = True
    title.font.color.rgb = RGBColor(0x1A, 0x1A, 0x1A)
    # The built-in Title style has a bottom border; a cover title should not.
    ppr = title.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)


def _cell_text(cell: _Cell, value: str, *, bold: bool = False, size: float | None = None, align: str = "left",
               east_asia: str | None = None, latin: str | None = None, label: str = "",
               keep_with_next: bool = False) -> None:
    lines = value.split("\n")
    paragraph = cell.paragraphs[0]
    for i, line in enumerate(lines):
        if i:
            paragraph = cell.add_paragraph()
        paragraph.alignment = ALIGN.get(align, WD_ALIGN_PARAGRAPH.LEFT)
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.line_spacing = 1.1
        if keep_with_next:  # a scenario row stays on the page of its description row
            paragraph.paragraph_format.keep_with_next = True
        if label and i == 0:
            lab = paragraph.add_run(label)
            lab.bold = True
            if size:
                lab.font.size = Pt(size)
            set_fonts(lab._r, SANS_EA)
        run = paragraph.add_run(line)
        run.bold = bold or None
        if size:
            run.font.size = Pt(size)
        if east_asia or latin:
            set_fonts(run._r, east_asia or SERIF_EA, latin or LATIN)


def _new_table(container, widths: list[float], total_mm: float) -> Table:
    if hasattr(container, "sections"):  # the Document
        table = container.add_table(rows=0, cols=len(widths))
    else:  # header/footer: BlockItemContainer.add_table needs the width
        table = container.add_table(rows=0, cols=len(widths), width=Mm(total_mm))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    scale = total_mm / sum(widths)
    for col, w in zip(table.columns, widths, strict=True):
        col.width = Mm(w * scale)
    return table


def _row(table: Table) -> list[_Cell]:
    tr = table._tbl.add_tr()
    for grid_col in table._tbl.tblGrid.gridCol_lst:
        tc = tr.add_tc()
        tc.width = grid_col.w
    return [_Cell(tc, table) for tc in tr.tc_lst]


def _rpr_xml(*, bold: bool, size: float | None, east_asia: str | None, latin: str | None) -> str:
    fonts = ""
    if east_asia or latin:
        lat = escape(latin or LATIN, {'"': "&quot;"})
        fonts = (f'<w:rFonts w:ascii="{lat}" w:hAnsi="{lat}" w:cs="{lat}" '
                 f'w:eastAsia="{escape(east_asia or SERIF_EA, {chr(34): "&quot;"})}"/>')
    b = "<w:b/><w:bCs/>" if bold else ""
    sz = f'<w:sz w:val="{round(size * 2)}"/><w:szCs w:val="{round(size * 2)}"/>' if size else ""
    return f"<w:rPr>{fonts}{b}{sz}</w:rPr>" if fonts or b or sz else ""


def _tc_xml(value: str, width: int, *, span: int = 1, fill: str | None = None, align: str = "left",
            bold: bool = False, size: float | None = 9, east_asia: str | None = None, latin: str | None = None,
            label: str = "", keep_next: bool = False) -> str:
    """One table cell as WordprocessingML; ``width`` in twips; text lines become paragraphs."""
    tcpr = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        tcpr += f'<w:gridSpan w:val="{span}"/>'
    if fill:
        tcpr += f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'
    tcpr += '<w:vAlign w:val="center"/>'
    ppr = ("<w:pPr>" + ("<w:keepNext/>" if keep_next else "")
           + '<w:spacing w:after="0" w:line="264" w:lineRule="auto"/>'
           + f'<w:jc w:val="{"both" if align == "justify" else align}"/></w:pPr>')
    rpr = _rpr_xml(bold=bold, size=size, east_asia=east_asia, latin=latin)
    paras = []
    for i, line in enumerate(value.split("\n")):
        runs = ""
        if label and i == 0:
            runs += (f"<w:r>{_rpr_xml(bold=True, size=size, east_asia=SANS_EA, latin=None)}"
                     f'<w:t xml:space="preserve">{escape(label)}</w:t></w:r>')
        runs += f'<w:r>{rpr}<w:t xml:space="preserve">{escape(line)}</w:t></w:r>'
        paras.append(f"<w:p>{ppr}{runs}</w:p>")
    return f"<w:tc><w:tcPr>{tcpr}</w:tcPr>{''.join(paras)}</w:tc>"


def _tr_xml(cells: list[str], *, header: bool = False, cant_split: bool = True) -> str:
    trpr = ("<w:cantSplit/>" if cant_split else "") + ('<w:tblHeader w:val="true"/>' if header else "")
    return f"<w:tr>{'<w:trPr>' + trpr + '</w:trPr>' if trpr else ''}{''.join(cells)}</w:tr>"


def _append_rows(table: Table, rows: list[str]) -> None:
    """Parse all rows in one go and move them into the table (much faster than python-docx's API)."""
    holder = parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(rows)}</w:tbl>")
    for tr in list(holder):
        table._tbl.append(tr)


def _grid_twips(table: Table) -> list[int]:
    return [int(gc.w / 635) for gc in table._tbl.tblGrid.gridCol_lst]


class _Writer:
    def __init__(self, view: dict) -> None:
        self.view = view
        self.document = Document()
        _styles(self.document)
        section = self.document.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(26), Mm(30)
        section.left_margin = section.right_margin = Mm(24)
        section.header_distance, section.footer_distance = Mm(12), Mm(8)
        self.text_mm = 210 - 48

    # ------------------------------------------------------------------------------------------ frame

    def header_footer(self) -> None:
        v = self.view
        section = self.document.sections[0]
        header = section.header.paragraphs[0]
        header.paragraph_format.tab_stops.add_tab_stop(Mm(self.text_mm), alignment=2)  # right tab
        run = header.add_run(f"{v['enterprise']}　|　{v['doc_title']}\t申报编号：{v['number']}")
        run.font.size = Pt(8)
        run.font.color.rgb = GREY
        self._bottom_border(header)

        footer = section.footer
        table = _new_table(footer, [self.text_mm - 22, 22], self.text_mm)
        table.style = None
        left, right = _row(table)
        _cell_text(left, "申报书数字指纹（SHA-256）：", size=7)
        p = left.add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        r = p.add_run(v["digest"])
        r.font.size = Pt(7)
        set_fonts(r._r, SERIF_EA, "Courier New")
        if v["verify_url"]:
            p = left.add_paragraph()
            p.paragraph_format.space_after = Pt(0)
            r = p.add_run(f"扫描右侧二维码或访问以下地址核验本申报书：{v['verify_url']}")
            r.font.size = Pt(7)
            r.font.color.rgb = GREY
        p = left.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for piece in ("第 ", "PAGE", " 页　共 ", "NUMPAGES", " 页"):
            if piece in ("PAGE", "NUMPAGES"):
                self._field(p, piece)
            else:
                p.add_run(piece).font.size = Pt(8)
        if v["verify_url"]:
            buf = io.BytesIO()
            segno.make(v["verify_url"], error="m", micro=False).save(buf, kind="png", scale=6, border=2)
            buf.seek(0)
            qp = right.paragraphs[0]
            qp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            qp.add_run().add_picture(buf, width=Mm(18))

    @staticmethod
    def _field(paragraph, instr: str) -> None:
        run = paragraph.add_run()
        run.font.size = Pt(8)
        for kind, text in (("begin", None), ("instr", f" {instr} "), ("separate", None), ("text", "1"),
                           ("end", None)):
            if kind == "instr":
                el = OxmlElement("w:instrText")
                el.set(qn("xml:space"), "preserve")
                el.text = text
            elif kind == "text":
                el = OxmlElement("w:t")
                el.text = text
            else:
                el = OxmlElement("w:fldChar")
                el.set(qn("w:fldCharType"), kind)
            run._r.append(el)

    @staticmethod
    def _bottom_border(paragraph) -> None:
        ppr = paragraph._p.get_or_add_pPr()
        bdr = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for k, val in (("w:val", "single"), ("w:sz", "4"), ("w:space", "1"), ("w:color", "8C8C8C")):
            bottom.set(qn(k), val)
        bdr.append(bottom)
        ppr.append(bdr)

    # ------------------------------------------------------------------------------------------ cover

    def cover(self) -> None:
        v, doc = self.view, self.document
        for _ in range(3):
            doc.add_paragraph()
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        r = p.add_run(v["campaign"])
        r.font.color.rgb = GREY
        r.font.size = Pt(11)
        title = doc.add_paragraph(v["doc_title"], style="Title")
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        title.paragraph_format.space_before = Pt(18)
        if v["materials_title"]:
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            annex = f"　{v['annex']}" if v["annex"] else ""
            r = p.add_run(f"（依据{v['materials_title']}{annex}编制）")
            r.font.color.rgb = GREY
        doc.add_paragraph()
        doc.add_paragraph()
        self.fields(v["cover_rows"], label_mm=34, size=11)
        for _ in range(4):
            doc.add_paragraph()
        p = doc.add_paragraph()
        p.paragraph_format.tab_stops.add_tab_stop(Mm(self.text_mm), alignment=2)
        p.add_run("申报单位（盖章）：\t日期：　　　　年　　月　　日").font.size = Pt(11)
        p.add_run().add_break(WD_BREAK.PAGE)

    # ------------------------------------------------------------------------------------------ blocks

    def fields(self, rows: list[list[str]], label_mm: float = 32, size: float | None = None) -> None:
        table = _new_table(self.document, [label_mm, self.text_mm - label_mm], self.text_mm)
        a, b = _grid_twips(table)
        _append_rows(table, [
            _tr_xml([_tc_xml(label, a, fill=SHADE, align="center" if size else "left", size=size, east_asia=SANS_EA),
                     _tc_xml(value, b, size=size)])
            for label, value in rows
        ])
        self.document.add_paragraph().paragraph_format.space_after = Pt(0)

    def data_table(self, block: dict) -> None:
        columns, aligns = block["columns"], block["align"]
        table = _new_table(self.document, block["widths"], self.text_mm)
        widths = _grid_twips(table)
        total, n = sum(widths), len(widths)
        rows = [_tr_xml([_tc_xml(name, w, fill=SHADE, align="center", bold=True, east_asia=SANS_EA)
                         for name, w in zip(columns, widths, strict=True)], header=True)]
        mono = block["kind"] == "attachments"
        for row in block["rows"]:
            has_detail = row.get("detail") is not None
            rows.append(_tr_xml([_tc_xml(value, w, align=align, keep_next=has_detail)
                                 for value, w, align in zip(row["cells"], widths, aligns, strict=True)]))
            if has_detail:  # full-width description row; may split across pages
                rows.append(_tr_xml([_tc_xml(row["detail"], total, span=n, label=block["detail_label"],
                                             align="left" if mono else "justify",
                                             latin="Courier New" if mono else None)], cant_split=False))
        if not block["rows"]:
            rows.append(_tr_xml([_tc_xml("（未填写）", total, span=n, align="center")]))
        _append_rows(table, rows)
        self.document.add_paragraph().paragraph_format.space_after = Pt(0)

    def block(self, b: dict) -> None:
        doc = self.document
        kind = b["type"]
        if kind == "heading":
            doc.add_heading(b["text"], level=b["level"])
        elif kind == "text":
            for para in b["paras"]:
                p = doc.add_paragraph(para)
                p.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
                p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        elif kind == "note":
            p = doc.add_paragraph()
            r = p.add_run(b["text"])
            r.font.size = Pt(8.5)
            r.font.color.rgb = GREY
        elif kind == "fields":
            self.fields(b["rows"])
        elif kind == "list":
            for item in b["items"]:
                doc.add_paragraph(item).paragraph_format.first_line_indent = Pt(BODY_PT * 2)
        elif kind == "pledge":
            for item in b["items"]:
                mark = "☑" if item["checked"] else "☐"
                doc.add_paragraph(f"{mark} {item['text']}")  # the applicant's words, nothing added
        elif kind == "table":
            self.data_table(b)

    def body(self) -> None:
        for s in self.view["sections"]:
            self.document.add_heading(s["heading"], level=1)
            if s["requirement"]:
                self.block({"type": "note", "text": "材料要求：" + s["requirement"]})
            for b in s["blocks"]:
                self.block(b)
        self.document.add_heading("附件清单", level=1)
        self.data_table(self.view["attachments"])

    def render(self) -> bytes:
        props = self.document.core_properties
        props.title = f"{self.view['doc_title']} {self.view['number']}"
        props.author = self.view["enterprise"]
        props.subject = self.view["title"]
        props.keywords = self.view["digest"]
        stamp = submission_time(self.view["submitted_at"])
        if stamp is not None:  # the same snapshot gives the same document properties
            props.created = props.modified = stamp
        self.header_footer()
        self.cover()
        self.body()
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()


def render_docx(doc: dict) -> bytes:
    """The 申报书 as DOCX bytes (same sections and order as the PDF)."""
    return _Writer(build_view(doc)).render()
