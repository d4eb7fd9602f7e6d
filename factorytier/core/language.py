"""The active interface language as the rule engine names it (factorytier.policy imports no Django)."""

import re

from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def policy_lang() -> str:
    """"en" when the user reads the English interface, else "zh" (the catalogue's own language)."""
    return "en" if (translation.get_language() or "").startswith("en") else "zh"


def with_data(message: str, **data) -> SafeString:
    """A translated message with its data put in: each value escaped, and Chinese data (an enterprise or
    expert name inside an English message) marked lang="zh-Hans" as the templates' `|zh` does. For messages
    and announcements built in Python, on English pages: `with_data(_("已退回“%(name)s”…"), name=enterprise.name)`."""
    english = policy_lang() == "en"  # a Chinese page is zh-Hans throughout: nothing to mark
    marked = {key: (format_html('<span lang="zh-Hans">{}</span>', str(value)) if english and HAN.search(str(value))
                    else conditional_escape(value)) for key, value in data.items()}
    return mark_safe(conditional_escape(message) % marked)  # noqa: S308 - every part escaped above
