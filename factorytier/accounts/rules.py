"""Role predicates, composed into permissions by the other apps' rules.py."""

import rules

from .choices import Role


@rules.predicate
def is_enterprise_user(user) -> bool:
    return bool(user.is_authenticated and user.role == Role.ENTERPRISE and user.enterprise_id)


@rules.predicate
def is_recommender(user) -> bool:
    return bool(user.is_authenticated and user.role == Role.RECOMMENDER and user.unit_id)


@rules.predicate
def is_commission(user) -> bool:
    return bool(user.is_authenticated and user.role == Role.COMMISSION)


@rules.predicate
def is_expert(user) -> bool:
    return bool(user.is_authenticated and user.role == Role.EXPERT)


@rules.predicate
def is_admin(user) -> bool:
    return bool(user.is_authenticated and (user.role == Role.ADMIN or user.is_superuser))


rules.add_perm("accounts.manage_own_tokens", rules.is_authenticated)
rules.add_perm("accounts.view_enterprise_profile", is_enterprise_user)
