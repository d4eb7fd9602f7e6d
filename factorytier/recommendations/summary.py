"""推荐汇总表: 附件3 (卓越级) and 附件5 (领航级), xlsx and docx, in the annexes' layout.

Title, annex number, columns and notes come from the campaign's catalogue (`summary_tables`, T.EX / T.LD);
rows are the submitted list in rank order, each from the application's frozen snapshot.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from factorytier import policy

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class SummaryUnavailable(Exception):
    pass


@dataclass
class Table:
    annex: str
    title: str
    unit: str
    header: str
    columns: list[str]
    notes: list[str]
    rows: list[list]  # one list of cell values per application; multi-line cells joined with "\n"

    @property
    def unit_line(self) -> str:
        return f"{self.header or '推荐单位（盖章）：'}{self.unit}"

    @property
    def note_line(self) -> str:
        return "注：" + "；".join(f"{n}.{text}" for n, text in enumerate(self.notes, start=1)) + "。"


def scenario_lines(content: dict) -> list[str]:
    """"1.生产作业—人机协同作业—多机协同的发动机壳体柔性加工与检测": 环节—场景—实例, one line each."""
    out = []
    for row in ((content or {}).get("scenes") or {}).get("scenarios") or []:
        if not isinstance(row, dict):
            continue
        parts = [str(row.get(k) or "").strip() for k in ("guide_link", "scenario", "instance")]
        if any(parts):
            out.append(f"{len(out) + 1}." + "—".join(p for p in parts if p))
    return out


def future_mode_lines(content: dict) -> list[str]:
    """"1.研发模式创新-创成式设计；" for each mode to explore (附件5)."""
    out = []
    for row in ((content or {}).get("cultivation") or {}).get("future_modes") or []:
        if not isinstance(row, dict):
            continue
        category, mode = str(row.get("category") or "").strip(), str(row.get("mode") or "").strip()
        if category or mode:
            out.append(f"{len(out) + 1}." + "-".join(p for p in (category, mode) if p) + "；")
    return out


def row_for(n: int, tier: str, snapshot_data: dict) -> list:
    content = snapshot_data.get("content") or {}
    basic = content.get("basic") or {}
    enterprise = snapshot_data.get("enterprise") or {}
    app = snapshot_data.get("application") or {}
    row = [n, enterprise.get("name") or basic.get("enterprise_name", ""), app.get("title", ""),
           "\n".join(scenario_lines(content))]
    if tier == "leading":
        row.append("\n".join(future_mode_lines(content)))
    row += [basic.get("contact_name") or enterprise.get("contact_name", ""),
            str(basic.get("contact_mobile") or enterprise.get("contact_mobile", ""))]
    return row


def table_for(catalogue, tier: str, unit_name: str, snapshots: list[dict]) -> Table:
    spec = catalogue.summary_tables[tier]
    return Table(annex=spec.annex, title=spec.title, unit=unit_name, header=spec.header, columns=list(spec.columns),
                 notes=list(spec.notes), rows=[row_for(n, tier, data) for n, data in enumerate(snapshots, start=1)])


def list_table(ranked_list) -> Table:
    app_ids = list(ranked_list.entries.order_by("rank", "id").values_list("application_id", flat=True))
    from factorytier.applications.models import Snapshot

    latest: dict[int, dict] = {}
    for app_id, data in (Snapshot.objects.filter(application_id__in=app_ids)
                         .order_by("created_at", "id").values_list("application_id", "data")):
        latest[app_id] = data  # the last one wins: the copy under consideration
    try:
        catalogue = ranked_list.campaign.policy_catalogue
    except Exception:  # noqa: BLE001 - a campaign pinned to an unknown catalogue still prints
        catalogue = policy.default_catalogue()
    return table_for(catalogue, ranked_list.tier, ranked_list.unit.name,
                     [latest[a] for a in app_ids if a in latest])


def file_name(ranked_list, table: Table, fmt: str) -> str:
    return f"{table.annex}-{ranked_list.campaign.year}-{ranked_list.unit.name}-{table.title}.{fmt}"


def download(ranked_list, fmt: str, actor) -> tuple[str, bytes]:
    """The table for a person downloading it: contact names and mobile numbers leave the platform, so audited."""
    from factorytier.audit.services import record

    name, data = build(ranked_list, fmt)
    record(actor, "recommendation.summary_download", ranked_list, after={"format": fmt, "rows": ranked_list.entries.count()})
    return name, data


def build(ranked_list, fmt: str, *, require_submitted: bool = True) -> tuple[str, bytes]:
    if ranked_list.tier not in ("excellent", "leading"):
        raise SummaryUnavailable("该层级没有推荐汇总表")
    if require_submitted and not ranked_list.is_submitted:
        raise SummaryUnavailable("推荐名单报送后才能下载推荐汇总表")
    table = list_table(ranked_list)
    data = render_xlsx(table) if fmt == "xlsx" else render_docx(table)
    return file_name(ranked_list, table, fmt), data


# Column widths (characters for xlsx, relative for docx) per column title.
WIDTHS = {"序号": 8, "申报单位名称": 24, "卓越级智能工厂项目名称": 24, "领航级智能工厂项目名称": 22,
          "涉及典型场景实例（罗列）": 50, "重点探索的未来制造模式清单": 30, "联系人": 10, "联系方式（手机号）": 18}


def render_xlsx(table: Table) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    from .spreadsheet import set_text

    wb = Workbook()
    ws = wb.active
    ws.title = table.annex
    ncol = len(table.columns)
    last = get_column_letter(ncol)
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    set_text(ws["A1"], table.annex)
    ws["A1"].font = Font(name="黑体", size=14)
    ws.merge_cells(f"A2:{last}2")
    set_text(ws["A2"], table.title)
    ws["A2"].font = Font(name="方正小标宋简体", size=18, bold=True)
    ws["A2"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[2].height = 36
    ws.merge_cells(f"A3:{last}3")
    set_text(ws["A3"], table.unit_line)
    ws["A3"].font = Font(name="仿宋", size=14)
    for c, title in enumerate(table.columns, start=1):
        cell = ws.cell(4, c)
        set_text(cell, title)
        cell.font = Font(name="黑体", size=12)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
        ws.column_dimensions[get_column_letter(c)].width = WIDTHS.get(title, 14)
    ws.row_dimensions[4].height = 34
    r = 5
    # Named styles: one style record for all body cells instead of hashing three style objects per cell.
    for name, horizontal in (("ft_body_centre", "center"), ("ft_body_left", "left")):
        wb.add_named_style(NamedStyle(name=name, font=Font(name="仿宋", size=11), border=border,
                                      alignment=Alignment(horizontal=horizontal, vertical="center", wrap_text=True)))
    styles = ["ft_body_centre" if c == 0 or t in ("联系人", "联系方式（手机号）") else "ft_body_left"
              for c, t in enumerate(table.columns)]
    for row in table.rows:
        lines = 1
        for c, value in enumerate(row, start=1):
            cell = ws.cell(r, c)
            set_text(cell, value)
            cell.style = styles[c - 1]
            if isinstance(value, str):
                width = WIDTHS.get(table.columns[c - 1], 14)
                lines = max(lines, sum(max(1, -(-len(line) * 2 // width)) for line in value.split("\n")))
        ws.row_dimensions[r].height = max(30, 15 * lines)
        r += 1
    ws.merge_cells(f"A{r}:{last}{r}")
    set_text(ws.cell(r, 1), table.note_line)
    ws.cell(r, 1).font = Font(name="仿宋", size=12)
    ws.cell(r, 1).alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[r].height = 22
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.print_title_rows = "4:4"
    ws.print_area = f"A1:{last}{r}"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def render_docx(table: Table) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    from factorytier.documents.word import _append_rows, _grid_twips, _new_table, _tc_xml, _tr_xml, set_fonts

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.size = Pt(12)
    set_fonts(normal.element, "仿宋")
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(18)

    def para(text, *, font, size, align=WD_ALIGN_PARAGRAPH.LEFT, bold=False, after=6):
        p = doc.add_paragraph()
        p.alignment = align
        p.paragraph_format.space_after = Pt(after)
        run = p.add_run(text)
        run.font.size = Pt(size)
        run.bold = bold or None
        set_fonts(run._r, font)
        return p

    para(table.annex, font="黑体", size=16)
    para(table.title, font="方正小标宋简体", size=22, align=WD_ALIGN_PARAGRAPH.CENTER, after=12)
    para(table.unit_line, font="仿宋", size=14)
    widths = [WIDTHS.get(c, 14) for c in table.columns]
    grid = _new_table(doc, widths, 257)
    twips = _grid_twips(grid)
    centred = [c == 0 or title in ("联系人", "联系方式（手机号）") for c, title in enumerate(table.columns)]
    # Built on the XML level (python-docx's row API walks the whole table per row): 200 rows stay fast.
    rows = [_tr_xml([_tc_xml(title, w, align="center", size=12, east_asia="黑体")
                     for title, w in zip(table.columns, twips, strict=True)], header=True)]
    for row in table.rows:
        rows.append(_tr_xml([_tc_xml(str(value), w, align="center" if centre else "left", size=11, east_asia="仿宋")
                             for value, w, centre in zip(row, twips, centred, strict=True)], cant_split=False))
    _append_rows(grid, rows)
    para(table.note_line, font="仿宋", size=12, after=0).paragraph_format.space_before = Pt(6)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
