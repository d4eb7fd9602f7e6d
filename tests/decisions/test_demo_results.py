"""The demo: the 2025 campaign's results are published; demo-expert has work in the practice campaign."""

import pytest
from django.core.management import call_command

from factorytier.accounts.models import User
from factorytier.applications.models import Application
from factorytier.campaigns.models import Campaign
from factorytier.cultivation.models import Cultivation
from factorytier.reviews.models import Conflict
from factorytier.reviews.selectors import expert_assignments

pytestmark = pytest.mark.django_db


def test_demo_publishes_2025_results_and_gives_the_expert_work(client, monkeypatch):
    monkeypatch.setenv("FACTORYTIER_DEMO_PASSWORD", "Demo-pass-2025!")
    call_command("demo")
    call_command("demo")  # idempotent
    official = Campaign.objects.get(year=2025)
    assert Application.objects.filter(campaign=official, tier="excellent", state="approved").count() >= 2
    cultivation = Cultivation.objects.get(application__campaign=official)
    assert cultivation.application.state == "cultivation" and cultivation.milestones.count() == 1
    page = client.get(f"/results/{official.pk}/").content.decode()
    assert "卓越级智能工厂认定名单" in page and cultivation.application.enterprise.name in page
    expert = User.objects.get(username="demo-expert")
    practice = Campaign.objects.exclude(pk=official.pk).get()
    todo = expert_assignments(expert).filter(application__campaign=practice, status="assigned")
    assert todo.count() == 2
    conflict = Conflict.objects.get(expert=expert, source="declared")
    assert Application.objects.filter(campaign=practice, enterprise=conflict.enterprise, state="recommended").exists()
    assert not expert_assignments(expert).filter(application__enterprise=conflict.enterprise).exists()
