import rules

from factorytier.accounts.rules import is_admin, is_commission, is_enterprise_user, is_expert, is_recommender


@rules.predicate
def owns_application(user, application) -> bool:
    return application is not None and user.enterprise_id == application.enterprise_id


@rules.predicate
def recommends_application(user, application) -> bool:
    if application is None:
        return False
    from .selectors import recommending_unit_id

    return recommending_unit_id(application) == user.unit_id


rules.add_perm("applications.view_own", is_enterprise_user)
rules.add_perm("applications.view_queue", is_recommender)
rules.add_perm("applications.submit", is_enterprise_user & owns_application)
rules.add_perm("applications.withdraw", is_enterprise_user & owns_application)
rules.add_perm("applications.reopen", is_enterprise_user & owns_application)
rules.add_perm("applications.apply_acceptance", is_enterprise_user & owns_application)
rules.add_perm("applications.return", is_recommender & recommends_application)
rules.add_perm("applications.recommend", is_recommender & recommends_application)
rules.add_perm("applications.decide", is_commission | is_admin)
rules.add_perm("applications.reopen_recommendation", is_commission)
rules.add_perm("applications.view_assigned", is_expert)
rules.add_perm("applications.edit", is_enterprise_user & owns_application)
