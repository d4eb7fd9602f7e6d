"""The demo: 浦东新区's submitted 2025 lists and the practice list demo-pudong can rank and submit."""

import pytest
from django.core.management import call_command

from factorytier.applications.models import State
from factorytier.recommendations import services
from factorytier.recommendations.checks import verdicts
from factorytier.recommendations.models import RankedList
from factorytier.recommendations.summary import build

pytestmark = pytest.mark.django_db


def test_demo_lists(monkeypatch, tmp_path):
    monkeypatch.setenv("FACTORYTIER_DEMO_PASSWORD", "Demo-pass-2025!")
    call_command("demo")
    call_command("demo")  # idempotent
    official = RankedList.objects.filter(campaign__year=2025, campaign__notice_no="沪经信制〔2025〕430号", unit__district="浦东新区")
    excellent = official.get(tier="excellent")
    assert excellent.is_submitted
    apps = [e.application for e in excellent.entries.select_related("application__enterprise")]
    # Recommended by the list; the demo's published results then took them further along the path.
    assert len(apps) >= 3 and all(a.history.filter(to_state=State.RECOMMENDED).exists() for a in apps)
    found = verdicts(apps)
    assert sum(found[a.pk].exempt for a in apps) == 1  # the 揭榜 unit, confirmed by the demo registry
    leading = official.get(tier="leading")
    assert leading.is_submitted and leading.entries.count() == 1
    assert build(leading, "xlsx")[0].startswith("附件5")
    call_command("summary_table", "--campaign", "2025", "--unit", "浦东新区", "--tier", "excellent", "--format", "docx",
                 "--output", str(tmp_path / "a3.docx"))
    practice = RankedList.objects.get(campaign__notice_no="演示用", unit__district="浦东新区", tier="excellent")
    assert not practice.is_submitted and practice.entries.count() == 1
    from factorytier.accounts.models import User

    officer = User.objects.get(username="demo-pudong")
    waiting = services.unit_applications(practice.unit_id, practice.campaign, "excellent").filter(state=State.SUBMITTED)
    assert waiting.count() == 5
    for app in waiting.exclude(list_entry__isnull=False)[:2]:
        practice = services.add_application(practice, app, officer, practice.version)
    practice = services.submit_list(practice, officer, practice.version)
    assert practice.is_submitted
