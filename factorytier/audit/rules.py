import rules

from factorytier.accounts.rules import is_admin, is_commission

rules.add_perm("audit.browse_log", is_commission | is_admin)
