from django import template

from factorytier.applications.models import State, StateChange
from factorytier.core import rows

register = template.Library()


@register.inclusion_tag("recommendations/_return_reason.html")
def return_notice(application):
    """The officer's return reason, shown at the top of the editor until the application is resubmitted."""
    returned = None
    if application is not None and application.state in (State.RETURNED, State.DRAFT):
        # Most drafts were never returned: ask for the last move's state alone (a fixed statement: every editor
        # page asks), and read the whole entry (with the officer and unit) only when it was a return.
        table = StateChange._meta.db_table
        last = rows.fetch_one(StateChange, f'SELECT "id", "to_state" FROM "{table}" WHERE "application_id" = %s '
                                           f'AND "to_state" IN (%s, %s) ORDER BY "at" DESC, "id" DESC LIMIT 1',
                              [application.pk, State.RETURNED.value, State.SUBMITTED.value])
        if last is not None and last[1] == State.RETURNED:
            returned = StateChange.objects.select_related("actor__unit").get(pk=last[0])
    return {"returned": returned}
