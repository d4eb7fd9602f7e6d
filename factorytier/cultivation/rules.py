import rules

from factorytier.accounts.rules import is_commission, is_enterprise_user


@rules.predicate
def owns_cultivation(user, cultivation) -> bool:
    return cultivation is not None and user.enterprise_id == cultivation.application.enterprise_id


rules.add_perm("cultivation.file", is_enterprise_user & owns_cultivation)
rules.add_perm("cultivation.view", (is_enterprise_user & owns_cultivation) | is_commission)
