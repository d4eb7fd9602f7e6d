import rules

from factorytier.accounts.rules import is_admin, is_commission, is_recommender


@rules.predicate
def officer_of_list_unit(user, ranked_list) -> bool:
    return ranked_list is not None and user.unit_id is not None and ranked_list.unit_id == user.unit_id


rules.add_perm("recommendations.view_queue", is_recommender | is_commission)
rules.add_perm("recommendations.edit_list", is_recommender & officer_of_list_unit)
rules.add_perm("recommendations.view_list", (is_recommender & officer_of_list_unit) | is_commission | is_admin)
rules.add_perm("recommendations.reopen_list", is_commission)
rules.add_perm("recommendations.manage_registries", is_commission)
rules.add_perm("recommendations.record_paper", is_commission)
rules.add_perm("recommendations.oversee", is_commission | is_admin)
