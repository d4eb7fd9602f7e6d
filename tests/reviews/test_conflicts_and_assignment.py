"""Conflicts from all three sources keep an expert off an application, automatically and by hand."""

import pytest

from factorytier.applications.selectors import applications_for_user
from factorytier.audit.models import AuditEntry
from factorytier.notices.models import Notice
from factorytier.reviews import services
from factorytier.reviews.models import Assignment, Conflict, ConflictKind
from factorytier.reviews.services import ReviewRefused

from ..factories import ApplicationFactory, CampaignFactory, EnterpriseFactory, make_uscc
from .conftest import make_expert

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign():
    return CampaignFactory()


def recommended(campaign, n, tier="excellent", **kw):
    return [ApplicationFactory(campaign=campaign, tier=tier, state="recommended", **kw) for _ in range(n)]


def test_declared_pinned_and_possible_conflicts_are_excluded_from_automatic_assignment(campaign, commission_user):
    apps = recommended(campaign, 3)
    declared, pinned, matched, free = (make_expert(f"专家{i}") for i in range(4))
    services.declare_conflict(declared, apps[0].enterprise, ConflictKind.ADVISED, "2024年提供咨询")
    services.pin_conflict(commission_user, pinned, apps[1].enterprise, ConflictKind.EQUITY_FAMILY)
    # automatic matching by organisation name
    profile = matched.expert_profile
    profile.organisation = apps[2].enterprise.name
    profile.save()
    assert services.scan_conflicts(commission_user, experts=[matched]) == 1
    assert Conflict.objects.get(expert=matched).status == Conflict.Status.POSSIBLE
    created = services.auto_assign(commission_user, campaign)
    pairs = {(a.expert_id, a.application.enterprise_id) for a in created}
    assert (declared.pk, apps[0].enterprise_id) not in pairs
    assert (pinned.pk, apps[1].enterprise_id) not in pairs
    assert (matched.pk, apps[2].enterprise_id) not in pairs
    assert (free.pk, apps[0].enterprise_id) in pairs
    assert all(a.published_at is None for a in created)


@pytest.mark.parametrize("source", ["declared", "commission", "automatic"])
def test_no_manual_assignment_across_a_conflict_of_any_source(campaign, commission_user, source):
    app = recommended(campaign, 1)[0]
    expert = make_expert()
    if source == "declared":
        services.declare_conflict(expert, app.enterprise, ConflictKind.EMPLOYMENT)
    elif source == "commission":
        services.pin_conflict(commission_user, expert, app.enterprise, ConflictKind.OTHER)
    else:
        expert.expert_profile.organisation_uscc = app.enterprise.uscc
        expert.expert_profile.save()
        services.scan_conflicts(commission_user, experts=[expert])
    with pytest.raises(ReviewRefused, match="利益冲突"):
        services.assign_by_hand(commission_user, app, expert)
    assert not Assignment.objects.exists()


def test_a_dismissed_possible_conflict_no_longer_blocks_and_a_confirmed_one_does(campaign, commission_user):
    a1, a2 = recommended(campaign, 2)
    expert = make_expert(corporate_group="上海测试制造")
    services.scan_conflicts(commission_user, experts=[expert])
    c1, c2 = Conflict.objects.filter(expert=expert).order_by("enterprise_id")
    services.decide_possible_conflict(commission_user, c1, confirm=False)
    services.decide_possible_conflict(commission_user, c2, confirm=True)
    services.assign_by_hand(commission_user, a1, expert)
    with pytest.raises(ReviewRefused):
        services.assign_by_hand(commission_user, a2, expert)


def test_an_expert_cannot_remove_a_pinned_conflict_but_can_their_own(commission_user):
    expert = make_expert()
    enterprise = EnterpriseFactory()
    pinned = services.pin_conflict(commission_user, expert, enterprise, ConflictKind.OTHER)
    with pytest.raises(ReviewRefused, match="不能由专家删除"):
        services.remove_declared_conflict(expert, pinned)
    own = services.declare_conflict(expert, EnterpriseFactory(), ConflictKind.ADVISED)
    services.remove_declared_conflict(expert, own)
    assert list(Conflict.objects.all()) == [pinned]


