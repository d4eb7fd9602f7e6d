"""The active interface language as the rule engine names it (factorytier.policy imports no Django)."""

from django.utils import translation


def policy_lang() -> str:
    """"en" when the user reads the English interface, else "zh" (the catalogue's own language)."""
    return "en" if (translation.get_language() or "").startswith("en") else "zh"
