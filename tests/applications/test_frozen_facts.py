"""Issue 10 item 8: the readiness answers the rules and the quota depend on freeze with the submission."""

import pytest

from factorytier.applications.models import Readiness, Snapshot, State
from factorytier.applications.readiness import facts_for_application
from factorytier.applications.services import TransitionRefused, set_application_state
from factorytier.applications.submission import evaluate
from factorytier.core import clock

from ..factories import CampaignFactory, UnitFactory, enterprise_user, ready_application, recommender

pytestmark = pytest.mark.django_db
OPEN = clock.shanghai(2025, 7, 10, 15)


def submit(application):
    with clock.frozen_at(OPEN):
        return set_application_state(application, State.SUBMITTED, enterprise_user(application.enterprise))


def recommend(application, officer):
    with clock.frozen_at(OPEN):
        set_application_state(application, State.RECOMMENDED, officer)


def test_submission_freezes_the_facts_into_the_snapshot():
    application = ready_application()
    submit(application)
    facts = Snapshot.objects.get(application=application).data["facts"]
    assert facts["enterprise"]["cmmm_level"] == 3
    assert facts["enterprise"]["current_rating"] == "advanced"
    assert facts["enterprise"]["pilot_demo_locally_accepted"] is False
    assert facts["attestations"]["R.EX.E3"] is True
    assert len(facts["scenarios"]) == 5


def test_a_draft_reads_live_facts_a_submitted_application_its_frozen_ones():
    application = ready_application()
    assert facts_for_application(application)["enterprise"]["current_rating"] == "advanced"
    Readiness.objects.filter(enterprise=application.enterprise).update(current_rating="none")
    assert facts_for_application(application)["enterprise"]["current_rating"] == "none"  # draft: live
    Readiness.objects.filter(enterprise=application.enterprise).update(current_rating="advanced")
    submit(application)
    application.refresh_from_db()
    Readiness.objects.filter(enterprise=application.enterprise).update(current_rating="none", cmmm_level=1)
    assert facts_for_application(application)["enterprise"]["current_rating"] == "advanced"
    assert facts_for_application(application)["enterprise"]["cmmm_level"] == 3


def test_changing_readiness_after_submission_changes_no_finding():
    application = ready_application()
    submit(application)
    application.refresh_from_db()
    Readiness.objects.filter(enterprise=application.enterprise).update(current_rating="none", cmmm_level=1)
    result, problems = evaluate(application)
    assert not problems and result.eligible, [f for f in result.findings if f.blocks]


def test_ticking_jiebang_after_submission_does_not_exempt_from_the_quota():
    """The reported case: an enterprise ticked 揭榜 after submitting and its district read 7 of 6."""
    campaign, unit = CampaignFactory(), UnitFactory()
    officer = recommender(unit)
    apps = [ready_application(campaign=campaign, enterprise__recommending_unit=unit) for _ in range(7)]
    for a in apps:
        submit(a)
    for a in apps[:6]:
        recommend(a, officer)
    late = apps[6]
    late.enterprise.pilot_demo_locally_accepted = True  # ticked on the readiness page after submitting
    late.enterprise.save()
    with pytest.raises(TransitionRefused, match="推荐名额为 6 个，已推荐 6 个"):
        recommend(late, officer)
    late.refresh_from_db()
    assert late.state == State.SUBMITTED


def test_jiebang_frozen_at_submission_keeps_the_exemption_when_unticked_later():
    campaign, unit = CampaignFactory(), UnitFactory()
    officer = recommender(unit)
    pilot = ready_application(campaign=campaign, enterprise__recommending_unit=unit,
                              enterprise__pilot_demo_locally_accepted=True)
    submit(pilot)
    recommend(pilot, officer)
    pilot.enterprise.pilot_demo_locally_accepted = False
    pilot.enterprise.save()
    others = [ready_application(campaign=campaign, enterprise__recommending_unit=unit) for _ in range(6)]
    for a in others:
        submit(a)
        recommend(a, officer)  # the frozen 揭榜 application still uses no quota: six more fit
    assert all(a.state == State.RECOMMENDED for a in others if a.refresh_from_db() is None)


def test_the_officer_sees_the_frozen_facts(client, login):
    application = ready_application()
    submit(application)
    Readiness.objects.filter(enterprise=application.enterprise).update(current_rating="none", cmmm_level=1)
    application.enterprise.pilot_demo_locally_accepted = True
    application.enterprise.save()
    login(recommender(application.enterprise.recommending_unit))
    page = client.get(f"/applications/{application.pk}/").content.decode()
    panel = page[page.index('id="frozen-facts"'):]
    panel = panel[:panel.index("</div>")]
    assert "先进级" in panel and "三级" in panel
    assert "<dt>揭榜单位地方验收</dt><dd>否</dd>" in panel
    assert "R.EX.E3" in panel


@pytest.mark.parametrize("n", [1, 5])
def test_counting_the_quota_costs_the_same_for_few_and_many(n, django_assert_max_num_queries):
    """quota_used reads every recommended application's frozen 揭榜 status in one query."""
    from factorytier.applications.quota import quota_used

    campaign, unit = CampaignFactory(), UnitFactory()
    officer = recommender(unit)
    for _ in range(n):
        a = ready_application(campaign=campaign, enterprise__recommending_unit=unit)
        submit(a)
        recommend(a, officer)
    with django_assert_max_num_queries(1):
        assert quota_used(campaign, "excellent", unit.pk, exempt=True) == n
