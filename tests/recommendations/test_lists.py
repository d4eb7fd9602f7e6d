"""The ranked list: jurisdiction, adding within quota (N.EX.P4, N.LD.P3), ordering, versions, submission
to the second, reopening by the commission."""

import pytest

from factorytier.accounts.choices import Nature, Role, UnitKind
from factorytier.applications.models import State
from factorytier.core import clock
from factorytier.notices.models import Notice
from factorytier.recommendations import services
from factorytier.recommendations.models import ListEntry, RankedList

from ..factories import EnterpriseFactory, UnitFactory, UserFactory, ready_application, recommender
from .conftest import submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _open(before_deadline):
    yield


def make_list(unit, campaign, tier="excellent"):
    return services.list_for(unit, campaign, tier)


def fill(rl, officer, apps):
    for a in apps:
        rl = services.add_application(rl, a, officer, rl.version)
    return rl


# --- quota at the boundary -------------------------------------------------------------------------

def test_excellent_quota_six_then_refused_with_the_clause(unit, campaign, officer, make_submitted):
    rl = fill(make_list(unit, campaign), officer, [make_submitted() for _ in range(6)])
    assert rl.entries.count() == 6
    seventh = make_submitted()
    with pytest.raises(services.ListRefused, match="N.EX.P4"):
        services.add_application(rl, seventh, officer, rl.version)
    assert rl.entries.count() == 6


def test_excellent_confirmed_exemption_does_not_count(unit, campaign, officer, make_submitted):
    rl = fill(make_list(unit, campaign), officer, [make_submitted() for _ in range(6)])
    exempt = make_submitted(pilot=True, confirmed=True)
    rl = services.add_application(rl, exempt, officer, rl.version)
    assert rl.entries.count() == 7
    assert services.quota_state(rl).used == 6
    with pytest.raises(services.ListRefused, match="N.EX.P4"):
        services.add_application(rl, make_submitted(), officer, rl.version)


def test_excellent_unconfirmed_exemption_counts_against_the_quota(unit, campaign, officer, make_submitted):
    rl = fill(make_list(unit, campaign), officer, [make_submitted() for _ in range(6)])
    claimed = make_submitted(pilot=True, confirmed=False)
    with pytest.raises(services.ListRefused, match="N.EX.P4"):
        services.add_application(rl, claimed, officer, rl.version)


def test_leading_quota_is_one(unit, campaign, officer, make_submitted):
    rl = make_list(unit, campaign, "leading")
    rl = services.add_application(rl, make_submitted("leading"), officer, rl.version)
    with pytest.raises(services.ListRefused, match="N.LD.P3"):
        services.add_application(rl, make_submitted("leading"), officer, rl.version)
    # a confirmed 揭榜 claim exempts nothing for 领航级 (N.LD.P3 has no exemption)
    with pytest.raises(services.ListRefused, match="N.LD.P3"):
        services.add_application(rl, make_submitted("leading", pilot=True, confirmed=True), officer, rl.version)


def test_central_soe_excellent_goes_to_the_group_hq_and_leading_to_the_district(campaign, unit):
    group = UnitFactory(kind=UnitKind.CENTRAL_SOE, name="示例集团总部")
    enterprise = EnterpriseFactory(recommending_unit=unit, nature=Nature.CENTRAL_SOE, central_soe_group=group)
    excellent = submit(ready_application("excellent", campaign=campaign, enterprise=enterprise))
    leading = submit(ready_application("leading", campaign=campaign, enterprise=enterprise))
    hq, district = recommender(group), recommender(unit)
    with pytest.raises(services.ListRefused):
        services.add_application(make_list(unit, campaign), excellent, district, None)
    services.add_application(make_list(group, campaign), excellent, hq, None)
    with pytest.raises(services.ListRefused):
        services.add_application(make_list(group, campaign, "leading"), leading, hq, None)
    services.add_application(make_list(unit, campaign, "leading"), leading, district, None)


# --- versions, ordering --------------------------------------------------------------------------

def test_stale_change_is_refused_with_what_the_other_changed(unit, campaign, officer, make_submitted):
    other = recommender(unit, display_name="李四")
    a, b = make_submitted(), make_submitted()
    rl = make_list(unit, campaign)
    seen = rl.version
    services.add_application(rl, a, other, seen)
    with pytest.raises(services.StaleList) as stale:
        services.add_application(rl, b, officer, seen)
    assert a.enterprise.name in str(stale.value) and "李四" in str(stale.value)
    assert list(RankedList.objects.get(pk=rl.pk).entries.values_list("application_id", flat=True)) == [a.pk]


