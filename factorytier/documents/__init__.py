"""Document renderers for the submitted 申报书 (application): PDF (Typst) and DOCX (python-docx).

A plain Python package (no Django): both functions take the frozen snapshot dict built by
``factorytier.rendering.builder.document_data`` and return the file's bytes. Missing or empty fields are
rendered as ``（未填写）``; applicant text is always printed literally.

    render_pdf(doc: dict) -> bytes
    render_docx(doc: dict) -> bytes
"""

from __future__ import annotations

from .model import MISSING, build_view
from .pdf import FontsMissingError, render_pdf
from .word import render_docx

__all__ = ["MISSING", "FontsMissingError", "build_view", "render_docx", "render_pdf"]