def test_declaring_on_opening_unassigns_logs_and_proposes_a_replacement(campaign, commission_user):
    app = recommended(campaign, 1)[0]
    expert, other = make_expert("甲"), make_expert("乙")
    a = services.assign_by_hand(commission_user, app, expert)
    services.publish_assignments(commission_user, campaign)
    assert applications_for_user(expert).filter(pk=app.pk).exists()
    a.refresh_from_db()
    conflict, replacements = services.declare_on_opening(expert, a, ConflictKind.ADVISED, "曾为其提供咨询")
    assert conflict.source == Conflict.Source.ON_OPENING and conflict.pinned
    assert replacements == [other]
    assert Assignment.objects.get(application=app, expert=expert).status == Assignment.Status.DECLINED
    assert not applications_for_user(expert).filter(pk=app.pk).exists()
    assert AuditEntry.objects.filter(action="assignment.declined").exists()
    assert Notice.objects.filter(user=commission_user, subject__contains="回避", body__contains="乙").exists()
    # the next automatic run never proposes the declined expert again
    created = services.auto_assign(commission_user, campaign)
    assert expert.pk not in {x.expert_id for x in created}


def test_automatic_assignment_honours_k_and_the_cap_and_explains(campaign, commission_user):
    apps = recommended(campaign, 4)
    experts = [make_expert(f"专家{i}") for i in range(6)]
    created = services.auto_assign(commission_user, campaign)
    per_app = {a.pk: sum(1 for x in created if x.application_id == a.pk) for a in apps}
    assert set(per_app.values()) == {5}
    per_expert = [sum(1 for x in created if x.expert_id == e.pk) for e in experts]
    assert max(per_expert) - min(per_expert) <= 1  # balanced: 20 over 6 experts
    rows = services.explain(apps[0])
    assert {r["state"] for r in rows} <= {"待评审", "未分配"}
    assert all(r["reason"] for r in rows)


def test_publication_tells_the_experts_and_only_then_they_see_the_application(campaign, commission_user):
    app = recommended(campaign, 1)[0]
    expert = make_expert()
    services.assign_by_hand(commission_user, app, expert)
    assert not applications_for_user(expert).exists()
    services.publish_assignments(commission_user, campaign)
    assert applications_for_user(expert).filter(pk=app.pk).exists()
    assert Notice.objects.filter(user=expert, subject__contains="评审任务").exists()


def test_a_conflict_pinned_after_assignment_withdraws_it(campaign, commission_user):
    app = recommended(campaign, 1)[0]
    expert = make_expert()
    services.assign_by_hand(commission_user, app, expert)
    services.publish_assignments(commission_user, campaign)
    services.pin_conflict(commission_user, expert, app.enterprise, ConflictKind.SAME_ORGANISATION)
    assert not applications_for_user(expert).exists()


def test_only_the_commission_assigns(campaign, expert_user):
    app = recommended(campaign, 1)[0]
    expert = make_expert()
    for call in (lambda: services.auto_assign(expert, campaign), lambda: services.assign_by_hand(expert, app, expert),
                 lambda: services.pin_conflict(expert, expert, app.enterprise, "other")):
        with pytest.raises(ReviewRefused, match="权限"):
            call()
    assert not Assignment.objects.exists() and not Conflict.objects.exists()


def test_invitation_creates_the_expert_and_sends_a_link(commission_user, mailoutbox=None):
    profile = services.invite_expert(commission_user, username="wang.expert", email="wang@example.com", name="王专家",
                                     organisation="上海某研究院", organisation_uscc=make_uscc(99), industries=["36"],
                                     guide_links=["生产作业"])
    assert profile.user.role == "expert" and not profile.user.has_usable_password()
    assert Notice.objects.get(user=profile.user).link.startswith("/reviews/invitation/")
    with pytest.raises(ReviewRefused, match="熟悉行业"):
        services.invite_expert(commission_user, username="x", email="x@example.com", name="x", organisation="y",
                               industries=["99"])
    with pytest.raises(ReviewRefused, match="统一社会信用代码"):
        services.invite_expert(commission_user, username="y", email="y@example.com", name="y", organisation="y",
                               organisation_uscc="123")
