"""factorytier's rule engine: catalogues of tier rules as data, and pure checks of a factory's facts.

No Django here: the `factorytier check` command, the web app and the HTTP API all call these.
"""

from .divisions import division_name, industry_name
from .engine import Finding, LadderResult, Remedy, TierResult, check_ladder, check_tier
from .errors import CatalogueError, FactsInvalid, FieldError
from .facts import Facts, Scenario, parse_facts, validate_facts
from .loader import campaign_catalogue_names, catalogue_by_name, default_catalogue, load_catalogue
from .model import (
    Campaign,
    CampaignRules,
    Catalogue,
    Clause,
    Deadline,
    GuideScenario,
    Kpi,
    MaterialSection,
    MaterialsList,
    Quota,
    Recommender,
    Segment,
    SummaryTable,
    Tier,
    TierRule,
)

__all__ = [
    "Campaign", "CampaignRules", "Catalogue", "CatalogueError", "Clause", "Deadline", "Facts", "FactsInvalid",
    "FieldError", "Finding", "GuideScenario", "Kpi", "LadderResult", "MaterialSection", "MaterialsList", "Quota",
    "Recommender", "Remedy", "Scenario", "Segment", "SummaryTable", "Tier", "TierResult", "TierRule",
    "campaign_catalogue_names", "catalogue_by_name", "check_ladder", "division_name", "industry_name", "check_tier", "default_catalogue", "load_catalogue", "parse_facts", "validate_facts",
]
