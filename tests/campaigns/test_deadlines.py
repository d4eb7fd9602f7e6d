import pytest

from factorytier.applications.models import State
from factorytier.applications.services import TransitionRefused, set_application_state
from factorytier.core import clock

from ..factories import ApplicationFactory, CampaignFactory, enterprise_user, ready_application, recommender

pytestmark = pytest.mark.django_db


def test_stage_open_through_23_59_59_and_closed_at_midnight():
    campaign = CampaignFactory()
    assert campaign.is_open("application", clock.shanghai(2025, 7, 11, 23, 59, 59))
    assert campaign.is_open("application", clock.shanghai(2025, 7, 11, 23, 59, 59).replace(microsecond=999999))
    assert not campaign.is_open("application", clock.shanghai(2025, 7, 12, 0, 0, 0))
    assert not campaign.is_open("recommendation", clock.shanghai(2025, 7, 12, 0, 0, 0))


def test_submission_at_the_last_second_is_accepted():
    application = ready_application()
    user = enterprise_user(application.enterprise)
    with clock.frozen_at(clock.shanghai(2025, 7, 11, 23, 59, 59)):
        set_application_state(application, State.SUBMITTED, user)
    application.refresh_from_db()
    assert application.state == State.SUBMITTED
    assert application.submitted_at == clock.shanghai(2025, 7, 11, 23, 59, 59)


def test_submission_at_midnight_is_refused_with_the_deadline_named():
    application = ready_application()
    user = enterprise_user(application.enterprise)
    with clock.frozen_at(clock.shanghai(2025, 7, 12, 0, 0, 0)):
        with pytest.raises(TransitionRefused, match="2025-07-11 23:59:59"):
            set_application_state(application, State.SUBMITTED, user)
    application.refresh_from_db()
    assert application.state == State.DRAFT


def test_recommendation_deadline_applies_to_the_recommender():
    application = ApplicationFactory(state=State.SUBMITTED)
    officer = recommender(application.enterprise.recommending_unit)
    with clock.frozen_at(clock.shanghai(2025, 7, 12, 0, 0, 0)):
        with pytest.raises(TransitionRefused, match="推荐单位推荐"):
            set_application_state(application, State.RECOMMENDED, officer)
    with clock.frozen_at(clock.shanghai(2025, 7, 11, 23, 59, 59)):
        set_application_state(application, State.RECOMMENDED, officer)
    application.refresh_from_db()
    assert application.state == State.RECOMMENDED


def test_deadline_stored_as_an_instant_shows_in_shanghai_time(client, commission_user, login):
    campaign = CampaignFactory()
    login(commission_user)
    body = client.get(f"/campaigns/{campaign.pk}/").content.decode()
    assert "2025-07-11 23:59:59" in body


def test_a_returned_application_may_come_back_until_the_recommendation_deadline():
    from factorytier.core import clock as c

    application = ready_application(campaign=CampaignFactory(application_deadline=c.shanghai(2025, 7, 5, 23, 59, 59)))
    owner = enterprise_user(application.enterprise)
    with c.frozen_at(c.shanghai(2025, 7, 4, 9)):
        set_application_state(application, State.SUBMITTED, owner)
    with c.frozen_at(c.shanghai(2025, 7, 8, 9)):
        set_application_state(application, State.RETURNED, recommender(application.enterprise.recommending_unit), "补充材料")
        set_application_state(application, State.SUBMITTED, owner)
    application.refresh_from_db()
    assert application.state == State.SUBMITTED
