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