def test_reorder_and_move(unit, campaign, officer, make_submitted):
    a, b, c = (make_submitted() for _ in range(3))
    rl = fill(make_list(unit, campaign), officer, [a, b, c])
    rl = services.reorder(rl, [c.pk, a.pk, b.pk], officer, rl.version)
    rl = services.move(rl, b, "up", officer, rl.version)
    assert list(rl.entries.values_list("application_id", flat=True)) == [c.pk, b.pk, a.pk]
    with pytest.raises(services.ListRefused):
        services.move(rl, c, "up", officer, rl.version)
    with pytest.raises(services.ListRefused):
        services.reorder(rl, [a.pk, b.pk], officer, rl.version)
    rl = services.remove_application(rl, b, officer, rl.version)
    assert list(rl.entries.values_list("application_id", "rank")) == [(c.pk, 1), (a.pk, 2)]


def test_only_submitted_applications_of_the_unit_can_be_added(unit, campaign, officer, make_submitted):
    rl = make_list(unit, campaign)
    draft = ready_application(campaign=campaign, enterprise=EnterpriseFactory(recommending_unit=unit))
    with pytest.raises(services.ListRefused, match="已提交"):
        services.add_application(rl, draft, officer, None)
    foreign = make_submitted(unit_=UnitFactory())
    with pytest.raises(services.ListRefused):
        services.add_application(rl, foreign, officer, None)


def test_other_roles_and_units_change_nothing(unit, campaign, make_submitted, commission_user):
    a = make_submitted()
    rl = make_list(unit, campaign)
    for user in (recommender(), commission_user, UserFactory(role=Role.ENTERPRISE, enterprise=a.enterprise)):
        with pytest.raises(services.ListRefused):
            services.add_application(rl, a, user, None)
    assert not ListEntry.objects.exists()
    assert RankedList.objects.get(pk=rl.pk).version == 1


# --- submission and its deadline -----------------------------------------------------------------

def test_submit_recommends_in_rank_order_and_the_rest_not(unit, campaign, officer, make_submitted):
    a, b, c = (make_submitted() for _ in range(3))
    owner = UserFactory(role=Role.ENTERPRISE, enterprise=c.enterprise)
    rl = fill(make_list(unit, campaign), officer, [a, b])
    rl = services.reorder(rl, [b.pk, a.pk], officer, rl.version)
    rl = services.submit_list(rl, officer, rl.version)
    assert rl.is_submitted
    for app, state in ((a, State.RECOMMENDED), (b, State.RECOMMENDED), (c, State.NOT_RECOMMENDED)):
        app.refresh_from_db()
        assert app.state == state
    assert b.history.last().reason == "推荐名单第 1 位"
    assert Notice.objects.filter(user=owner, subject__contains="未推荐").exists()
    with pytest.raises(services.ListRefused, match="已于"):
        services.add_application(rl, c, officer, rl.version)


@pytest.mark.parametrize("moment, ok", [((2025, 7, 11, 23, 59, 59), True), ((2025, 7, 12, 0, 0, 0), False)])
def test_recommendation_deadline_to_the_second(unit, campaign, officer, make_submitted, moment, ok):
    a = make_submitted()
    rl = fill(make_list(unit, campaign), officer, [a])
    with clock.frozen_at(clock.shanghai(*moment)):
        if ok:
            services.submit_list(rl, officer, rl.version)
            a.refresh_from_db()
            assert a.state == State.RECOMMENDED
        else:
            with pytest.raises(services.ListRefused, match="截止"):
                services.submit_list(rl, officer, rl.version)
            a.refresh_from_db()
            assert a.state == State.SUBMITTED and not RankedList.objects.get(pk=rl.pk).is_submitted


def test_commission_reopens_with_a_reason_and_the_officer_is_told(unit, campaign, officer, make_submitted, commission_user):
    a, c = make_submitted(), make_submitted()
    rl = services.submit_list(fill(make_list(unit, campaign), officer, [a]), officer, None)
    with pytest.raises(services.ListRefused, match="理由"):
        services.reopen_list(rl, commission_user, "")
    with pytest.raises(services.ListRefused):
        services.reopen_list(rl, officer, "想改")
    rl = services.reopen_list(rl, commission_user, "请补充排序说明")
    assert not rl.is_submitted and rl.reopen_reason == "请补充排序说明"
    a.refresh_from_db(), c.refresh_from_db()
    assert a.state == State.SUBMITTED and c.state == State.SUBMITTED
    assert a.snapshots.count() == 1  # the submission stays the one submitted
    assert Notice.objects.filter(user=officer, subject__contains="退回重报").exists()
    from factorytier.audit.models import AuditEntry

    assert AuditEntry.objects.filter(action="recommendation.reopen", note__contains="请补充排序说明").exists()
