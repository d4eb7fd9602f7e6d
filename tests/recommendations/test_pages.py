"""The officer's queue, return with a reason, the list page, and who may see what (404 for other units)."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factorytier.accounts.choices import Role
from factorytier.applications.models import State
from factorytier.notices.models import Notice
from factorytier.recommendations import services
from factorytier.recommendations.models import ListEntry, RankedList

from ..factories import UnitFactory, UserFactory, enterprise_user, ready_application, recommender

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _open(before_deadline):
    yield


def test_queue_filters_searches_and_shows_the_frozen_verdict(client, login, officer, make_submitted, campaign):
    a = make_submitted()
    b = make_submitted(tier="leading")
    other = make_submitted(unit_=UnitFactory())
    login(officer)
    page = client.get(f"/recommendations/queue/?campaign={campaign.pk}").content.decode()
    assert a.enterprise.name in page and b.enterprise.name in page and other.enterprise.name not in page
    assert "符合" in page and "N.EX.2" in page  # claimed 先进级 not in the (empty) registry
    page = client.get(f"/recommendations/queue/?campaign={campaign.pk}&tier=leading").content.decode()
    assert a.enterprise.name not in page and b.enterprise.name in page
    page = client.get(f"/recommendations/queue/?campaign={campaign.pk}&q={a.enterprise.uscc[-6:]}").content.decode()
    assert a.enterprise.name in page and b.enterprise.name not in page
    assert client.get("/recommendations/queue/?tier=x&state=y&sort=z&page=999&q=" + "长" * 500).status_code == 200


def test_queue_query_count_does_not_grow_with_rows(client, login, officer, make_submitted, campaign):
    login(officer)
    for _ in range(3):
        make_submitted()
    url = f"/recommendations/queue/?campaign={campaign.pk}"
    client.get(url)
    with CaptureQueriesContext(connection) as three:
        client.get(url)
    for _ in range(12):
        make_submitted()
    with CaptureQueriesContext(connection) as fifteen:
        client.get(url)
    assert len(fifteen) <= len(three) + 2, (len(three), len(fifteen))


def test_return_with_reason_shown_in_the_editor_until_resubmitted(client, login, officer, make_submitted):
    a = make_submitted()
    owner = enterprise_user(a.enterprise)
    login(officer)
    response = client.post(f"/recommendations/applications/{a.pk}/return/", {"reason": ""})
    a.refresh_from_db()
    assert a.state == State.SUBMITTED
    client.post(f"/recommendations/applications/{a.pk}/return/", {"reason": "请补充生产作业环节的实例说明"})
    a.refresh_from_db()
    assert a.state == State.RETURNED
    assert Notice.objects.filter(user=owner, body__contains="请补充生产作业环节的实例说明").exists()
    login(owner)
    page = client.get(f"/applications/{a.pk}/edit/").content.decode()
    assert "推荐单位已退回修改" in page and "请补充生产作业环节的实例说明" in page
    assert response.status_code == 302


def test_the_return_reason_stays_after_reopening_and_a_never_returned_draft_reads_one_light_row(
        client, login, officer, make_submitted):
    from factorytier.applications.services import set_application_state

    a = make_submitted()
    owner = enterprise_user(a.enterprise)
    login(officer)
    client.post(f"/recommendations/applications/{a.pk}/return/", {"reason": "请补充能源管理环节说明"})
    set_application_state(a, State.DRAFT, owner)  # 重新编辑: the draft keeps the officer's reason on top
    login(owner)
    page = client.get(f"/applications/{a.pk}/edit/").content.decode()
    assert "推荐单位已退回修改" in page and "请补充能源管理环节说明" in page and officer.unit.name in page

    fresh = ready_application()
    login(enterprise_user(fresh.enterprise))
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(f"/applications/{fresh.pk}/edit/").content.decode()
    history = [q["sql"] for q in ctx.captured_queries if '"applications_statechange"' in q["sql"]]
    assert "推荐单位已退回修改" not in page
    assert len(history) == 1 and '"accounts_user"' not in history[0], history


def test_a_returned_application_leaves_the_list(officer, make_submitted, unit, campaign):
    a = make_submitted()
    rl = services.add_application(services.list_for(unit, campaign, "excellent"), a, officer, None)
    services.return_application(a, officer, "材料不全")
    assert not ListEntry.objects.filter(ranked_list=rl).exists()


def test_officer_of_another_unit_gets_404_everywhere(client, login, officer, make_submitted, unit, campaign):
    a = make_submitted()
    rl = services.add_application(services.list_for(unit, campaign, "excellent"), a, officer, None)
    stranger = recommender(UnitFactory())
    login(stranger)
    for url in (f"/recommendations/lists/{rl.pk}/", f"/recommendations/lists/{rl.pk}/submit/",
                f"/recommendations/lists/{rl.pk}/summary/xlsx/", f"/applications/{a.pk}/"):
        assert client.get(url).status_code == 404, url
    for url, data in ((f"/recommendations/lists/{rl.pk}/remove/", {"application": a.pk}),
                      (f"/recommendations/lists/{rl.pk}/submit/", {}),
                      (f"/recommendations/applications/{a.pk}/return/", {"reason": "x"})):
        assert client.post(url, data).status_code == 404, url
    a.refresh_from_db()
    assert a.state == State.SUBMITTED and RankedList.objects.get(pk=rl.pk).entries.count() == 1


def test_enterprise_and_expert_cannot_open_recommendation_pages(client, login, make_submitted, unit, campaign, officer, expert_user):
    a = make_submitted()
    rl = services.list_for(unit, campaign, "excellent")
    for user in (enterprise_user(a.enterprise), expert_user):
        login(user)
        assert client.get("/recommendations/queue/").status_code == 403
        assert client.get(f"/recommendations/lists/{rl.pk}/").status_code == 404
        assert client.post(f"/recommendations/lists/{rl.pk}/add/", {"application": a.pk}).status_code == 404
    assert not ListEntry.objects.exists()


def test_list_page_add_move_and_drag_reorder(client, login, officer, make_submitted, campaign):
    a, b, c = (make_submitted() for _ in range(3))
    login(officer)
    response = client.get(f"/recommendations/list/?campaign={campaign.pk}&tier=excellent")
    rl = RankedList.objects.get()
    assert response["Location"] == f"/recommendations/lists/{rl.pk}/"
    for n, app in enumerate((a, b, c), start=1):
        client.post(f"/recommendations/lists/{rl.pk}/add/", {"application": app.pk, "version": n})
    assert rl.entries.count() == 3
    response = client.post(f"/recommendations/lists/{rl.pk}/move/", {"application": c.pk, "version": 4, "direction": "up"})
    page = client.get(response["Location"]).content.decode()
    assert f"“{c.enterprise.name}”现位于第 2 位（共 3 位）" in page
    stale = client.post(f"/recommendations/lists/{rl.pk}/reorder/", json.dumps({"order": [b.pk, a.pk, c.pk]}),
                        content_type="application/json", headers={"If-Match": "4"})
    assert stale.status_code == 409 and stale.json()["current_version"] == 5
    ok = client.post(f"/recommendations/lists/{rl.pk}/reorder/", json.dumps({"order": [b.pk, a.pk, c.pk]}),
                     content_type="application/json", headers={"If-Match": "5"})
    assert ok.status_code == 200 and ok.json()["version"] == 6
    assert client.post(f"/recommendations/lists/{rl.pk}/reorder/", b"not json", content_type="application/json").status_code == 400
    confirm = client.get(f"/recommendations/lists/{rl.pk}/submit/").content.decode()
    assert confirm.index(b.enterprise.name) < confirm.index(a.enterprise.name) < confirm.index(c.enterprise.name)
    client.post(f"/recommendations/lists/{rl.pk}/submit/", {"version": 6})
    rl.refresh_from_db()
    assert rl.is_submitted
    download = client.get(f"/recommendations/lists/{rl.pk}/summary/xlsx/")
    assert download.status_code == 200 and download["Content-Type"].startswith("application/vnd.openxml")
    from factorytier.audit.models import AuditEntry

    assert AuditEntry.objects.filter(action="recommendation.summary_download", actor=officer).count() == 1


def test_commission_sees_every_list_but_cannot_edit(client, login, commission_user, make_submitted, unit, campaign):
    a = make_submitted()
    rl = services.list_for(unit, campaign, "excellent")
    login(commission_user)
    assert client.get(f"/recommendations/lists/{rl.pk}/").status_code == 200
    client.post(f"/recommendations/lists/{rl.pk}/add/", {"application": a.pk})
    assert not ListEntry.objects.exists()
    assert UserFactory(role=Role.COMMISSION)


def test_an_application_page_offers_no_recommend_button_and_refuses_the_bypass(client, login, officer, make_submitted,
                                                                                 before_deadline):
    """Recommending goes through the ranked list (rank and quota together), never one application at a time."""
    application = make_submitted()
    login(officer)
    page = client.get(f"/applications/{application.pk}/").content.decode()
    assert 'value="recommended"' not in page and 'value="not_recommended"' not in page
    assert 'value="returned"' in page  # returning with a reason stays on the application's page
    response = client.post(f"/applications/{application.pk}/move/", {"to_state": "recommended"}, follow=True)
    assert "推荐名单" in response.content.decode()
    application.refresh_from_db()
    assert application.state == State.SUBMITTED
