"""Which audit entries a reader may see.

The log is append-only and holds entries about every object, including drafts the reader may not open. Every
view of the log (the log page, its export, the administrator's home page) reads through `entries_for_user`,
which applies each object's own visibility: an entry about an application is shown only to someone
`applications_for_user` shows that application to; entries about its attachments, versions and snapshots
follow the application; entries about an enterprise, its readiness answers and evidence, and its users follow
the enterprise (visible when one of its applications is).

The applications app sits above this one (it writes the log), so its selectors are imported inside the
functions.
"""

from __future__ import annotations

from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast

from factorytier.accounts.rules import is_admin

from .models import AuditEntry

APPLICATION_TYPES = {"applications.application"}
# Objects that belong to one application: model label -> path from the model to the application.
APPLICATION_CHILD_TYPES = {
    "applications.attachment": "application",
    "applications.version": "application",
    "applications.snapshot": "application",
    "applications.statechange": "application",
    "reviews.assignment": "application",
}
# Objects that belong to one enterprise: model label -> path to the enterprise.
ENTERPRISE_TYPES = {
    "accounts.enterprise": "pk",
    "applications.readiness": "enterprise",
    "applications.evidence": "readiness__enterprise",
}
USER_TYPES = {"accounts.user"}
GUARDED_TYPES = APPLICATION_TYPES | set(APPLICATION_CHILD_TYPES) | set(ENTERPRISE_TYPES) | USER_TYPES


def sees_everything(user) -> bool:
    return bool(is_admin(user))


def _ids(queryset) -> QuerySet:
    """The primary keys as text, to compare with `AuditEntry.object_id` in a subquery."""
    return queryset.order_by().annotate(_pk_text=Cast("pk", output_field=CharField())).values("_pk_text")


def visible_q(user) -> Q:
    """A filter on AuditEntry for what `user` may read."""
    from django.apps import apps as django_apps

    from factorytier.accounts.models import Enterprise, User
    from factorytier.applications.selectors import applications_for_user

    if sees_everything(user):
        return Q()
    applications = applications_for_user(user).order_by()
    allowed = ~Q(object_type__in=GUARDED_TYPES)
    allowed |= Q(object_type__in=APPLICATION_TYPES, object_id__in=_ids(applications))
    for label, path in APPLICATION_CHILD_TYPES.items():
        try:
            model = django_apps.get_model(label)
        except LookupError:
            continue
        allowed |= Q(object_type=label, object_id__in=_ids(model.objects.filter(**{f"{path}__in": applications.values("pk")})))
    enterprises = Enterprise.objects.filter(pk__in=applications.values("enterprise_id"))
    for label, path in ENTERPRISE_TYPES.items():
        model = django_apps.get_model(label)
        if path == "pk":
            allowed |= Q(object_type=label, object_id__in=_ids(enterprises))
        else:
            allowed |= Q(object_type=label, object_id__in=_ids(model.objects.filter(**{f"{path}__in": enterprises.values("pk")})))
    # Officers' accounts (no enterprise) are visible; an enterprise's users follow their enterprise.
    users = User.objects.filter(Q(enterprise__isnull=True) | Q(enterprise__in=enterprises.values("pk")))
    allowed |= Q(object_type__in=USER_TYPES, object_id__in=_ids(users))
    return allowed


def entries_for_user(user) -> QuerySet[AuditEntry]:
    if not getattr(user, "is_authenticated", False):
        return AuditEntry.objects.none()
    return AuditEntry.objects.filter(visible_q(user)).select_related("actor", "actor__unit", "actor__enterprise")
