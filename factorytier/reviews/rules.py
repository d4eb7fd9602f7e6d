import rules

from factorytier.accounts.rules import is_admin, is_commission, is_expert

rules.add_perm("reviews.manage", is_commission | is_admin)
rules.add_perm("reviews.own_profile", is_expert)
rules.add_perm("reviews.score", is_expert)
