"""Decisions only by the commission, held in the outbox until released; one message per decision."""

import pytest

from factorytier.applications.models import Readiness
from factorytier.decisions import services
from factorytier.decisions.models import Decision, OutboxMessage
from factorytier.decisions.services import DecisionRefused
from factorytier.notices.models import Notice

from ..factories import ApplicationFactory, UserFactory, enterprise_user, recommender

pytestmark = pytest.mark.django_db


@pytest.fixture
def under_review():
    app = ApplicationFactory(tier="excellent", state="under_review")
    return app, enterprise_user(app.enterprise)


def test_only_the_commission_decides(under_review, expert_user, admin_user):
    app, owner = under_review
    for actor in (owner, recommender(app.enterprise.recommending_unit), expert_user, admin_user):
        with pytest.raises(DecisionRefused, match="只有市经信委"):
            services.record_decision(actor, app, "approved")
    assert not Decision.objects.exists()


def test_nothing_reaches_the_enterprise_before_release(under_review, commission_user):
    app, owner = under_review
    services.record_decision(commission_user, app, "approved", "评分优秀")
    app.refresh_from_db()
    assert app.state == "under_review"
    assert not Notice.objects.filter(user=owner).exists()


def test_a_decision_changed_before_release_sends_one_message(under_review, commission_user):
    app, owner = under_review
    d = services.record_decision(commission_user, app, "approved", "评分优秀")
    services.record_decision(commission_user, app, "rejected", "现场核查发现数据不实")
    assert Decision.objects.count() == 1 and OutboxMessage.objects.count() == 1
    assert services.release(commission_user, [d]) == 1
    app.refresh_from_db()
    assert app.state == "rejected"
    notices = Notice.objects.filter(user=owner)
    assert notices.count() == 1
    assert "未通过" in notices.get().subject and "已认定" not in notices.get().body
    assert services.release(commission_user, [d]) == 0  # releasing twice sends nothing more
    assert Notice.objects.filter(user=owner).count() == 1
    with pytest.raises(DecisionRefused, match="可作的决定为：无"):
        services.record_decision(commission_user, app, "approved")


def test_the_decision_must_be_on_the_path_and_give_a_reason_to_reject(under_review, commission_user):
    app, _ = under_review
    with pytest.raises(DecisionRefused, match="可作的决定"):
        services.record_decision(commission_user, app, "cultivation")
    with pytest.raises(DecisionRefused, match="理由"):
        services.record_decision(commission_user, app, "rejected")


def test_the_decision_keeps_its_basis(under_review, commission_user):
    app, _ = under_review
    d = services.record_decision(commission_user, app, "approved", "好")
    assert d.basis["scores"]["submitted"] == 0 and d.basis["onsite"] is None


def test_accepted_enterprise_becomes_leading(commission_user):
    app = ApplicationFactory(tier="leading", state="initial_review_passed")
    Readiness.objects.create(enterprise=app.enterprise, current_rating="excellent")
    with pytest.raises(DecisionRefused, match="专家委员会结论"):
        services.record_decision(commission_user, app, "accepted")
    d = services.record_decision(commission_user, app, "accepted", committee_conclusion="达到领航级要素条件，同意通过验收")
    assert Readiness.objects.get(enterprise=app.enterprise).current_rating == "excellent"
    services.release(commission_user, [d])
    assert Readiness.objects.get(enterprise=app.enterprise).current_rating == "leading"


def test_publish_needs_every_decision_released(under_review, commission_user):
    app, _ = under_review
    d = services.record_decision(commission_user, app, "approved")
    with pytest.raises(DecisionRefused, match="未发布的决定"):
        services.publish(commission_user, app.campaign)
    services.release(commission_user, [d])
    services.publish(commission_user, app.campaign)
    with pytest.raises(DecisionRefused, match="已公布"):
        services.publish(commission_user, app.campaign)
    with pytest.raises(DecisionRefused):
        services.publish(UserFactory(role="admin", is_superuser=True), app.campaign)


# ---- issue 12 item 2: recording a decision says what will happen and what cannot be undone, and asks once

def test_recording_a_decision_asks_first_and_changes_nothing_until_confirmed(client, login, under_review, commission_user):
    from factorytier.audit.models import AuditEntry

    app, owner = under_review
    login(commission_user)
    audit_before = AuditEntry.objects.count()
    response = client.post(f"/decisions/applications/{app.pk}/decide/", {"outcome": "approved", "reason": "评分优秀"})
    body = response.content.decode()
    assert response.status_code == 200 and 'id="confirm-decision"' in body
    assert "将会发生什么" in body and "不能撤销的内容" in body and "决定发布后不能修改或撤销" in body
    assert 'name="confirmed" value="1"' in body and "评分优秀" in body  # the reason comes back for confirmation
    assert not Decision.objects.exists() and not OutboxMessage.objects.exists()
    assert AuditEntry.objects.count() == audit_before
    app.refresh_from_db()
    assert app.state == "under_review"

    response = client.post(f"/decisions/applications/{app.pk}/decide/",
                           {"outcome": "approved", "reason": "评分优秀", "confirmed": "1"})
    assert response.status_code == 302 and response["Location"] == f"/decisions/applications/{app.pk}/"
    decision = Decision.objects.get()
    assert decision.outcome == "approved" and decision.reason == "评分优秀"
    assert not Notice.objects.filter(user=owner).exists()  # still held in the outbox until released


def test_changing_a_decision_asks_again_and_says_what_it_replaces(client, login, under_review, commission_user):
    app, _owner = under_review
    services.record_decision(commission_user, app, "approved", "评分优秀")
    login(commission_user)
    body = client.post(f"/decisions/applications/{app.pk}/decide/",
                       {"outcome": "rejected", "reason": "现场核查发现数据不实"}).content.decode()
    assert "这将替换待发布的决定" in body and "已认定" in body
    assert Decision.objects.get().outcome == "approved"


def test_a_decision_not_on_the_path_is_refused_before_asking(client, login, under_review, commission_user):
    app, _owner = under_review
    login(commission_user)
    response = client.post(f"/decisions/applications/{app.pk}/decide/", {"outcome": "cultivation"})
    assert response.status_code == 302 and not Decision.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "不能作出该决定" in page


def test_the_decision_confirmation_in_english(client, login, under_review, commission_user):
    from ..i18n.english import chinese_interface_text

    app, _owner = under_review
    login(commission_user)
    body = client.post(f"/decisions/applications/{app.pk}/decide/", {"outcome": "rejected", "reason": "现场核查发现数据不实"},
                       HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "What will happen" in body and "What cannot be undone" in body and "Once released" in body
    assert chinese_interface_text(body) == []
    assert not Decision.objects.exists()
