"""`|zh` wraps Chinese data in a <span lang="zh-Hans">. Where an element holds only text — the page <title>
(the browser tab showed the literal markup) and SVG <text> (an HTML span ends the SVG: the overview's bars
vanished) — the mark must be an attribute of the element instead."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "factorytier" / "templates"


def test_no_span_marked_data_inside_a_title_or_an_svg_text():
    found = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        for pattern in (r"{%\s*block title\s*%}(.*?){%\s*endblock", r"<title>(.*?)</title>", r"<text\b[^>]*>(.*?)</text>"):
            for inner in re.findall(pattern, text, flags=re.S):
                if "|zh" in inner:
                    found.append(f"{path.relative_to(TEMPLATES)}: {inner.strip()[:80]}")
    assert not found, found
