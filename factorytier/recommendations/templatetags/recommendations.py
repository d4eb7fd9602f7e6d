from django import template

from factorytier.applications.models import State

register = template.Library()


@register.inclusion_tag("recommendations/_return_reason.html")
def return_notice(application):
    """The officer's return reason, shown at the top of the editor until the application is resubmitted."""
    returned = None
    if application is not None and application.state in (State.RETURNED, State.DRAFT):
        last = (application.history.filter(to_state__in=[State.RETURNED, State.SUBMITTED])
                .select_related("actor__unit").order_by("-at", "-id").first())
        if last is not None and last.to_state == State.RETURNED:
            returned = last
    return {"returned": returned}


@register.filter
def title_data(value, joiner=""):
    """Chinese data (a unit or enterprise name) for a page's <title>, which cannot mark it lang="zh-Hans":
    shown on the Chinese interface, left out on the English one (the page's heading carries it, marked).
    {{ name|title_data:"·" }} gives the name followed by the joiner, or nothing."""
    from factorytier.core.language import policy_lang

    if value in (None, "") or policy_lang() == "en":
        return ""
    return f"{value}{joiner}"
