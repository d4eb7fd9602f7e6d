from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """Look a key up in a dict from a template: {{ counts|get_item:state }}."""
    if not hasattr(mapping, "get"):
        return None
    return mapping.get(key)


_HAN = __import__("re").compile(r"[\u3400-\u9fff]")


@register.filter
def zh(value):
    """Chinese data (an enterprise, unit or campaign name, an applicant's title) marked lang="zh-Hans",
    so an English page reads it as data and screen readers pronounce it right: {{ a.enterprise.name|zh }}."""
    from django.utils.html import format_html

    if value is None or value == "":
        return value
    text = str(value)
    return format_html('<span lang="zh-Hans">{}</span>', text) if _HAN.search(text) else value


@register.filter
def clause_text(clause):
    """A catalogue clause's text in the interface language (the Chinese when it has no English)."""
    from factorytier.core.language import policy_lang

    return clause.text_in(policy_lang())
