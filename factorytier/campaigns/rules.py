import rules

from factorytier.accounts.rules import is_admin, is_commission

rules.add_perm("campaigns.manage_campaign", is_commission | is_admin)
rules.add_perm("campaigns.view_progress", is_commission | is_admin)
