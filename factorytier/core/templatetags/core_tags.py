from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """Look a key up in a dict from a template: {{ counts|get_item:state }}."""
    if not hasattr(mapping, "get"):
        return None
    return mapping.get(key)
