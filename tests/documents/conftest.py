import shutil
import subprocess
from pathlib import Path

import pytest

from factorytier.documents import render_docx, render_pdf
from factorytier.documents.samples import MARKUP, sample_doc

PACKAGES = {"pdftotext": "poppler-utils", "pdffonts": "poppler-utils", "pdftoppm": "poppler-utils",
            "zbarimg": "zbar-tools"}


def tool(name: str) -> str:
    """The path of a command-line tool, or a failure naming the Debian package that provides it."""
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"`{name}` is not installed: apt-get install {PACKAGES[name]}", pytrace=False)
    return path


def run(*args: str) -> str:
    return subprocess.run([tool(args[0]), *args[1:]], check=True, capture_output=True, text=True).stdout


def pdf_pages(path: Path) -> list[str]:
    """The text of each page (pdftotext separates pages with form feeds)."""
    pages = run("pdftotext", str(path), "-").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def squash(text: str) -> str:
    """Text without any whitespace or zero-width spaces, for comparisons that survive line wrapping."""
    return "".join(text.replace("\u200b", "").split())


@pytest.fixture(scope="session")
def markup():
    return MARKUP


@pytest.fixture(scope="session")
def excellent_doc():
    return sample_doc("excellent", scenarios=5, markup=MARKUP)


@pytest.fixture(scope="session")
def leading_doc():
    return sample_doc("leading", scenarios=5, markup=MARKUP)


@pytest.fixture(scope="session")
def big_doc():
    return sample_doc("excellent", scenarios=60)


@pytest.fixture(scope="session")
def pdf_file(tmp_path_factory):
    """Render a doc to a PDF file once per session and doc (keyed by id)."""
    cache: dict[int, Path] = {}
    base = tmp_path_factory.mktemp("pdf")

    def _render(doc: dict) -> Path:
        if id(doc) not in cache:
            path = base / f"{len(cache)}.pdf"
            path.write_bytes(render_pdf(doc))
            cache[id(doc)] = path
        return cache[id(doc)]

    return _render


@pytest.fixture(scope="session")
def docx_bytes():
    cache: dict[int, bytes] = {}

    def _render(doc: dict) -> bytes:
        if id(doc) not in cache:
            cache[id(doc)] = render_docx(doc)
        return cache[id(doc)]

    return _render
