"""Blind scoring until submission; the commission's aggregation arithmetic."""

from decimal import Decimal

import pytest

from factorytier.reviews import services
from factorytier.reviews.aggregate import campaign_scores, sheets_visible_to, summarise
from factorytier.reviews.services import ReviewRefused, criteria_for

from ..factories import ApplicationFactory, CampaignFactory
from .conftest import make_expert

pytestmark = pytest.mark.django_db
IDS = ["advancement", "scenarios", "integration", "outcomes", "ai", "promotion"]


def scored(values):
    return dict(zip(IDS, values, strict=True)), {i: "评语" for i in IDS}


@pytest.fixture
def panel(commission_user):
    campaign = CampaignFactory()
    app = ApplicationFactory(campaign=campaign, state="recommended")
    experts = [make_expert(f"专家{i}") for i in range(3)]
    assignments = [services.assign_by_hand(commission_user, app, e) for e in experts]
    services.publish_assignments(commission_user, campaign)
    for a in assignments:
        a.refresh_from_db()
    return app, experts, assignments


def test_an_expert_sees_no_other_scores_until_submitting_their_own(panel):
    app, (a, b, _c), (sa, sb, _sc) = panel
    services.save_scores(a, sa, *scored([8, 8, 8, 8, 8, 8]), submit=True)
    services.save_scores(b, sb, *scored([5, 5, 5, 5, 5, 5]))
    assert [s.assignment.expert for s in sheets_visible_to(b, app)] == [b]
    sb.refresh_from_db()
    services.save_scores(b, sb, *scored([5, 5, 5, 5, 5, 5]), submit=True)
    assert {s.assignment.expert for s in sheets_visible_to(b, app)} == {a, b}
    assert sheets_visible_to(make_expert("外人"), app) == []


def test_scores_are_bounded_commented_and_frozen_after_submission(panel):
    _app, (a, b, _c), (sa, sb, _sc) = panel
    with pytest.raises(ReviewRefused, match="先进性：请填写 0 到 10"):
        services.save_scores(a, sa, *scored([11, 8, 8, 8, 8, 8]))
    with pytest.raises(ReviewRefused, match="评语"):
        services.save_scores(a, sa, dict(zip(IDS, [1] * 6, strict=True)), {}, submit=True)
    with pytest.raises(ReviewRefused, match="权限"):
        services.save_scores(b, sa, *scored([1] * 6))
    services.save_scores(a, sa, *scored([1] * 6), submit=True)
    with pytest.raises(ReviewRefused, match="已提交"):
        services.save_scores(a, sa, *scored([2] * 6), submit=True)


def test_aggregation_arithmetic(panel):
    app, experts, sheets = panel
    # weights 20,20,15,20,15,10, max 10 each: weighted total = sum(score * weight / 10)
    services.save_scores(experts[0], sheets[0], *scored([10, 10, 10, 10, 10, 10]), submit=True)  # 100
    services.save_scores(experts[1], sheets[1], *scored([5, 5, 5, 5, 5, 5]), submit=True)  # 50
    services.save_scores(experts[2], sheets[2], *scored([9, 6, 4, 8, 2, 10]), submit=True)  # 18+12+6+16+3+10 = 65
    from factorytier.reviews.models import ScoreSheet

    s = summarise(criteria_for(app), list(ScoreSheet.objects.all()), app.pk, 3)
    assert sorted(s.totals) == [Decimal("50.00"), Decimal("65.00"), Decimal("100.00")]
    assert s.mean == Decimal("71.67") and s.median == Decimal("65.00") and s.spread == Decimal("50.00")
    assert s.stdev == Decimal("20.95")  # population standard deviation of 100, 50, 65
    adv = s.criteria[0]
    assert (adv.mean, adv.median, adv.spread) == (Decimal("8.00"), Decimal("9.00"), 5)
    assert adv.stdev == Decimal("2.16")


def test_applications_sort_by_disagreement(commission_user):
    campaign = CampaignFactory()
    calm, torn = (ApplicationFactory(campaign=campaign, state="recommended") for _ in range(2))
    e1, e2 = make_expert("一"), make_expert("二")
    for app in (calm, torn):
        for e in (e1, e2):
            services.assign_by_hand(commission_user, app, e)
    services.publish_assignments(commission_user, campaign)
    from factorytier.reviews.models import Assignment

    def give(app, e, v):
        services.save_scores(e, Assignment.objects.get(application=app, expert=e), *scored([v] * 6), submit=True)

    give(calm, e1, 7), give(calm, e2, 7), give(torn, e1, 2), give(torn, e2, 10)
    rows = campaign_scores([calm, torn], criteria_for)
    assert [a for a, _ in rows] == [torn, calm]
