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
