import rules

from factorytier.accounts.rules import is_commission

# Decisions, the outbox and publication belong to the commission alone (not to administrators).
rules.add_perm("decisions.decide", is_commission)
