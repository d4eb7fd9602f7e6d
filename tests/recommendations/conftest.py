import pytest

from factorytier.applications.models import State, StateChange
from factorytier.applications.submission import freeze
from factorytier.core import clock
from factorytier.recommendations.models import RegistryEntry, RegistryImport, RegistryKind

from ..factories import CampaignFactory, UnitFactory, ready_application, recommender


def submit(application, at=None):
    """Put a ready application into 已提交 with its frozen snapshot (as the submit move would)."""
    at = at or clock.shanghai(2025, 6, 30, 10)
    freeze(application, at)
    application.state = State.SUBMITTED
    application.submitted_at = at
    application.save(update_fields=["state", "submitted_at"])
    StateChange.objects.create(application=application, at=at, from_state=State.DRAFT, to_state=State.SUBMITTED)
    return application


def registry(kind, uscc, name="", rating=""):
    source = RegistryImport.objects.filter(kind=kind, status=RegistryImport.Status.APPLIED).first() or \
        RegistryImport.objects.create(kind=kind, file_name="t.xlsx", uploaded_at=clock.now(), status=RegistryImport.Status.APPLIED)
    return RegistryEntry.objects.create(kind=kind, uscc=uscc, name=name or uscc, rating=rating, source=source)


@pytest.fixture
def unit(db):
    return UnitFactory()


@pytest.fixture
def campaign(db):
    return CampaignFactory()


@pytest.fixture
def officer(unit):
    return recommender(unit)


@pytest.fixture
def make_submitted(unit, campaign):
    def _make(tier="excellent", pilot=False, confirmed=False, rated=False, unit_=None):
        from ..factories import EnterpriseFactory

        enterprise = EnterpriseFactory(recommending_unit=unit_ or unit, pilot_demo_locally_accepted=pilot)
        application = submit(ready_application(tier=tier, campaign=campaign, enterprise=enterprise))
        if confirmed:
            registry(RegistryKind.PILOT, enterprise.uscc)
        if rated:
            registry(RegistryKind.RATED, enterprise.uscc, rating="advanced" if tier == "excellent" else "excellent")
        return application

    return _make
