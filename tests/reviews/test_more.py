"""Invitation, on-site checks, query counts of the commission's list pages, the warnings command."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factorytier.audit.models import AuditEntry
from factorytier.notices.models import Notice
from factorytier.reviews import services
from factorytier.reviews.services import ReviewRefused

from ..factories import PASSWORD, ApplicationFactory, CampaignFactory, enterprise_user
from .conftest import make_expert

pytestmark = pytest.mark.django_db


def test_the_invited_expert_sets_a_password_once_and_completes_the_profile(client, commission_user):
    profile = services.invite_expert(commission_user, username="li.expert", email="li@example.com", name="李专家",
                                     organisation="某大学")
    link = Notice.objects.get(user=profile.user).link
    assert client.get(link).status_code == 200
    response = client.post(link, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/reviews/profile/"
    response = client.post("/reviews/profile/", {"action": "profile", "organisation": "某大学智能制造研究院",
                                                 "industries": ["36"], "guide_links": ["生产作业"]})
    profile.refresh_from_db()
    assert profile.completed_at is not None and profile.industries == ["36"]
    client.logout()
    assert client.get(link).status_code == 400  # used once: the token no longer matches
    assert client.get("/reviews/invitation/xx/yy/").status_code == 400


def test_an_onsite_check_tells_the_enterprise_the_date_and_checks_clauses(commission_user):
    app = ApplicationFactory(tier="leading", state="onsite_check")
    owner = enterprise_user(app.enterprise)
    with pytest.raises(ReviewRefused, match="未知条款"):
        services.record_onsite_check(commission_user, app, date=dt.date(2025, 9, 18), team="甲", conclusion="passed",
                                     findings=[{"clause": "N.XX.9", "result": "met"}])
    check = services.record_onsite_check(commission_user, app, date=dt.date(2025, 9, 18), team="甲、乙", conclusion="pending",
                                         findings=[{"clause": "R.LD.C", "result": "partly", "note": "环节不全"}])
    assert Notice.objects.filter(user=owner, subject__contains="2025-09-18").count() == 1
    services.record_onsite_check(commission_user, app, date=dt.date(2025, 9, 18), team="甲、乙", conclusion="passed",
                                 findings=[], check=check)
    assert Notice.objects.filter(user=owner).count() == 1  # same date: not told twice
    assert AuditEntry.objects.filter(action="onsite.record").count() == 2
    with pytest.raises(ReviewRefused, match="权限"):
        services.record_onsite_check(owner, app, date=dt.date(2025, 9, 18), team="甲", conclusion="passed", findings=[])




@pytest.mark.parametrize("page", ["assignments", "scores"])
def test_commission_list_pages_cost_the_same_for_3_and_30_rows(client, login, commission_user, page):
    login(commission_user)
    counts = []
    for n in (3, 30):
        campaign = CampaignFactory()
        expert = make_expert(f"专家{n}")
        for _ in range(n):
            app = ApplicationFactory(campaign=campaign, state="recommended")
            from factorytier.core import clock
            from factorytier.reviews.models import Assignment

            Assignment.objects.create(application=app, expert=expert, assigned_at=clock.now())
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/reviews/campaigns/{campaign.pk}/{page}/").status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1], counts


def test_results_page_costs_the_same_for_3_and_30_rows(client, commission_user):
    from factorytier.core import clock
    from factorytier.decisions.models import Publication

    counts = []
    for n in (3, 30):
        campaign = CampaignFactory()
        for _ in range(n):
            ApplicationFactory(campaign=campaign, state="approved")
        Publication.objects.create(campaign=campaign, published_at=clock.now(), published_by=commission_user)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/results/{campaign.pk}/").status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1], counts


def test_the_warnings_command_runs(capsys):
    call_command("cultivation_warnings")
    assert "培育期到期提醒" in capsys.readouterr().out
