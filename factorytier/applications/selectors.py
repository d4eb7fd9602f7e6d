"""Who sees which applications: the one visibility query, used by pages, API and exports alike."""

from django.db.models import Q, QuerySet

from factorytier.accounts.choices import Role

from .models import Application, State


def recommending_unit_id(application: Application) -> int | None:
    """Central SOEs apply through their group HQ for 卓越级 (N.EX.P3) and through the district
    for 领航级 (N.LD.P2); everyone else through the district's unit."""
    enterprise = application.enterprise
    if application.tier == "excellent" and enterprise.central_soe_group_id:
        return enterprise.central_soe_group_id
    return enterprise.recommending_unit_id


def through_unit(unit_id: int) -> Q:
    """Applications this recommending unit recommends (the rule of `recommending_unit_id`, as a filter)."""
    via_group = Q(tier="excellent", enterprise__central_soe_group_id=unit_id)
    via_district = Q(enterprise__recommending_unit_id=unit_id) & ~Q(
        tier="excellent", enterprise__central_soe_group__isnull=False
    )
    return via_group | via_district


# States an application is in once its unit has recommended it.
RECOMMENDED_OR_LATER = [
    State.RECOMMENDED, State.UNDER_REVIEW, State.APPROVED, State.CULTIVATION, State.REJECTED,
    State.ACCEPTANCE_APPLIED, State.ACCEPTED, State.ACCEPTANCE_FAILED,
    State.MATERIAL_REVIEW, State.ONSITE_CHECK, State.ACCEPTANCE_RETURNED, State.INITIAL_REVIEW_PASSED,
]


def applications_for_user(user) -> QuerySet[Application]:
    base = Application.objects.select_related("enterprise", "campaign")
    if not user.is_authenticated:
        return base.none()
    if user.role == Role.ENTERPRISE:
        return base.filter(enterprise_id=user.enterprise_id) if user.enterprise_id else base.none()
    if user.role == Role.RECOMMENDER:
        if not user.unit_id:
            return base.none()
        # Drafts are the enterprise's own business until they are submitted.
        return base.filter(through_unit(user.unit_id)).exclude(state__in=[State.DRAFT, State.WITHDRAWN])
    if user.role == Role.COMMISSION:
        # The commission oversees every application once it has left the enterprise's hands.
        return base.exclude(state__in=[State.DRAFT, State.WITHDRAWN])
    if user.role == Role.EXPERT:
        from factorytier.reviews.selectors import visible_assignment_application_ids

        # Only published assignments, never declined ones, never across a conflict of any source.
        return base.filter(pk__in=visible_assignment_application_ids(user)).exclude(
            state__in=[State.DRAFT, State.WITHDRAWN, State.RETURNED]
        )
    if user.role == Role.ADMIN or user.is_superuser:
        return base
    return base.none()


# What the application tables show (number, enterprise, district, tier, title, state, times), and nothing
# else: not the content (30–70 KB a row), nor the campaign's and enterprise's other columns, which the
# officers' queue pages, reloaded all deadline day, would otherwise read and decode 50 times a page.
TABLE_COLUMNS = ("id", "tier", "title", "state", "version", "submitted_at", "updated_at", "campaign_id", "enterprise_id",
                 "campaign__id", "campaign__year", "enterprise__id", "enterprise__name", "enterprise__district")


def for_tables(queryset: QuerySet[Application]) -> QuerySet[Application]:
    """`queryset` reading only the columns of `includes/application_table.html`."""
    return queryset.only(*TABLE_COLUMNS)


def evidence_for_user(user):
    """Readiness evidence a user may download: an enterprise its own; whoever sees one of an enterprise's
    applications (its unit's officer, an assigned expert, the commission) that enterprise's; an
    administrator all."""
    from .models import Evidence

    base = Evidence.objects.select_related("readiness")
    if not user.is_authenticated:
        return base.none()
    if user.role == Role.ENTERPRISE:
        return base.filter(readiness__enterprise_id=user.enterprise_id) if user.enterprise_id else base.none()
    if user.role == Role.ADMIN or user.is_superuser:
        return base
    return base.filter(readiness__enterprise_id__in=applications_for_user(user).values("enterprise_id"))
