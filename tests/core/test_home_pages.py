import pytest

from factorytier.applications.models import Readiness, State
from factorytier.reviews.models import Assignment

from ..factories import ApplicationFactory, CampaignFactory, enterprise_user, recommender

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign():
    return CampaignFactory()


def test_enterprise_home_shows_profile_applications_and_readiness(client, login, campaign):
    application = ApplicationFactory(campaign=campaign)
    Readiness.objects.create(
        enterprise=application.enterprise, cmmm_level=3, current_rating="advanced",
        attestations={"R.B1": True, "R.B2": True, "R.B3": True, "R.B4": True},
        scenarios=[{"guide_link": "生产作业", "scenario": "人机协同作业", "instance": "柔性加工", "uses_ai": True}],
    )
    login(enterprise_user(application.enterprise))
    body = client.get("/").content.decode()
    assert application.enterprise.name in body and application.enterprise.uscc in body
    assert application.number in body
    assert "基础级" in body and "领航级" in body  # the ladder
    assert campaign.name in body


def test_recommender_home_lists_its_queue_with_quota(client, login, campaign):
    mine = ApplicationFactory(campaign=campaign, state=State.SUBMITTED)
    other = ApplicationFactory(campaign=campaign, state=State.SUBMITTED)
    draft = ApplicationFactory(campaign=campaign, enterprise__recommending_unit=mine.enterprise.recommending_unit)
    login(recommender(mine.enterprise.recommending_unit))
    body = client.get("/").content.decode()
    assert mine.enterprise.name in body
    assert other.enterprise.name not in body
    assert draft.enterprise.name not in body  # drafts stay the enterprise's own
    assert "名额上限" in body and ">6<" in body


def test_commission_home_shows_progress_by_unit(client, login, campaign, commission_user):
    a = ApplicationFactory(campaign=campaign, state=State.SUBMITTED)
    ApplicationFactory(campaign=campaign, state=State.RECOMMENDED, enterprise__recommending_unit=a.enterprise.recommending_unit)
    login(commission_user)
    body = client.get("/").content.decode()
    assert a.enterprise.recommending_unit.name in body
    assert "申报进度总览" in body


def test_expert_home_lists_only_assignments(client, login, campaign, expert_user):
    assigned = ApplicationFactory(campaign=campaign, state=State.UNDER_REVIEW)
    unassigned = ApplicationFactory(campaign=campaign, state=State.UNDER_REVIEW)
    Assignment.objects.create(application=assigned, expert=expert_user, assigned_at=campaign.application_deadline,
                              published_at=campaign.application_deadline)
    # An assignment not yet published by the commission is not shown to its expert.
    Assignment.objects.create(application=unassigned, expert=expert_user, assigned_at=campaign.application_deadline)
    login(expert_user)
    body = client.get("/").content.decode()
    assert assigned.enterprise.name in body and unassigned.enterprise.name not in body
    assert client.get(f"/applications/{assigned.pk}/").status_code == 200
    assert client.get(f"/applications/{unassigned.pk}/").status_code == 404


def test_admin_home_shows_system_overview(client, login, admin_user):
    login(admin_user)
    body = client.get("/").content.decode()
    assert "系统概况" in body


def test_navigation_bar_names_role_and_unit(client, login, campaign):
    officer = recommender()
    login(officer)
    body = client.get("/").content.decode()
    assert "推荐单位" in body and officer.unit.name in body


def test_healthz_touches_neither_database_nor_session(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok\n"
    assert ctx.captured_queries == [] and "sessionid" not in response.cookies and "csrftoken" not in response.cookies
