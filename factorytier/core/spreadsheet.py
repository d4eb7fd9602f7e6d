"""The one writer for every xlsx and csv the platform hands out.

Applicant text (a project title, a contact name) ends up in workbooks the commission opens in Excel or WPS.
A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be read there as a
formula (``=HYPERLINK("http://…"&C2)`` leaks the neighbouring cells). This module stores such text as text:

* xlsx: the cell is written as a string (never ``data_type == "f"``) with Excel's *quote prefix* flag, so
  even editing the cell later keeps it text;
* csv: the value is prefixed with an apostrophe, as OWASP recommends for CSV injection.

Numbers, dates and booleans are written as themselves; only ``str`` values are inspected.

Use::

    book = SafeWorkbook()
    sheet = book.sheet("申报汇总", header=["序号", "项目名称"], widths=[6, 36])
    sheet.append([1, title])
    data = book.to_bytes()

    data = csv_bytes([["序号", "项目名称"], [1, title]])
"""

from __future__ import annotations

import csv
import datetime
import decimal
import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

# openpyxl refuses control characters that XML 1.0 cannot carry; replace them rather than fail the export.
_ILLEGAL = {c: " " for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)]}


def is_dangerous(value: Any) -> bool:
    """True if `value` is text a spreadsheet program would take for a formula."""
    return isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES)


def csv_safe(value: Any) -> Any:
    """The value as it goes into a csv cell: dangerous text gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, str) and is_dangerous(value):
        return "'" + value
    return value


def _xlsx_value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | decimal.Decimal | datetime.date | datetime.time):
        return value
    if not isinstance(value, str):
        value = str(value)
    return value.translate(_ILLEGAL)


class SafeSheet:
    def __init__(self, book: SafeWorkbook, ws):
        self._book = book
        self._ws = ws
        self.rows = 0

    def _cell(self, value: Any, *, bold: bool = False) -> WriteOnlyCell:
        value = _xlsx_value(value)
        cell = WriteOnlyCell(self._ws)
        if isinstance(value, str):
            # Assigning through .value would let openpyxl turn "=…" into a formula: set the text directly.
            cell._value = value
            cell.data_type = "s"
            if is_dangerous(value):
                cell.quotePrefix = True
        else:
            cell.value = value
        if bold:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        return cell

    def append(self, row: Iterable[Any]) -> None:
        self._ws.append([self._cell(v) for v in row])
        self.rows += 1

    def append_header(self, row: Iterable[Any]) -> None:
        self._ws.append([self._cell(v, bold=True) for v in row])
        self.rows += 1


class SafeWorkbook:
    """A write-only openpyxl workbook whose every text cell is stored as text."""

    def __init__(self):
        self._wb = Workbook(write_only=True)

    def sheet(self, title: str, *, header: Sequence[Any] | None = None, widths: Sequence[float] | None = None,
              freeze_header: bool = True) -> SafeSheet:
        # Sheet names: at most 31 characters, none of []:*?/\ (Excel's rules).
        clean = "".join("_" if c in "[]:*?/\\" else c for c in str(title))[:31] or "Sheet"
        ws = self._wb.create_sheet(clean)
        for n, width in enumerate(widths or [], start=1):
            ws.column_dimensions[get_column_letter(n)].width = width
        if header is not None and freeze_header:
            ws.freeze_panes = "A2"
        sheet = SafeSheet(self, ws)
        if header is not None:
            sheet.append_header(header)
        return sheet

    def to_bytes(self) -> bytes:
        buf = io.BytesIO()
        self.save(buf)
        return buf.getvalue()

    def save(self, target) -> None:
        """Write the workbook to a path or a binary file (streamed: rows are not kept in memory)."""
        if not self._wb.worksheets:
            self.sheet("Sheet")
        self._wb.save(target)


def write_csv(out, rows: Iterable[Iterable[Any]]) -> None:
    """Write `rows` to the text stream `out`, every dangerous text cell neutralised."""
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([csv_safe(v) for v in row])


def csv_bytes(rows: Iterable[Iterable[Any]]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens Chinese text correctly."""
    out = io.StringIO()
    write_csv(out, rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")
