"""Recommending units come from the rule catalogue (they are data of the campaign's region)."""

from factorytier import policy

from .choices import UnitKind
from .models import RecommendingUnit


def sync_units_from_catalogue(catalogue=None) -> int:
    """Create or update the catalogue's recommending units; returns how many were created."""
    catalogue = catalogue or policy.default_catalogue()
    created = 0
    for order, unit in enumerate(catalogue.recommenders, start=1):
        if unit.kind == "central_soe":
            # The catalogue names the kind (中央企业集团总部), not the groups: each group HQ is
            # added as its own unit by the administrator.
            continue
        kind = {"district": UnitKind.DISTRICT, "committee": UnitKind.COMMITTEE}[unit.kind]
        _, was_created = RecommendingUnit.objects.update_or_create(
            name=unit.name, defaults={"kind": kind, "district": unit.district or "", "order": order}
        )
        created += was_created
    return created
