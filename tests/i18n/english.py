"""Finding interface text in Chinese on a page rendered in English (issue 12 item 5).

Chinese *data* is allowed where the page marks it: inside an element with lang="zh-Hans" (enterprise and
unit names, official titles, applicant text), in user-entered field values (input value, textarea,
selected data options inside a lang="zh-Hans" select) and in <script>/<style>/<template> content.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e]+")
HAN_ONLY = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SKIP = {"script", "style", "textarea", "template", "code"}
TEXT_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt", "aria-description")


class _Finder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, this element or an ancestor is exempt)
        self.found: list[str] = []

    def _exempt(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = (attrs.get("lang") or "").lower()
        exempt = self._exempt() or lang.startswith("zh") or tag in SKIP
        if lang == "en" and tag != "html":
            exempt = False
        if not exempt:
            for name in TEXT_ATTRIBUTES:
                if attrs.get(name) and HAN_ONLY.search(attrs[name]):
                    self.found.append(f"<{tag} {name}>{attrs[name][:60]}")
        if tag not in VOID:
            self.stack.append((tag, exempt))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        if not self._exempt() and HAN_ONLY.search(data):
            self.found.append(data.strip()[:80])


def chinese_interface_text(html: str) -> list[str]:
    finder = _Finder()
    finder.feed(html)
    return finder.found
