"""Local stand-in for the platform's one spreadsheet writer (`factorytier/core/spreadsheet.py`, coming
from the security work): text starting with = + - @, tab or CR is stored as text, never as a formula.
Switch the imports to core.spreadsheet once it is merged."""

from __future__ import annotations

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def set_text(cell, value) -> None:
    """Write `value` into an openpyxl cell; strings are always stored as strings."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def write_only_cell(ws, value, **style):
    """A cell for write-only sheets, strings stored as strings."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    for key, v in style.items():
        setattr(cell, key, v)
    return cell
