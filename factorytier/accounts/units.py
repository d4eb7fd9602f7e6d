"""Recommending units come from the rule catalogue (they are data of the campaign's region)."""

from factorytier import policy

from .choices import UnitKind
from .models import RecommendingUnit


def sync_units_from_catalogue(catalogue=None) -> int:
    """Create or update the catalogue's recommending units; returns how many were created."""
    catalogue = catalogue or policy.default_catalogue()
    created = 0
    for order, unit in enumerate(catalogue.recommenders, start=1):
        kind = {"district": UnitKind.DISTRICT, "committee": UnitKind.COMMITTEE}.get(unit.kind, UnitKind.CENTRAL_SOE)
        _, was_created = RecommendingUnit.objects.update_or_create(
            name=unit.name, defaults={"kind": kind, "district": unit.district or "", "order": order}
        )
        created += was_created
    return created
