from django import template

from factorytier.core.language import HAN, policy_lang

register = template.Library()


@register.filter
def get_item(mapping, key):
    """Look a key up in a dict from a template: {{ counts|get_item:state }}."""
    if not hasattr(mapping, "get"):
        return None
    return mapping.get(key)




@register.filter
def zh(value):
    """Chinese data (an enterprise, unit or campaign name, an applicant's title) marked lang="zh-Hans",
    so an English page reads it as data and screen readers pronounce it right: {{ a.enterprise.name|zh }}."""
    from django.utils.html import format_html

    if value is None or value == "":
        return value
    text = str(value)
    return format_html('<span lang="zh-Hans">{}</span>', text) if HAN.search(text) else value


@register.filter
def clause_text(clause):
    """A catalogue clause's text in the interface language (the Chinese when it has no English)."""
    from factorytier.core.language import policy_lang

    return clause.text_in(policy_lang())


def _catalogue():
    from factorytier.policy import default_catalogue

    return default_catalogue()


@register.filter
def division_name(code):
    """A GB/T 4754-2017 大类 by its code, or an industry as a page holds it ("13 农副食品加工业", 石油石化),
    in the interface language: {{ "13"|division_name }} gives 农副食品加工业 / Processing of food from …"""
    from factorytier.core.language import policy_lang
    from factorytier.policy import division_name as name
    from factorytier.policy import industry_name

    text = str(code or "")
    if text.strip().isdigit():
        return name(text.strip(), policy_lang())
    return industry_name(text, policy_lang())


@register.filter
def guide_category(name):
    """A 场景指引 环节 (工厂建设, 产品研发, …) in the interface language: {{ link|guide_category }}."""
    from factorytier.core.language import policy_lang

    return _catalogue().guide_category_name(str(name or ""), policy_lang())


@register.filter
def guide_categories(names):
    """Several 环节, joined as the language joins a list: 工厂建设、运营管理 / Factory construction, Operations management."""
    from factorytier.core.language import policy_lang

    lang = policy_lang()
    return (", " if lang == "en" else "、").join(_catalogue().guide_category_name(str(n), lang) for n in names or ())


@register.filter
def division_codes(codes):
    """Several 大类 codes joined as the language joins a list (13、14 / 13, 14)."""
    from factorytier.core.language import policy_lang

    return (", " if policy_lang() == "en" else "、").join(str(c) for c in codes or ())


@register.filter
def scenario_name(name):
    """A 场景指引 scenario name in the interface language (a name the applicant typed stays as typed)."""
    from factorytier.core.language import policy_lang

    return _catalogue().scenario_name(str(name or ""), policy_lang())


@register.filter
def join_list(items):
    """A list joined as the interface language joins one: a、b (Chinese) / a, b (English)."""
    from factorytier.core.language import policy_lang

    return (", " if policy_lang() == "en" else "、").join(str(i) for i in items or ())


@register.filter
def title_data(value, joiner=""):
    """Chinese data (a unit or enterprise name) for a page's <title>, which cannot mark it lang="zh-Hans":
    shown on the Chinese interface, left out on the English one (the page's heading carries it, marked).
    {{ name|title_data:"·" }} gives the name followed by the joiner, or nothing."""
    if value in (None, "") or policy_lang() == "en":
        return ""
    return f"{value}{joiner}"


@register.simple_tag
def colon():
    """The colon after a label: full-width in Chinese, ": " in English ({% translate "通知" %}{% colon %})."""
    return ": " if policy_lang() == "en" else "："


def _criterion_word(criterion) -> str:
    english = getattr(criterion, "name_en", "") if policy_lang() == "en" else ""
    return english or criterion.name


@register.filter
def criterion_name(criterion):
    """A scoring criterion's name in the interface language; the Chinese (marked) where it has no English."""
    return zh(_criterion_word(criterion))


@register.filter
def criterion_label(criterion):
    """The same as plain text, for an aria-label; `criterion_lang` gives the language to mark the input with."""
    return _criterion_word(criterion)


@register.filter
def criterion_lang(criterion):
    return "zh-Hans" if HAN.search(_criterion_word(criterion)) else "en"
