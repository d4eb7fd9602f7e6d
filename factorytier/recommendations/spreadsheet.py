"""Cells of the tables this app writes, through the platform's one spreadsheet writer
(`factorytier.core.spreadsheet`): text starting with = + - @, tab or CR is stored as text.

附件3/附件5 need merged title rows and print settings, so they use a normal workbook; these helpers
apply the same rule to its cells."""

from __future__ import annotations

from factorytier.core.spreadsheet import SafeWorkbook, csv_bytes, is_dangerous

__all__ = ["SafeWorkbook", "csv_bytes", "set_text"]

_ILLEGAL = {c: " " for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)]}


def set_text(cell, value) -> None:
    """Write `value` into a cell of a normal openpyxl sheet; strings are always stored as strings."""
    if isinstance(value, str):
        value = value.translate(_ILLEGAL)
        cell._value = value  # through .value openpyxl would turn "=…" into a formula
        cell.data_type = "s"
        if is_dangerous(value):
            cell.quotePrefix = True
    else:
        cell.value = value
