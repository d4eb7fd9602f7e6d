import pytest

from factorytier.accounts.choices import UnitKind
from factorytier.applications.models import State
from factorytier.applications.services import TransitionRefused, set_application_state
from factorytier.campaigns.selectors import progress_by_unit
from factorytier.core import clock

from ..factories import ApplicationFactory, CampaignFactory, UnitFactory, recommender

pytestmark = pytest.mark.django_db
OPEN = clock.shanghai(2025, 7, 10, 9)


def recommend(application, officer):
    with clock.frozen_at(OPEN):
        set_application_state(application, State.RECOMMENDED, officer)


def test_the_seventh_excellent_recommendation_is_refused_n_ex_p4():
    campaign, unit = CampaignFactory(), UnitFactory()
    officer = recommender(unit)
    apps = [ApplicationFactory(campaign=campaign, state=State.SUBMITTED, enterprise__recommending_unit=unit) for _ in range(7)]
    for a in apps[:6]:
        recommend(a, officer)
    with pytest.raises(TransitionRefused, match="推荐名额为 6 个，已推荐 6 个"):
        recommend(apps[6], officer)
    apps[6].refresh_from_db()
    assert apps[6].state == State.SUBMITTED


def test_locally_accepted_pilot_units_do_not_use_the_quota():
    campaign, unit = CampaignFactory(), UnitFactory()
    officer = recommender(unit)
    for _ in range(6):
        recommend(ApplicationFactory(campaign=campaign, state=State.SUBMITTED, enterprise__recommending_unit=unit), officer)
    pilot = ApplicationFactory(campaign=campaign, state=State.SUBMITTED, enterprise__recommending_unit=unit,
                               enterprise__pilot_demo_locally_accepted=True)
    recommend(pilot, officer)
    pilot.refresh_from_db()
    assert pilot.state == State.RECOMMENDED


def test_one_leading_recommendation_per_unit_n_ld_p3():
    campaign, unit = CampaignFactory(), UnitFactory()
    officer = recommender(unit)
    first, second = (ApplicationFactory(campaign=campaign, tier="leading", state=State.SUBMITTED,
                                        enterprise__recommending_unit=unit) for _ in range(2))
    recommend(first, officer)
    with pytest.raises(TransitionRefused, match="推荐名额为 1 个"):
        recommend(second, officer)


def test_central_soe_excellent_goes_through_the_group_hq_unbound_by_district_quota():
    campaign, district = CampaignFactory(), UnitFactory()
    group = UnitFactory(name="中国示例集团有限公司（集团总部）", kind=UnitKind.CENTRAL_SOE, district="")
    hq_officer = recommender(group)
    apps = [ApplicationFactory(campaign=campaign, state=State.SUBMITTED, enterprise__recommending_unit=district,
                               enterprise__central_soe_group=group) for _ in range(7)]
    for a in apps:
        recommend(a, hq_officer)
    rows = progress_by_unit(campaign, type(apps[0]).objects.all())
    assert [r["unit"] for r in rows] == [group.name]
    with pytest.raises(TransitionRefused, match="没有权限"):
        recommend(ApplicationFactory(campaign=campaign, state=State.SUBMITTED, enterprise__recommending_unit=district,
                                     enterprise__central_soe_group=group), recommender(district))
