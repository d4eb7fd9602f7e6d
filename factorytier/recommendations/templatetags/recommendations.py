from django import template

from factorytier.applications.models import State

register = template.Library()


@register.inclusion_tag("recommendations/_return_reason.html")
def return_notice(application):
    """The officer's return reason, shown at the top of the editor until the application is resubmitted."""
    returned = None
    if application is not None and application.state in (State.RETURNED, State.DRAFT):
        latest = application.history.filter(to_state__in=[State.RETURNED, State.SUBMITTED]).order_by("-at", "-id")
        # Most drafts were never returned: ask for the last move's state alone, and read the whole entry
        # (with the officer and unit) only when it was a return.
        last = latest.values_list("pk", "to_state").first()
        if last is not None and last[1] == State.RETURNED:
            returned = latest.select_related("actor__unit").get(pk=last[0])
    return {"returned": returned}
