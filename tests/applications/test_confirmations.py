"""Irreversible moves are explained and asked once; nothing moves without the confirmation (issue 12 item 2)."""

import pytest

from factorytier.applications.models import Snapshot, State, StateChange
from factorytier.applications.services import set_application_state
from factorytier.audit.models import AuditEntry
from factorytier.core import clock

from ..factories import enterprise_user, ready_application, recommender

pytestmark = pytest.mark.django_db
OPEN = clock.shanghai(2025, 7, 10, 15)


def _counts():
    return StateChange.objects.count(), Snapshot.objects.count(), AuditEntry.objects.count()


def test_submitting_without_the_confirmation_only_explains(client, login):
    application = ready_application()
    login(enterprise_user(application.enterprise))
    before = _counts()
    with clock.frozen_at(OPEN):
        response = client.post(f"/applications/{application.pk}/move/", {"to_state": "submitted"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "将会发生什么" in body and "不能撤销的内容" in body and "提交后不能再修改内容" in body
    assert application.enterprise.recommending_unit.name in body
    assert 'name="confirmed" value="1"' in body
    application.refresh_from_db()
    assert application.state == State.DRAFT and _counts() == before


def test_submitting_with_the_confirmation_moves_and_shows_what_comes_next(client, login):
    application = ready_application()
    login(enterprise_user(application.enterprise))
    with clock.frozen_at(OPEN):
        response = client.post(f"/applications/{application.pk}/move/", {"to_state": "submitted", "confirmed": "1"},
                               follow=True)
    application.refresh_from_db()
    assert application.state == State.SUBMITTED
    body = response.content.decode()
    assert 'id="next-steps"' in body and "推荐截止时间" in body
    assert application.enterprise.recommending_unit.name in body
    deadline = application.campaign.recommendation_deadline.astimezone(clock.SHANGHAI)
    assert f"{deadline:%Y-%m-%d %H:%M:%S}" in body


def test_a_refused_submission_goes_to_the_editor_before_asking(client, login):
    application = ready_application()
    application.content["factory"]["summary"] = ""
    application.save()
    login(enterprise_user(application.enterprise))
    with clock.frozen_at(OPEN):
        response = client.post(f"/applications/{application.pk}/move/", {"to_state": "submitted"}, follow=True)
    assert response.redirect_chain[-1][0] == f"/applications/{application.pk}/edit/"
    assert "请填写“项目简介”" in response.content.decode()


def test_withdrawing_asks_for_a_reason_and_keeps_it_in_the_history(client, login):
    application = ready_application()
    owner = enterprise_user(application.enterprise)
    with clock.frozen_at(OPEN):
        set_application_state(application, State.SUBMITTED, owner)
    login(owner)
    before = _counts()
    with clock.frozen_at(OPEN):
        page = client.post(f"/applications/{application.pk}/move/", {"to_state": "withdrawn"}).content.decode()
        assert 'name="reason"' in page and "撤回理由记入办理记录" in page
        # Confirmed but without a reason: refused, nothing changes.
        client.post(f"/applications/{application.pk}/move/", {"to_state": "withdrawn", "confirmed": "1", "reason": "  "})
        application.refresh_from_db()
        assert application.state == State.SUBMITTED and _counts() == before
        client.post(f"/applications/{application.pk}/move/",
                    {"to_state": "withdrawn", "confirmed": "1", "reason": "产线改造延期，明年再报"})
    application.refresh_from_db()
    assert application.state == State.WITHDRAWN
    change = application.history.order_by("-at", "-pk").first()
    assert change.to_state == State.WITHDRAWN and change.reason == "产线改造延期，明年再报"
    assert "产线改造延期，明年再报" in client.get(f"/applications/{application.pk}/").content.decode()


@pytest.mark.parametrize("to_state", ["recommended", "not_recommended"])
def test_a_recommendation_is_not_made_from_the_application_page(client, login, to_state):
    """Recommending goes through the unit's ranked list and its own confirmation (recommendations app)."""
    application = ready_application(state="submitted")
    login(recommender(application.enterprise.recommending_unit))
    before = _counts()
    with clock.frozen_at(OPEN):
        for data in ({"to_state": to_state, "reason": "名额已满"}, {"to_state": to_state, "reason": "名额已满", "confirmed": "1"}):
            response = client.post(f"/applications/{application.pk}/move/", data)
            assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == State.SUBMITTED and _counts() == before


def test_another_unit_gets_no_confirmation_page(client, login):
    from ..factories import UnitFactory

    application = ready_application(state="submitted")
    login(recommender(UnitFactory()))
    with clock.frozen_at(OPEN):
        response = client.post(f"/applications/{application.pk}/move/", {"to_state": "returned", "reason": "x"})
    assert response.status_code == 404
