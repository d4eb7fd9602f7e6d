"""PDF rendering with Typst (``templates/application.typ``).

The view (see :mod:`factorytier.documents.model`) reaches the template as one JSON string in
``sys.inputs["data"]`` and the verify QR code as an SVG string in ``sys.inputs["qr"]``; the template only
prints strings, so applicant text can never become Typst markup.

Speed: scanning the Noto CJK collections takes ~0.1 s, so the :class:`typst.Fonts` book is built once per
process, from a private directory that links only the three ``.ttc`` files the template uses, with system
fonts ignored. A compile then takes ~0.1–0.2 s for a 60-scenario application.
"""

from __future__ import annotations

import atexit
import datetime as dt
import io
import json
import os
import shutil
import tempfile
import threading
from pathlib import Path

import segno
import typst

from .model import build_view

TEMPLATE = Path(__file__).resolve().parent / "templates" / "application.typ"

#: The font files the template needs (family names "Noto Serif CJK SC", "Noto Sans CJK SC",
#: "Noto Sans Mono CJK SC" are faces inside them). Debian/Ubuntu package: fonts-noto-cjk.
FONT_FILES = ("NotoSerifCJK-Regular.ttc", "NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc")
FONT_FAMILIES = ("Noto Serif CJK SC", "Noto Sans CJK SC", "Noto Sans Mono CJK SC")
FONT_DIRS = (
    "/usr/share/fonts/opentype/noto",  # Debian, Ubuntu (fonts-noto-cjk)
    "/usr/share/fonts/noto-cjk",  # Arch, Alpine
    "/usr/share/fonts/google-noto-cjk",  # Fedora
    "/usr/share/fonts/opentype/noto-cjk",
    "/usr/local/share/fonts",
)
FONT_DIR_ENV = "FACTORYTIER_CJK_FONT_DIR"
SHANGHAI = dt.timezone(dt.timedelta(hours=8))


class FontsMissingError(RuntimeError):
    """The Noto CJK SC fonts are not installed; a PDF would show boxes instead of Chinese."""


_lock = threading.Lock()
_fonts: typst.Fonts | None = None


def find_font_files() -> list[Path]:
    """The paths of FONT_FILES, looked up in $FACTORYTIER_CJK_FONT_DIR and the usual system directories."""
    dirs = [os.environ[FONT_DIR_ENV]] if os.environ.get(FONT_DIR_ENV) else []
    dirs += FONT_DIRS
    found: list[Path] = []
    missing: list[str] = []
    for name in FONT_FILES:
        path = next((Path(d) / name for d in dirs if (Path(d) / name).is_file()), None)
        if path is None:
            missing.append(name)
        else:
            found.append(path)
    if missing:
        raise FontsMissingError(
            f"Chinese fonts not found: {', '.join(missing)} (looked in {', '.join(dirs)}). "
            "Install the Debian/Ubuntu package fonts-noto-cjk (apt-get install fonts-noto-cjk), "
            f"or point ${FONT_DIR_ENV} at a directory holding these files."
        )
    return found


def fonts() -> typst.Fonts:
    """The process-wide font book (only the needed CJK collections plus Typst's embedded fonts)."""
    global _fonts
    with _lock:
        if _fonts is None:
            linked = Path(tempfile.mkdtemp(prefix="factorytier-fonts-"))
            atexit.register(shutil.rmtree, linked, True)
            for path in find_font_files():
                (linked / path.name).symlink_to(path)
            book = typst.Fonts(include_system_fonts=False, include_embedded_fonts=True, font_paths=[str(linked)])
            families = set(book.families())
            absent = [f for f in FONT_FAMILIES if f not in families]
            if absent:
                raise FontsMissingError(
                    f"Font families {', '.join(absent)} not found in {linked}; "
                    "install the Debian/Ubuntu package fonts-noto-cjk."
                )
            _fonts = book
        return _fonts


def qr_svg(url: str) -> str:
    if not url:
        return ""
    buf = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buf, kind="svg", border=0, xmldecl=False, svgns=True)
    return buf.getvalue().decode("utf-8")


def submission_time(submitted_at: str) -> dt.datetime | None:
    """The PDF creation date: the submission time (Shanghai), so the same snapshot gives the same bytes."""
    try:
        return dt.datetime.strptime(submitted_at, "%Y-%m-%d %H:%M:%S").replace(tzinfo=SHANGHAI)
    except (TypeError, ValueError):
        return None


def render_pdf(doc: dict) -> bytes:
    """The 申报书 as PDF bytes. Raises :class:`FontsMissingError` without the Noto CJK fonts."""
    view = build_view(doc)
    book = fonts()
    inputs = {"data": json.dumps(view, ensure_ascii=False), "qr": qr_svg(view["verify_url"])}
    pdf, warnings = typst.compile_with_warnings(
        str(TEMPLATE), root=str(TEMPLATE.parent), font_paths=book, ignore_system_fonts=True,
        sys_inputs=inputs, timestamp=submission_time(view["submitted_at"]), format="pdf",
    )
    font_warnings = [w for w in warnings if "font" in str(w).lower()]
    if font_warnings:
        raise FontsMissingError(f"{font_warnings[0]}; install the Debian/Ubuntu package fonts-noto-cjk.")
    return pdf
