"""What an expert and the commission see of the review: the one place that decides it."""

from django.db.models import Exists, OuterRef, QuerySet

from .models import Assignment, Conflict

# A conflict blocks an assignment while it is in force or still to be confirmed by the commission.
BLOCKING = [Conflict.Status.ACTIVE, Conflict.Status.POSSIBLE]


def blocking_conflicts() -> QuerySet[Conflict]:
    return Conflict.objects.filter(status__in=BLOCKING)


def conflicted_pairs(expert_ids=None, enterprise_ids=None) -> set[tuple[int, int]]:
    """(expert id, enterprise id) pairs that must never be assigned, from any source."""
    qs = blocking_conflicts()
    if expert_ids is not None:
        qs = qs.filter(expert_id__in=list(expert_ids))
    if enterprise_ids is not None:
        qs = qs.filter(enterprise_id__in=list(enterprise_ids))
    return set(qs.values_list("expert_id", "enterprise_id"))


def expert_assignments(user) -> QuerySet[Assignment]:
    """The expert's own published assignments, not declined, not across a conflict."""
    conflict = blocking_conflicts().filter(expert_id=OuterRef("expert_id"), enterprise_id=OuterRef("application__enterprise_id"))
    return (
        Assignment.objects.filter(expert=user, published_at__isnull=False)
        .exclude(status=Assignment.Status.DECLINED)
        .exclude(Exists(conflict))
        .select_related("application__enterprise", "application__campaign")
    )


def visible_assignment_application_ids(user):
    return expert_assignments(user).values("application_id")
